#include "prompt-history-menu.h"

#include "dialog-probe.h"
#include "i18n.h"

#include "prompt-history.h"

#include "gptimage/glib-ptr.h"

#include <string>

namespace gptimage::gimp3 {

namespace {

constexpr const char *kButtonKey = "gpt-image-prompt-history-button";
constexpr const char *kPromptKey = "gpt-image-prompt";
constexpr glong kShownChars = 72; // longer prompts are cut in the menu, whole in the tooltip

// One line of at most kShownChars characters.
std::string
menu_text (const std::string &prompt)
{
  CharPtr flat (g_strdup (prompt.c_str ()));
  g_strdelimit (flat.get (), "\r\n\t", ' ');
  if (g_utf8_strlen (flat.get (), -1) <= kShownChars)
    return flat.get ();
  CharPtr cut (g_utf8_substring (flat.get (), 0, kShownChars - 1));
  return std::string (cut.get ()) + "…";
}

void
on_prompt_chosen (GtkMenuItem *item, gpointer view)
{
  const char *prompt = static_cast<const char *> (g_object_get_data (G_OBJECT (item), kPromptKey));
  // The dialog binds the buffer to the "prompt" property: the config follows.
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), prompt, -1);
  gtk_widget_grab_focus (GTK_WIDGET (view));
}

GtkWidget *
history_button (GtkWidget *prompt_view)
{
  GtkWidget *button = gtk_menu_button_new ();
  gtk_button_set_label (GTK_BUTTON (button), _("Recent prompts"));
  GtkWidget *menu = gtk_menu_new ();
  const auto prompts = plugin::load_prompt_history (plugin::prompt_history_path ());
  for (const std::string &prompt : prompts)
    {
      GtkWidget *item = gtk_menu_item_new_with_label (menu_text (prompt).c_str ());
      gtk_widget_set_tooltip_text (item, prompt.c_str ());
      g_object_set_data_full (G_OBJECT (item), kPromptKey, g_strdup (prompt.c_str ()), g_free);
      g_signal_connect (item, "activate", G_CALLBACK (on_prompt_chosen), prompt_view);
      gtk_menu_shell_append (GTK_MENU_SHELL (menu), item);
    }
  gtk_widget_show_all (menu);
  gtk_menu_button_set_popup (GTK_MENU_BUTTON (button), menu);
  gtk_widget_set_sensitive (button, !prompts.empty ());
  gtk_widget_set_tooltip_text (button, prompts.empty ()
                                           ? _("No prompts sent yet")
                                           : _("Fill the prompt with one sent before"));
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  // The Xvfb tests read the menu from the dialog (no effect unless they ask).
  plugin::probe_dialog_for_tests (button);
  return button;
}

// Packs the button right after the prompt's scrolled window, in the box the dialog put it in.
void
place_button (GtkWidget *scroll, GtkWidget *, gpointer)
{
  GtkWidget *box = gtk_widget_get_parent (scroll);
  auto *button = static_cast<GtkWidget *> (g_object_get_data (G_OBJECT (scroll), kButtonKey));
  if (!GTK_IS_BOX (box) || !button || gtk_widget_get_parent (button))
    return;
  gtk_box_pack_start (GTK_BOX (box), button, FALSE, FALSE, 0);
  gint position = 0;
  gtk_container_child_get (GTK_CONTAINER (box), scroll, "position", &position, nullptr);
  gtk_box_reorder_child (GTK_BOX (box), button, position + 1);
  gtk_widget_show (button);
}

} // namespace

void
attach_prompt_history (GtkWidget *prompt_view)
{
  GtkWidget *scroll = gtk_widget_get_ancestor (prompt_view, GTK_TYPE_SCROLLED_WINDOW);
  if (!scroll)
    return;
  // Held by the scrolled window until it is packed (the box then holds it too).
  g_object_set_data_full (G_OBJECT (scroll), kButtonKey,
                          g_object_ref_sink (history_button (prompt_view)), g_object_unref);
  g_signal_connect (scroll, "parent-set", G_CALLBACK (place_button), nullptr);
  place_button (scroll, nullptr, nullptr);
}

} // namespace gptimage::gimp3
