// Where the API key is kept: the desktop keyring (a Secret Service such as GNOME Keyring or
// KWallet, through libsecret) when one answers, else the user's config file, mode 0600. Both
// fronts store the key through here, and the configuration reads it back from here.
#pragma once

#include "gptimage/error.h"

#include <optional>
#include <string>

namespace gptimage {

enum class KeyPlace
{
  keyring,
  config_file,
};

// True when this build can use a Secret Service at all (built with libsecret).
bool keyring_supported ();

// The key stored in the keyring; nullopt when there is none, no Secret Service answers, or
// the build has no keyring support.
std::optional<std::string> keyring_api_key ();

// Stores `key` in the keyring, else in the [gpt-image] group of the config file at
// `config_path` (its other values kept). Once the key is in the keyring, a copy in the config
// file is removed: it would only be a stale second copy.
Result<KeyPlace> store_api_key (const std::string &key, const std::string &config_path);

} // namespace gptimage
