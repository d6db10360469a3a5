// plug-in-gpt-image-settings: writes the CLI's config file ([gpt-image] in
// $XDG_CONFIG_HOME/gpt-image/config.ini, mode 0600). The API key is never an argument (GIMP
// would store it in plug-in-settings and XCF parasites); it is only taken interactively, and
// goes to the key store (the desktop keyring, else that config file).
#include "i18n.h"
#include "procedure-args.h"
#include "procedures.h"
#include "request-runner.h"
#include "settings-dialog.h"

#include "gptimage/config.h"
#include "gptimage/key-store.h"
#include "gptimage/pipeline.h"

#include <map>

namespace gptimage::gimp3 {

namespace {

// Arguments left empty (or timeout 0) keep what the file has.
std::map<std::string, std::string>
values_from (GimpProcedureConfig *config)
{
  std::map<std::string, std::string> values;
  for (Param id : kSettingsTextArguments)
    if (std::string text = config_string (config, parameter (id).gimp.data ()); !text.empty ())
      values[config_key (id)] = std::move (text);
  if (int timeout = config_int (config, parameter (Param::timeout).gimp.data ()); timeout > 0)
    values[config_key (Param::timeout)] = std::to_string (timeout);
  return values;
}

// The values are checked as a run would check them, before the file is touched: a bad base
// URL saved now would fail every later run.
Status
check_before_saving (const std::map<std::string, std::string> &values)
{
  std::map<Param, std::string> rows;
  for (const auto &[key, value] : values)
    if (const ParameterSpec *spec = find_parameter_by_key (key))
      rows[spec->id] = value;
  return check_values_to_save (rows, Front::gimp);
}

GimpValueArray *
run_settings (GimpProcedure *procedure, GimpProcedureConfig *config, gpointer)
{
  GimpRunMode run_mode = GIMP_RUN_NONINTERACTIVE;
  g_object_get (config, "run-mode", &run_mode, nullptr);
  std::map<std::string, std::string> values;
  if (run_mode == GIMP_RUN_INTERACTIVE)
    {
      auto edited = run_settings_dialog (procedure, config);
      if (!edited)
        return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL, nullptr);
      values = std::move (edited).value ();
    }
  else
    values = values_from (config);
  if (Status valid = check_before_saving (values); !valid)
    return error_return (procedure, valid.error ());
  const std::string path = default_config_file_path ();
  auto key = values.extract (config_key (Param::api_key));
  if (!values.empty ())
    if (Status saved = save_config_file (path, values); !saved)
      return error_return (procedure, saved.error ());
  if (key)
    {
      auto place = store_api_key (key.mapped (), path);
      if (!place)
        return error_return (procedure, place.error ());
      if (*place == KeyPlace::keyring)
        gimp_message (_("The API key is stored in the desktop keyring."));
      else
        gimp_message (printf_string (_("The API key is stored in %s (mode 0600): no desktop "
                                       "keyring answered."),
                                     path.c_str ())
                          .c_str ());
    }
  return gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, nullptr);
}

} // namespace

GimpProcedure *
create_settings_procedure (GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_procedure_new (plug_in, kSettingsProc,
                                                 GIMP_PDB_PROC_TYPE_PLUGIN, run_settings,
                                                 nullptr, nullptr);
  gimp_procedure_add_enum_argument (procedure, "run-mode", _("Run mode"), _("The run mode"),
                                    GIMP_TYPE_RUN_MODE, GIMP_RUN_INTERACTIVE, G_PARAM_READWRITE);
  gimp_procedure_set_menu_label (procedure, _("_Settings…"));
  gimp_procedure_add_menu_path (procedure, kMenuBranch);
  gimp_procedure_set_documentation (
      procedure, _("Configure the OpenAI connection (shared with the gpt-image CLI)"),
      _("Writes base URL, organization, project, timeout, proxy and CA bundle to the "
        "gpt-image config file (mode 0600). Empty arguments keep the stored value. The API key "
        "can only be entered interactively; it is never a procedure argument. It is stored in "
        "the desktop keyring when one is running, else in the config file."),
      kSettingsProc);
  set_common_attribution (procedure);
  gimp_procedure_add_string_argument (procedure, parameter (Param::base_url).gimp.data (),
                                      _("Base URL"),
                                      _("e.g. https://api.openai.com/v1; empty = unchanged"), "",
                                      G_PARAM_READWRITE);
  gimp_procedure_add_string_argument (procedure, parameter (Param::organization).gimp.data (),
                                      _("Organization"),
                                      _("OpenAI-Organization; empty = unchanged"), "",
                                      G_PARAM_READWRITE);
  gimp_procedure_add_string_argument (procedure, parameter (Param::project).gimp.data (),
                                      _("Project"), _("OpenAI-Project; empty = unchanged"), "",
                                      G_PARAM_READWRITE);
  gimp_procedure_add_int_argument (procedure, parameter (Param::timeout).gimp.data (),
                                   _("Timeout (s)"), _("Seconds per attempt; 0 = unchanged"), 0,
                                   parameter (Param::timeout).max, 0, G_PARAM_READWRITE);
  gimp_procedure_add_string_argument (
      procedure, parameter (Param::proxy).gimp.data (), _("Proxy"),
      _("HTTP proxy, http://HOST:PORT; empty = unchanged (unset: the proxy environment "
        "variables)"),
      "", G_PARAM_READWRITE);
  gimp_procedure_add_string_argument (
      procedure, parameter (Param::ca_bundle).gimp.data (), _("CA bundle"),
      _("PEM file of the certificate authorities to trust instead of the system's, for a "
        "self-hosted server or a TLS-inspecting proxy; empty = unchanged"),
      "", G_PARAM_READWRITE);
  return procedure;
}

} // namespace gptimage::gimp3
