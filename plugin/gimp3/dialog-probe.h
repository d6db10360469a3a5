// For the Xvfb tests: what the dialog holding `inside` shows, written to the file
// GPT_IMAGE_GIMP_TEST_DIALOG_PROBE names once it is up, then the dialog answered as if the user had pressed OK (or
// Cancel, with GPT_IMAGE_GIMP_TEST_DIALOG_RESPONSE=cancel, or a dialog's own button by its
// response number). Without the variable, nothing.
#pragma once

#include <gtk/gtk.h>

namespace gptimage::gimp3 {

void probe_dialog_for_tests (GtkWidget *inside);

} // namespace gptimage::gimp3
