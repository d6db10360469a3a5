#include "settings-dialog.h"

#include "i18n.h"
#include "procedure-args.h"
#include "widget-ptr.h"

#include "settings-prefill.h"

#include "gptimage/config.h"

#include <libgimp/gimpui.h>

namespace gptimage::gimp3 {

using plugin::WidgetPtr;

namespace {

// Fills the config from the values in effect now; returns the key's state.
std::string
prefill_from_current (GimpProcedureConfig *config)
{
  plugin::CurrentSettings current = plugin::current_settings ();
  for (const auto &[name, value] : current.texts)
    g_object_set (config, name.c_str (), value.c_str (), nullptr);
  if (current.timeout > 0)
    g_object_set (config, "timeout", current.timeout, nullptr);
  return current.key_state;
}

} // namespace

Result<std::map<std::string, std::string>>
run_settings_dialog (GimpProcedure *procedure, GimpProcedureConfig *config)
{
  gimp_ui_init ("gpt-image");
  std::string key_state = prefill_from_current (config);
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
  GtkWidget *state = gtk_label_new (key_state.c_str ());
  gtk_label_set_xalign (GTK_LABEL (state), 0.0);
  gtk_label_set_line_wrap (GTK_LABEL (state), TRUE);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), entry, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), state, 1, 1, 1, 1);
  gtk_container_set_border_width (GTK_CONTAINER (grid), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog.get ()))), grid,
                      FALSE, FALSE, 0);
  gtk_widget_show_all (grid);

  if (!gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (dialog.get ())))
    return Error::cancelled_error ();

  std::map<std::string, std::string> values = plugin::settings_values (ConfigReader (config));
  if (const char *key = gtk_entry_get_text (GTK_ENTRY (entry)); *key)
    values[config_key (Param::api_key)] = key;
  return values;
}

} // namespace gptimage::gimp3
