#include "problem-area.h"

#include "dialog-layout.h"
#include "i18n.h"

namespace gptimage::plugin {

namespace {

void
on_open_settings (GtkButton *, gpointer data)
{
  auto *area = static_cast<ProblemArea *> (data);
  area->open_settings ();
  // The key may be set now: the next OK checks again.
  gtk_widget_hide (area->box);
}

} // namespace

void
add_problem_area (ProblemArea &area, GtkBox *parent, void (*open_settings) ())
{
  area.open_settings = open_settings;
#if GTK_CHECK_VERSION(3, 0, 0)
  area.box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning", GTK_ICON_SIZE_BUTTON);
#else
  area.box = gtk_hbox_new (FALSE, 8);
  GtkWidget *icon = gtk_image_new_from_stock (GTK_STOCK_DIALOG_WARNING, GTK_ICON_SIZE_BUTTON);
#endif
  area.label = gtk_label_new (nullptr);
  gtk_label_set_line_wrap (GTK_LABEL (area.label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (area.label), 60);
#if GTK_CHECK_VERSION(3, 16, 0)
  gtk_label_set_xalign (GTK_LABEL (area.label), 0.0);
#else
  gtk_misc_set_alignment (GTK_MISC (area.label), 0.0, 0.5);
#endif
  area.settings_button = gtk_button_new_with_mnemonic (_(kOpenSettingsLabel));
  g_signal_connect (area.settings_button, "clicked", G_CALLBACK (on_open_settings), &area);
  gtk_box_pack_start (GTK_BOX (area.box), icon, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (area.box), area.label, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (area.box), area.settings_button, FALSE, FALSE, 0);
  gtk_widget_show (icon);
  gtk_widget_show (area.label);
  // Shown only with a problem: show_all on the dialog leaves it alone.
  gtk_widget_set_no_show_all (area.box, TRUE);
  gtk_container_set_border_width (GTK_CONTAINER (area.box), 6);
  gtk_box_pack_end (parent, area.box, FALSE, FALSE, 0);
}

void
show_problem (const ProblemArea &area, const DialogProblem &problem)
{
  gtk_label_set_text (GTK_LABEL (area.label), problem.message.c_str ());
  gtk_widget_set_visible (area.settings_button, problem.missing_key);
  gtk_widget_show (area.box);
}

} // namespace gptimage::plugin
