#include "dialog-test-answer.h"

#include "dialog-probe.h"

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include <gdk/gdkkeysyms.h>

#include <functional>
#include <string_view>

namespace gptimage::gimp2 {

namespace {

constexpr const char *kAcceptVariable = "GPT_IMAGE_GIMP_TEST_ACCEPT_AFTER_MS";
constexpr const char *kResponseVariable = "GPT_IMAGE_GIMP_TEST_DIALOG_RESPONSE";

struct TestAnswer
{
  GtkWidget *dialog;
  bool refused_before;
  guint source = 0; // 0 once it has fired
  bool answered = false;
};

GtkWidget *
find_widget (GtkWidget *widget, const std::function<bool (GtkWidget *)> &wanted)
{
  if (wanted (widget))
    return widget;
  if (auto *menu = static_cast<GtkWidget *> (g_object_get_data (G_OBJECT (widget),
                                                                plugin::kProbedMenuKey)))
    if (GtkWidget *found = find_widget (menu, wanted))
      return found;
  GtkWidget *found = nullptr;
  if (GTK_IS_CONTAINER (widget))
    {
      GList *children = gtk_container_get_children (GTK_CONTAINER (widget));
      for (GList *child = children; child && !found; child = child->next)
        found = find_widget (GTK_WIDGET (child->data), wanted);
      g_list_free (children);
    }
  return found;
}

void
choose_menu_item (GtkWidget *dialog, std::string_view text)
{
  GtkWidget *item = find_widget (dialog, [text] (GtkWidget *widget) {
    return GTK_IS_MENU_ITEM (widget) && gtk_menu_item_get_label (GTK_MENU_ITEM (widget))
           && text == gtk_menu_item_get_label (GTK_MENU_ITEM (widget));
  });
  if (item)
    gtk_menu_item_activate (GTK_MENU_ITEM (item));
}

// Returns when what the button does has ended (another procedure's dialog, say).
void
click_button (GtkWidget *dialog, std::string_view label)
{
  GtkWidget *button = find_widget (dialog, [label] (GtkWidget *widget) {
    return GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget)
           && gtk_button_get_label (GTK_BUTTON (widget))
           && label == gtk_button_get_label (GTK_BUTTON (widget));
  });
  if (button)
    gtk_button_clicked (GTK_BUTTON (button));
}

void
press_ctrl_enter (GtkWidget *dialog)
{
  GtkWidget *view = find_widget (dialog, [] (GtkWidget *widget) {
    return GTK_IS_TEXT_VIEW (widget);
  });
  if (!view)
    return;
  GdkEvent *event = gdk_event_new (GDK_KEY_PRESS);
  event->key.window = GDK_WINDOW (g_object_ref (gtk_widget_get_window (view)));
  event->key.send_event = TRUE;
  event->key.time = GDK_CURRENT_TIME;
  event->key.state = GDK_CONTROL_MASK;
  event->key.keyval = GDK_KEY_Return;
  gtk_widget_event (view, event);
  gdk_event_free (event);
}

void
on_response (GtkDialog *, gint, gpointer answer)
{
  static_cast<TestAnswer *> (answer)->answered = true;
}

gboolean
answer_dialog (gpointer data)
{
  auto *answer = static_cast<TestAnswer *> (data);
  answer->source = 0;
  const std::string_view how = g_getenv (kResponseVariable) ? g_getenv (kResponseVariable) : "";
  constexpr std::string_view kMenuItem = "menu-item:";
  if (!answer->refused_before && how.starts_with (kMenuItem))
    choose_menu_item (answer->dialog, how.substr (kMenuItem.size ()));
  plugin::write_dialog_probe (answer->dialog);
  if (!answer->refused_before && how == "ctrl-enter")
    press_ctrl_enter (answer->dialog);
  constexpr std::string_view kButton = "button:";
  if (answer->refused_before && how.starts_with (kButton))
    click_button (answer->dialog, how.substr (kButton.size ()));
  if (!answer->answered)
    gtk_dialog_response (GTK_DIALOG (answer->dialog), answer->refused_before
                                                          || how == "ctrl-enter"
                                                          ? GTK_RESPONSE_CANCEL
                                                          : GTK_RESPONSE_OK);
  return G_SOURCE_REMOVE;
}

} // namespace

gint
run_dialog (GtkWidget *dialog, bool refused_before)
{
  TestAnswer answer { dialog, refused_before };
  gulong watch = 0;
  if (const char *after = g_getenv (kAcceptVariable))
    {
      watch = g_signal_connect (dialog, "response", G_CALLBACK (on_response), &answer);
      answer.source = g_timeout_add (static_cast<guint> (g_ascii_strtoull (after, nullptr, 10)),
                                     answer_dialog, &answer);
    }
  gint response = gimp_dialog_run (GIMP_DIALOG (dialog));
  if (answer.source)
    g_source_remove (answer.source);
  if (watch)
    g_signal_handler_disconnect (dialog, watch);
  return response;
}

} // namespace gptimage::gimp2
