// Lines in a procedure's dialog with the size the run will request and what it will cost,
// following the values as they are edited (plugin/common/requested-size.h, cost-preview.h).
#pragma once

#include "procedure-arguments.h"

#include <libgimp/gimpui.h>

namespace gptimage::gimp3 {

// Adds the label to `dialog` and returns its id, for the list the dialog is filled with. The
// config's image, when it has one, is the canvas an unset size matches.
const char *add_cost_estimate (GimpProcedureDialog *dialog, GimpProcedureConfig *config,
                               const plugin::ArgumentSet &set);

} // namespace gptimage::gimp3
