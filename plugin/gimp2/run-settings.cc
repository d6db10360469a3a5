// plug-in-gpt-image-settings, GIMP 2.10: writes the CLI's config file (mode 0600). The API key
// is never an argument; it is only taken interactively, and goes to the key store (the desktop
// keyring, else that config file).
#include "gimp2-host.h"
#include "parameters-dialog.h"
#include "procedures.h"

#include "settings-store.h"

namespace gptimage::gimp2 {

namespace {

void
run_settings (const RunContext &context)
{
  ReturnValues &returned = ReturnValues::current ();
  std::map<std::string, std::string> values;
  if (context.run_mode == GIMP_RUN_INTERACTIVE)
    {
      auto edited = run_settings_dialog ();
      if (!edited)
        return returned.cancel ();
      values = std::move (edited).value ();
    }
  else
    values = plugin::settings_values (context.values);
  auto saved = plugin::save_plugin_settings (std::move (values));
  if (!saved)
    return returned.error (saved.error ());
  if (!saved->empty ())
    gimp_message (saved->c_str ());
  returned.success ();
}

} // namespace

const Procedure &
settings_procedure ()
{
  static const Procedure procedure { plugin::settings_procedure_info,
                                     plugin::settings_procedure_arguments,
                                     false,
                                     "",
                                     {},
                                     {},
                                     run_settings,
                                     nullptr };
  return procedure;
}

} // namespace gptimage::gimp2
