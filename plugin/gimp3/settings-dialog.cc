#include "settings-dialog.h"

#include "i18n.h"
#include "procedure-args.h"
#include "request-runner.h"
#include "widget-ptr.h"

#include "gptimage/config.h"
#include "gptimage/glib-ptr.h"

#include <libgimp/gimpui.h>

namespace gptimage::gimp3 {

namespace {

const char *
source_name (ConfigSource source)
{
  switch (source)
    {
    case ConfigSource::environment:
      return _("the environment");
    case ConfigSource::keyring:
      return _("the desktop keyring");
    case ConfigSource::config_file:
      return _("the config file");
    default:
      return _("the configuration");
    }
}

// The values in effect now (environment, .env, config file), so that the dialog starts from
// them rather than from empty fields. Built-in defaults are left out: they need no pinning.
// Returns a description of the key's state, never the key.
std::string
prefill_from_current (GimpProcedureConfig *config)
{
  auto values = load_config (plugin_config ());
  if (!values)
    return printf_string (_("The configuration could not be read: %s"),
                          values.error ().describe ().c_str ());
  auto prefill = [&] (Param key, const char *property) {
    auto value = values->get (key);
    ConfigSource source = values->source (key);
    if (value && !value->empty () && source != ConfigSource::default_value)
      g_object_set (config, property, value->c_str (), nullptr);
  };
  for (Param id : kSettingsTextArguments)
    prefill (id, parameter (id).gimp.data ());
  if (auto timeout = values->get (Param::timeout);
      timeout && values->source (Param::timeout) != ConfigSource::default_value)
    {
      const ParameterSpec &spec = parameter (Param::timeout);
      gint64 seconds = g_ascii_strtoll (timeout->c_str (), nullptr, 10);
      if (seconds >= spec.min && seconds <= spec.max)
        g_object_set (config, "timeout", static_cast<int> (seconds), nullptr);
    }
  std::string state;
  auto key = values->get (Param::api_key);
  if (!key || key->empty ())
    state = _("No API key is set yet.");
  else
    state = printf_string (_("A key is set (from %s). Leave the field empty to keep it."),
                           source_name (values->source (Param::api_key)));
  // The config file's own warnings (one others can read), in the user's language.
  if (!values->warnings.empty ())
    state += "\n" + printf_string (_("%s can be read by other users; make it private with: "
                                     "chmod 600 %s"),
                                   values->config_file_path.c_str (),
                                   take_string (g_shell_quote (values->config_file_path.c_str ()))
                                       .c_str ());
  return state;
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

  std::map<std::string, std::string> values;
  auto put = [&values] (Param id, std::string value) {
    if (!value.empty ())
      values[config_key (id)] = std::move (value);
  };
  for (Param id : kSettingsTextArguments)
    put (id, config_string (config, parameter (id).gimp.data ()));
  if (int timeout = config_int (config, "timeout"); timeout > 0)
    put (Param::timeout, std::to_string (timeout));
  put (Param::api_key, gtk_entry_get_text (GTK_ENTRY (entry)));
  return values;
}

} // namespace gptimage::gimp3
