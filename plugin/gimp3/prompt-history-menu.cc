#include "prompt-history-menu.h"

#include "dialog-probe.h"
#include "i18n.h"

#include "prompt-view.h"

#include <string>

namespace gptimage::gimp3 {

namespace {

constexpr const char *kButtonKey = "gpt-image-prompt-history-button";

GtkWidget *
history_button (GtkWidget *prompt_view)
{
  GtkWidget *button = gtk_menu_button_new ();
  gtk_button_set_label (GTK_BUTTON (button), _("Recent prompts"));
  GtkWidget *menu = plugin::prompt_history_menu (prompt_view, button);
  gtk_menu_button_set_popup (GTK_MENU_BUTTON (button), menu);
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
