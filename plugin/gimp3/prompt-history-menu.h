// The "Recent prompts" button of the GIMP 3 dialogs: a menu of the prompt history
// (plugin/common/prompt-history.h) that fills the prompt field with the chosen one.
#pragma once

#include <gtk/gtk.h>

namespace gptimage::gimp3 {

// Puts the button under the prompt's scrolled window once the dialog places it.
void attach_prompt_history (GtkWidget *prompt_view);

} // namespace gptimage::gimp3
