// What the settings procedure does with the values it was given (arguments or the dialog):
// checked as a run would check them, the connection values saved to the CLI's config file
// (0600), the key to the key store (the desktop keyring, else that file).
#pragma once

#include "gptimage/error.h"

#include <map>
#include <string>

namespace gptimage::plugin {

// `values` are config keys (OPENAI_…). Returns a message for the user about where the key went
// ("" when no key was given).
Result<std::string> save_plugin_settings (std::map<std::string, std::string> values);

} // namespace gptimage::plugin
