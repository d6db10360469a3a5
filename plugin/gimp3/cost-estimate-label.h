// A line in a procedure's dialog with what the run will cost, following the values as they are
// edited (plugin/common/cost-preview.h).
#pragma once

#include "procedure-arguments.h"

#include "gptimage/image-size.h"

#include <libgimp/gimpui.h>

#include <optional>

namespace gptimage::gimp3 {

// Adds the label to `dialog` and returns its id, for the list the dialog is filled with.
// `unset_size` is what an unset or auto size will ask for, when the run fits the image.
const char *add_cost_estimate (GimpProcedureDialog *dialog, GimpProcedureConfig *config,
                               const plugin::ArgumentSet &set,
                               std::optional<PixelSize> unset_size);

} // namespace gptimage::gimp3
