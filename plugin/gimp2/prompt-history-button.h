// The "Recent prompts" button under the prompt of the GIMP 2.10 dialogs (GTK 2 has no menu
// button): it pops up the prompt history (plugin/common/prompt-history.h); choosing one fills
// the prompt.
#pragma once

#include <gtk/gtk.h>

#include <string>

namespace gptimage::gimp2 {

// `label` carries the button's mnemonic.
GtkWidget *prompt_history_button (GtkWidget *prompt_view, const std::string &label);

} // namespace gptimage::gimp2
