#include "settings-dialog.h"

#include "dialog-probe.h"
#include "i18n.h"
#include "procedure-args.h"
#include "widget-ptr.h"

#include "prompt-history.h"
#include "settings-prefill.h"

#include "gptimage/config.h"

#include <libgimp/gimpui.h>

namespace gptimage::gimp3 {

using plugin::WidgetPtr;

namespace {

// Fills the config from the values in effect now, the timeout's built-in default included (a
// 0 would read as no timeout).
plugin::CurrentSettings
prefill_from_current (GimpProcedureConfig *config)
{
  plugin::CurrentSettings current = plugin::current_settings ();
  for (const auto &[name, value] : current.texts)
    g_object_set (config, name.c_str (), value.c_str (), nullptr);
  if (current.timeout > 0)
    g_object_set (config, "timeout", current.timeout, nullptr);
  return current;
}

std::string
history_state ()
{
  const auto count = plugin::load_prompt_history (plugin::prompt_history_path ()).size ();
  if (count == 0)
    return _("The prompt history is empty.");
  return plugin::printf_string (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: %d is how many prompts the history
                                                holds. */
                                             "The prompt history holds %d prompt.",
                                             "The prompt history holds %d prompts.", count),
                                static_cast<int> (count));
}

// Asks first: the history cannot be brought back.
void
on_clear_history (GtkButton *button, gpointer state_label)
{
  WidgetPtr ask (gtk_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_toplevel (GTK_WIDGET (button))), GTK_DIALOG_MODAL,
      GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", _("Clear the prompt history?")));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (ask.get ()), "%s",
                                            _("The recent prompts offered by the dialogs are "
                                              "forgotten."));
  gtk_dialog_add_buttons (GTK_DIALOG (ask.get ()), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("C_lear"), GTK_RESPONSE_ACCEPT, nullptr);
  if (gtk_dialog_run (GTK_DIALOG (ask.get ())) != GTK_RESPONSE_ACCEPT)
    return;
  Status cleared = plugin::clear_prompt_history (plugin::prompt_history_path ());
  gtk_label_set_text (GTK_LABEL (state_label),
                      cleared ? history_state ().c_str () : cleared.error ().describe ().c_str ());
  gtk_widget_set_sensitive (GTK_WIDGET (button), !cleared);
}

// The history's size and the button that clears it.
GtkWidget *
history_row ()
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *state = gtk_label_new (history_state ().c_str ());
  gtk_label_set_xalign (GTK_LABEL (state), 0.0);
  gtk_widget_set_hexpand (state, TRUE);
  GtkWidget *clear = gtk_button_new_with_mnemonic (_("_Clear prompt history…"));
  gtk_widget_set_sensitive (
      clear, !plugin::load_prompt_history (plugin::prompt_history_path ()).empty ());
  g_signal_connect (clear, "clicked", G_CALLBACK (on_clear_history), state);
  gtk_box_pack_start (GTK_BOX (row), state, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (row), clear, FALSE, FALSE, 0);
  return row;
}

// GimpProcedureDialog's Load Saved Settings and Save Settings keep copies of a procedure's
// arguments in GIMP's profile; beside the dialog's own Save, which writes the config file, they
// only confuse. libgimpui packs them in a button box of their own at the end of the content area
// and offers no switch for them.
void
hide_preset_buttons (GtkDialog *dialog)
{
  GList *children
      = gtk_container_get_children (GTK_CONTAINER (gtk_dialog_get_content_area (dialog)));
  for (GList *child = children; child; child = child->next)
    if (GTK_IS_BUTTON_BOX (child->data))
      {
        gtk_widget_hide (GTK_WIDGET (child->data));
        gtk_widget_set_no_show_all (GTK_WIDGET (child->data), TRUE);
      }
  g_list_free (children);
}

} // namespace

Result<std::map<std::string, std::string>>
run_settings_dialog (GimpProcedure *procedure, GimpProcedureConfig *config)
{
  gimp_ui_init ("gpt-image");
  plugin::CurrentSettings current = prefill_from_current (config);
  WidgetPtr dialog (gimp_procedure_dialog_new (procedure, config, _("GPT Image Settings")));
  gimp_procedure_dialog_set_ok_label (GIMP_PROCEDURE_DIALOG (dialog.get ()), _("_Save"));
  // Not run-mode: it is an argument of this procedure, but no setting.
  gimp_procedure_dialog_fill (GIMP_PROCEDURE_DIALOG (dialog.get ()), "base-url", "organization",
                              "project", "timeout", "proxy", "ca-bundle", nullptr);

  // The key lives only in this entry and the key store; it is not a config property.
  GtkWidget *grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("OpenAI API _key:"));
  GtkWidget *entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("unchanged"));
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  GtkWidget *state = gtk_label_new (current.key_state.c_str ());
  gtk_label_set_xalign (GTK_LABEL (state), 0.0);
  gtk_label_set_line_wrap (GTK_LABEL (state), TRUE);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), entry, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), state, 1, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), history_row (), 0, 2, 2, 1);
  gtk_container_set_border_width (GTK_CONTAINER (grid), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog.get ()))), grid,
                      FALSE, FALSE, 0);
  gtk_widget_show_all (grid);
  hide_preset_buttons (GTK_DIALOG (dialog.get ()));
  plugin::probe_dialog_for_tests (dialog.get ());

  if (!gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (dialog.get ())))
    return Error::cancelled_error ();

  std::map<std::string, std::string> values = plugin::settings_values (ConfigReader (config));
  plugin::keep_default_timeout_unpinned (values, current);
  if (const char *key = gtk_entry_get_text (GTK_ENTRY (entry)); *key)
    values[config_key (Param::api_key)] = key;
  return values;
}

} // namespace gptimage::gimp3
