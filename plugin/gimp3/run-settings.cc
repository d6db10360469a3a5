// plug-in-gpt-image-settings: writes the CLI's config file ([gpt-image] in
// $XDG_CONFIG_HOME/gpt-image/config.ini, mode 0600). The API key is never an argument (GIMP
// would store it in plug-in-settings and XCF parasites); it is only taken interactively, and
// goes to the key store (the desktop keyring, else that config file).
#include "gimp3-host.h"
#include "i18n.h"
#include "procedure-args.h"
#include "procedures.h"
#include "settings-dialog.h"

#include "prompt-history.h"
#include "settings-store.h"

#include "gptimage/config.h"

#include <map>

namespace gptimage::gimp3 {

namespace {

// GIMP 3 only (the dialog has a button for it): scripts empty the prompt history with it.
constexpr const char *kClearHistoryArgument = "clear-prompt-history";

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
    {
      values = plugin::settings_values (ConfigReader (config));
      gboolean clear_history = FALSE;
      g_object_get (config, kClearHistoryArgument, &clear_history, nullptr);
      if (clear_history)
        if (Status cleared = plugin::clear_prompt_history (plugin::prompt_history_path ());
            !cleared)
          return error_return (procedure, cleared.error ());
    }
  auto saved = plugin::save_plugin_settings (std::move (values));
  if (!saved)
    return error_return (procedure, saved.error ());
  // Interactively, the Save is confirmed; a batch hears only where the key went.
  std::string said = *saved;
  if (run_mode == GIMP_RUN_INTERACTIVE)
    /* Translators: %s is the config file's path. */
    said = plugin::printf_string (_("GPT Image settings saved to %s."),
                                  default_config_file_path ().c_str ())
           + (said.empty () ? "" : "\n" + said);
  if (!said.empty ())
    gimp_message (said.c_str ());
  return gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, nullptr);
}

} // namespace

GimpProcedure *
create_settings_procedure (GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_procedure_new (plug_in, plugin::kSettingsProc,
                                                 GIMP_PDB_PROC_TYPE_PLUGIN, run_settings,
                                                 nullptr, nullptr);
  gimp_procedure_add_enum_argument (procedure, "run-mode", _("Run mode"), _("The run mode"),
                                    GIMP_TYPE_RUN_MODE, GIMP_RUN_INTERACTIVE, G_PARAM_READWRITE);
  describe_procedure (procedure, plugin::settings_procedure_info ());
  add_arguments (procedure, plugin::settings_procedure_arguments ());
  gimp_procedure_add_boolean_argument (procedure, kClearHistoryArgument,
                                       _("Clear prompt history"),
                                       _("Forget the recent prompts the dialogs offer"), FALSE,
                                       G_PARAM_READWRITE);
  return procedure;
}

} // namespace gptimage::gimp3
