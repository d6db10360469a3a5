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
  int timeout = 0; // 0: not set
  std::string key_state;
};

CurrentSettings current_settings ();

} // namespace gptimage::plugin
