// Tests drive a procedure's dialog under Xvfb without an input device: the steps in the file
// GPT_IMAGE_GIMP_TEST_DIALOG names ("report;set:model=gpt-image-2;report;ok;cancel"; a batch
// rewrites it between runs), one every half second, go through the same calls a user's clicks
// cause (the config's properties the widgets are bound to, gtk_dialog_response). "report" appends one JSON line, what the dialog
// shows, to the file GPT_IMAGE_GIMP_TEST_DIALOG_REPORT names.
#pragma once

#include <libgimp/gimpui.h>

#include <functional>
#include <string>

namespace gptimage::gimp3 {

// What "report" writes: one line of JSON.
using DialogReport = std::function<std::string ()>;

// Does nothing unless the variable is set. The dialog and config outlive the steps (the steps
// stop when the dialog is destroyed).
void drive_dialog_for_tests (GtkDialog *dialog, GimpProcedureConfig *config,
                             DialogReport report);

} // namespace gptimage::gimp3
