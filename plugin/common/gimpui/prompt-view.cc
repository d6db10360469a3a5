#include "prompt-view.h"

#include "i18n.h"
#include "prompt-history.h"

#include <gdk/gdkkeysyms.h>

#include <string>
#include <vector>

namespace gptimage::plugin {

namespace {

constexpr const char *kPromptKey = "gpt-image-prompt";

void
on_prompt_chosen (GtkMenuItem *item, gpointer view)
{
  const char *prompt = static_cast<const char *> (g_object_get_data (G_OBJECT (item), kPromptKey));
  // GIMP 3's dialog binds the buffer to the "prompt" property: the config follows.
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), prompt, -1);
  gtk_widget_grab_focus (GTK_WIDGET (view));
}

gboolean
on_prompt_key (GtkWidget *view, GdkEventKey *event, gpointer)
{
  const bool enter = event->keyval == GDK_KEY_Return || event->keyval == GDK_KEY_KP_Enter;
  if (!enter || !(event->state & GDK_CONTROL_MASK))
    return FALSE;
  if (GtkWidget *dialog = gtk_widget_get_ancestor (view, GTK_TYPE_DIALOG))
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  return TRUE;
}

} // namespace

GtkWidget *
prompt_history_menu (GtkWidget *prompt_view, GtkWidget *button)
{
  GtkWidget *menu = gtk_menu_new ();
  const std::vector<std::string> prompts = load_prompt_history (prompt_history_path ());
  for (const std::string &prompt : prompts)
    {
      GtkWidget *item = gtk_menu_item_new_with_label (prompt_menu_text (prompt).c_str ());
      gtk_widget_set_tooltip_text (item, prompt.c_str ());
      g_object_set_data_full (G_OBJECT (item), kPromptKey, g_strdup (prompt.c_str ()), g_free);
      g_signal_connect (item, "activate", G_CALLBACK (on_prompt_chosen), prompt_view);
      gtk_menu_shell_append (GTK_MENU_SHELL (menu), item);
    }
  gtk_widget_show_all (menu);
  gtk_widget_set_sensitive (button, !prompts.empty ());
  gtk_widget_set_tooltip_text (button, prompts.empty ()
                                           ? _("No prompts sent yet")
                                           : _("Fill the prompt with one sent before"));
  return menu;
}

void
press_ok_on_ctrl_enter (GtkWidget *prompt_view)
{
  g_signal_connect (prompt_view, "key-press-event", G_CALLBACK (on_prompt_key), nullptr);
}

} // namespace gptimage::plugin
