// For the Xvfb tests (headless GIMP has no screen reader): what a dialog shows, one line per
// visible widget with text ("label: …", "entry: …", "button: …"), written to the file
// GPT_IMAGE_GIMP_TEST_DIALOG_PROBE names. Without the variable, nothing.
#pragma once

#include <gtk/gtk.h>

namespace gptimage::plugin {

// A widget that pops up a menu (GTK 2 has no GtkMenuButton) holds it under this key: the probe
// lists its items ("menu-item: …").
inline constexpr const char *kProbedMenuKey = "gpt-image-probed-menu";

// Writes what `dialog` shows now.
void write_dialog_probe (GtkWidget *dialog);

// Once the dialog holding `inside` is up: writes what it shows, then answers it as if the user
// had pressed OK (or Cancel, with GPT_IMAGE_GIMP_TEST_DIALOG_RESPONSE=cancel; or, with
// button:LABEL, clicks the dialog's button of that label, and cancels a dialog without one).
void probe_dialog_for_tests (GtkWidget *inside);

} // namespace gptimage::plugin
