// A line in a GIMP 2.10 dialog with what the run will cost, following the fields as they are
// edited (plugin/common/cost-preview.h).
#pragma once

#include "procedure-params.h"
#include "procedure-arguments.h"

#include <gtk/gtk.h>

#include <functional>

namespace gptimage::gimp2 {

// Packs the line at the end of `box` and updates it whenever a choice, entry, number or check
// box inside `watched` changes; `read_values` gives the values as the dialog shows them.
void add_cost_estimate (GtkWidget *box, GtkWidget *watched, const plugin::ArgumentSet &set,
                        std::function<RunValues ()> read_values);

} // namespace gptimage::gimp2
