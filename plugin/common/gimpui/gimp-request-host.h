// The request host (request-host.h) of a GIMP front: GIMP's status bar through gimp_progress_*
// for runs without a window, the progress dialog (progress-dialog.h) during an interactive
// step (active-run.h). Compiled by each front against its own libgimp: the calls are the same
// in 2.10 and 3.
#pragma once

#include "request-host.h"

namespace gptimage::plugin {

// The request host of every run of this process (a plug-in runs one procedure at a time).
RequestHost &gimp_request_host ();

} // namespace gptimage::plugin
