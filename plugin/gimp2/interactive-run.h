// How a GIMP 2.10 run gets its values: NONINTERACTIVE from the PDB arguments (checked, since
// 2.10's arguments are untyped strings and integers); INTERACTIVE from the dialog, which starts
// from the last-used values; WITH_LAST_VALS (Repeat) from those values directly. Interactive
// runs wait in the plug-in's own progress window, whose Cancel aborts the request.
#pragma once

#include "procedures.h"

#include <libgimp/gimp.h>

namespace gptimage::gimp2 {

// The values the dialog of the procedure named `procedure` starts from: `args`' defaults,
// overridden by the last-used values.
RunValues last_values (const char *procedure, const std::vector<plugin::ArgumentSpec> &args);

// Keeps `values` as that procedure's last-used values (for the session and across restarts).
void keep_last_values (const char *procedure, const RunValues &values);

// Runs `procedure` and fills ReturnValues::current ().
void run_procedure (const Procedure &procedure, int n_params, const GimpParam *params);

} // namespace gptimage::gimp2
