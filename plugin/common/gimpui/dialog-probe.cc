#include "dialog-probe.h"

#include <glib/gstdio.h>

#include <cstdio>
#include <string>

namespace gptimage::plugin {

namespace {

constexpr const char *kProbeVariable = "GPT_IMAGE_GIMP_TEST_DIALOG_PROBE";
constexpr const char *kResponseVariable = "GPT_IMAGE_GIMP_TEST_DIALOG_RESPONSE";
constexpr guint kSettleMs = 800; // the dialog laid out and drawn
constexpr const char *kProbedKey = "gpt-image-test-probed";

// One line per visible widget that shows text: "KIND: text".
void
describe (GtkWidget *widget, std::string &lines)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    lines += std::string ("label: ") + gtk_label_get_text (GTK_LABEL (widget)) + "\n";
  else if (GTK_IS_SPIN_BUTTON (widget))
    lines += std::string ("spin: ") + gtk_entry_get_text (GTK_ENTRY (widget)) + "\n";
  else if (GTK_IS_ENTRY (widget) && gtk_entry_get_visibility (GTK_ENTRY (widget)))
    lines += std::string ("entry: ") + gtk_entry_get_text (GTK_ENTRY (widget)) + "\n";
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)))
    lines += std::string ("button: ") + gtk_button_get_label (GTK_BUTTON (widget))
             + (gtk_widget_is_sensitive (widget) ? "" : " (insensitive)") + "\n";
#if GTK_CHECK_VERSION(3, 6, 0)
  if (GTK_IS_MENU_BUTTON (widget))
    if (GtkMenu *menu = gtk_menu_button_get_popup (GTK_MENU_BUTTON (widget)))
      {
        GList *items = gtk_container_get_children (GTK_CONTAINER (menu));
        for (GList *item = items; item; item = item->next)
          if (GTK_IS_MENU_ITEM (item->data))
            lines += std::string ("menu-item: ")
                     + gtk_menu_item_get_label (GTK_MENU_ITEM (item->data)) + "\n";
        g_list_free (items);
      }
#endif
  if (GTK_IS_CONTAINER (widget) && !GTK_IS_BUTTON (widget))
    {
      GList *children = gtk_container_get_children (GTK_CONTAINER (widget));
      for (GList *child = children; child; child = child->next)
        describe (GTK_WIDGET (child->data), lines);
      g_list_free (children);
    }
}

gboolean
on_settled (gpointer dialog)
{
  write_dialog_probe (GTK_WIDGET (dialog));
  const char *response = g_getenv (kResponseVariable);
  gint id = GTK_RESPONSE_OK;
  if (g_strcmp0 (response, "cancel") == 0)
    id = GTK_RESPONSE_CANCEL;
  else if (response && g_ascii_isdigit (*response))
    id = static_cast<gint> (g_ascii_strtoll (response, nullptr, 10)); // a dialog's own button
  gtk_dialog_response (GTK_DIALOG (dialog), id);
  g_object_unref (dialog);
  return G_SOURCE_REMOVE;
}

void
on_mapped (GtkWidget *inside, gpointer)
{
  GtkWidget *dialog = gtk_widget_get_toplevel (inside);
  if (!GTK_IS_DIALOG (dialog) || g_object_get_data (G_OBJECT (dialog), kProbedKey))
    return;
  g_object_set_data (G_OBJECT (dialog), kProbedKey, GINT_TO_POINTER (1));
  g_timeout_add (kSettleMs, on_settled, g_object_ref (dialog));
}

} // namespace

void
write_dialog_probe (GtkWidget *dialog)
{
  const char *path = g_getenv (kProbeVariable);
  if (!path || !*path)
    return;
  std::string lines;
  describe (dialog, lines);
  if (FILE *file = g_fopen (path, "w"))
    {
      fputs (lines.c_str (), file);
      fclose (file);
    }
}

void
probe_dialog_for_tests (GtkWidget *inside)
{
  if (!g_getenv (kProbeVariable))
    return;
  g_signal_connect (inside, "map", G_CALLBACK (on_mapped), nullptr);
}

} // namespace gptimage::plugin
