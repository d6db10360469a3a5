// What a dialog says, for the tests: headless GIMP has no screen reader, so a test asks the
// plug-in to write its dialog's texts to a file when the dialog is answered.
#pragma once

#include <gtk/gtk.h>

namespace gptimage::plugin {

// When GPT_IMAGE_GIMP_TEST_DIALOG_TEXT names a file, appends the text of every label and entry
// inside `dialog` to it, one per line.
void write_dialog_text_for_tests (GtkWidget *dialog);

} // namespace gptimage::plugin
