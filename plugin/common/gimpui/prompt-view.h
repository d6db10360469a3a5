// What the dialogs' prompt field does beyond holding text, in both fronts: a menu of the
// prompt history (prompt-history.h) whose items fill it, and Ctrl+Enter pressing OK.
#pragma once

#include <gtk/gtk.h>

namespace gptimage::plugin {

// A menu of the recent prompts, newest first, for `button` to pop up; choosing one puts it in
// `prompt_view`. `button` is made insensitive while none was sent yet, and says so.
GtkWidget *prompt_history_menu (GtkWidget *prompt_view, GtkWidget *button);

// Ctrl+Enter in `prompt_view` answers its dialog with OK (Enter alone starts a new line).
void press_ok_on_ctrl_enter (GtkWidget *prompt_view);

} // namespace gptimage::plugin
