#include "prompt-history-button.h"

#include "dialog-probe.h"
#include "prompt-view.h"

namespace gptimage::gimp2 {

namespace {

// Under the button, left-aligned with it.
void
place_under (GtkMenu *, gint *x, gint *y, gboolean *push_in, gpointer button)
{
  GtkWidget *widget = GTK_WIDGET (button);
  gdk_window_get_origin (gtk_widget_get_window (widget), x, y);
  GtkAllocation allocation;
  gtk_widget_get_allocation (widget, &allocation);
  *x += allocation.x;
  *y += allocation.y + allocation.height;
  *push_in = TRUE;
}

void
on_clicked (GtkButton *button, gpointer menu)
{
  gtk_menu_popup (GTK_MENU (menu), nullptr, nullptr, place_under, button, 0,
                  gtk_get_current_event_time ());
}

} // namespace

GtkWidget *
prompt_history_button (GtkWidget *prompt_view, const std::string &label)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label.c_str ());
  GtkWidget *menu = plugin::prompt_history_menu (prompt_view, button);
  // The button owns the menu from here on.
  gtk_menu_attach_to_widget (GTK_MENU (menu), button, nullptr);
  g_object_set_data (G_OBJECT (button), plugin::kProbedMenuKey, menu);
  g_signal_connect (button, "clicked", G_CALLBACK (on_clicked), menu);
  return button;
}

} // namespace gptimage::gimp2
