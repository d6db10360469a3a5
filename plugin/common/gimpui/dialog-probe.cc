#include "dialog-probe.h"

#include <gdk/gdkkeysyms.h>
#include <glib/gstdio.h>

#include <cstdio>
#include <string>
#include <string_view>

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
    {
      lines += std::string ("label: ") + gtk_label_get_text (GTK_LABEL (widget)) + "\n";
      // Its Alt+letter, as the label's text marks it ("_Size:").
      if (gtk_label_get_use_underline (GTK_LABEL (widget))
          && gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol)
        lines += std::string ("mnemonic: ") + gtk_label_get_label (GTK_LABEL (widget)) + "\n";
    }
  else if (GTK_IS_SPIN_BUTTON (widget))
    lines += std::string ("spin: ") + gtk_entry_get_text (GTK_ENTRY (widget)) + "\n";
  else if (GTK_IS_ENTRY (widget) && gtk_entry_get_visibility (GTK_ENTRY (widget)))
    lines += std::string ("entry: ") + gtk_entry_get_text (GTK_ENTRY (widget)) + "\n";
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)))
    lines += std::string ("button: ") + gtk_button_get_label (GTK_BUTTON (widget))
             + (gtk_widget_is_sensitive (widget) ? "" : " (insensitive)") + "\n";
  GtkWidget *menu = static_cast<GtkWidget *> (g_object_get_data (G_OBJECT (widget),
                                                                  kProbedMenuKey));
#if GTK_CHECK_VERSION(3, 6, 0)
  if (GTK_IS_MENU_BUTTON (widget))
    menu = GTK_WIDGET (gtk_menu_button_get_popup (GTK_MENU_BUTTON (widget)));
#endif
  if (menu)
    {
      GList *items = gtk_container_get_children (GTK_CONTAINER (menu));
      for (GList *item = items; item; item = item->next)
        if (GTK_IS_MENU_ITEM (item->data))
          lines += std::string ("menu-item: ")
                   + gtk_menu_item_get_label (GTK_MENU_ITEM (item->data)) + "\n";
      g_list_free (items);
    }
  if (GTK_IS_CONTAINER (widget) && !GTK_IS_BUTTON (widget))
    {
      GList *children = gtk_container_get_children (GTK_CONTAINER (widget));
      for (GList *child = children; child; child = child->next)
        describe (GTK_WIDGET (child->data), lines);
      g_list_free (children);
    }
}

GtkButton *
find_button (GtkWidget *widget, std::string_view label)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget))
      && label == gtk_button_get_label (GTK_BUTTON (widget)))
    return GTK_BUTTON (widget);
  GtkButton *found = nullptr;
  if (GTK_IS_CONTAINER (widget))
    {
      GList *children = gtk_container_get_children (GTK_CONTAINER (widget));
      for (GList *child = children; child && !found; child = child->next)
        found = find_button (GTK_WIDGET (child->data), label);
      g_list_free (children);
    }
  return found;
}

gboolean
on_settled (gpointer dialog)
{
  write_dialog_probe (GTK_WIDGET (dialog));
  const char *response = g_getenv (kResponseVariable);
  constexpr std::string_view kButton = "button:";
  if (response && std::string_view (response).starts_with (kButton))
    {
      // A button of the dialog's own, clicked; a dialog without it is cancelled.
      if (GtkButton *button = find_button (GTK_WIDGET (dialog),
                                           std::string_view (response).substr (kButton.size ())))
        gtk_button_clicked (button);
      else
        gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    }
  else
    gtk_dialog_response (GTK_DIALOG (dialog), g_strcmp0 (response, "cancel") == 0
                                                  ? GTK_RESPONSE_CANCEL
                                                  : GTK_RESPONSE_OK);
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
