// What the settings dialogs start from: the values in effect now (environment, keyring, config
// file) rather than empty fields, and a description of the key's state (never the key).
#pragma once

#include <map>
#include <string>

namespace gptimage::plugin {

struct CurrentSettings
{
  // By argument name (kSettingsTextArguments); built-in defaults are left out: they need no
  // pinning.
  std::map<std::string, std::string> texts;
  int timeout = 0; // the timeout in effect (the built-in default when none is configured)
  bool timeout_is_default = true;
  std::string key_state;
};

CurrentSettings current_settings ();

// Leaves the timeout out of `values` (config keys to save) when it is still the built-in
// default the dialog showed: a Save then does not pin the default in the config file.
void keep_default_timeout_unpinned (std::map<std::string, std::string> &values,
                                    const CurrentSettings &shown);

} // namespace gptimage::plugin
