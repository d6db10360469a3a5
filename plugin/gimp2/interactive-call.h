// Starting another procedure of the plug-in in interactive mode from a running one (Info's
// "Use These Settings", the dialogs' "Open Settings"): its dialog starts from its last values,
// so the arguments passed are only the defaults 2.10's PDB requires.
#pragma once

#include "procedures.h"

namespace gptimage::gimp2 {

// Waits until the other run ends. `image` and `drawable` are passed when `procedure` takes them.
void run_interactively (const Procedure &procedure, gint32 image = -1, gint32 drawable = -1);

} // namespace gptimage::gimp2
