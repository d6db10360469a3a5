// How the Xvfb tests answer the GIMP 2.10 parameter and settings dialogs (no input device):
// GPT_IMAGE_GIMP_TEST_ACCEPT_AFTER_MS=N answers N ms after the dialog opened, writing the
// dialog probe (dialog-probe.h) first. The answer is OK, or Cancel once an OK was refused; with
// GPT_IMAGE_GIMP_TEST_DIALOG_RESPONSE=menu-item:TEXT the item TEXT of a probed menu is chosen
// before OK, with =ctrl-enter the prompt gets Ctrl+Enter instead of OK (and the dialog is
// cancelled when that does not answer it), with =button:LABEL a refused dialog's button LABEL
// is clicked before its Cancel. Without the variables, nothing.
#pragma once

#include <gtk/gtk.h>

namespace gptimage::gimp2 {

// gimp_dialog_run, answered as above when a test asks for it.
gint run_dialog (GtkWidget *dialog, bool refused_before = false);

} // namespace gptimage::gimp2
