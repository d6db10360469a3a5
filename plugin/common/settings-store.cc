#include "settings-store.h"

#include "i18n.h"

#include "gptimage/config.h"
#include "gptimage/key-store.h"
#include "gptimage/pipeline.h"

namespace gptimage::plugin {

namespace {

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

} // namespace

Result<std::string>
save_plugin_settings (std::map<std::string, std::string> values)
{
  if (Status valid = check_before_saving (values); !valid)
    return valid.error ();
  const std::string path = default_config_file_path ();
  auto key = values.extract (config_key (Param::api_key));
  if (!values.empty ())
    if (Status saved = save_config_file (path, values); !saved)
      return saved.error ();
  if (!key)
    return std::string ();
  auto place = store_api_key (key.mapped (), path);
  if (!place)
    return place.error ();
  if (*place == KeyPlace::keyring)
    return std::string (_("The API key is stored in the desktop keyring."));
  /* Translators: %s is the config file's path. */
  return printf_string (_("The API key is stored in %s (mode 0600): no desktop keyring "
                          "answered."),
                        path.c_str ());
}

} // namespace gptimage::plugin
