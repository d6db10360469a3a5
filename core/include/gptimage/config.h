// Configuration: command-line flag > process environment > .env file > keyring > config file >
// default. The keyring holds only the API key (key-store.h). An empty value counts as unset at
// every layer.
#pragma once

#include "gptimage/error.h"
#include "gptimage/options.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gptimage {

// Every configuration key the project reads: the `key` of the parameter table's rows. The
// same names are used in the environment, .env files and the config file ([gpt-image] group of
// $XDG_CONFIG_HOME/gpt-image/config.ini).
std::vector<std::string_view> config_keys ();

// The configuration key of a row (e.g. "OPENAI_IMAGE_N"); empty when it has none.
const char *config_key (Param id);

enum class ConfigSource
{
  unset,
  flag,
  environment,
  env_file,
  keyring,
  config_file,
  default_value,
};

struct ConfigInputs
{
  // The values a front was given (command-line flags, procedure arguments): the top layer.
  std::map<Param, std::string> given;
  std::optional<std::map<std::string, std::string>> environment; // nullopt: the process environment
  std::optional<std::string> env_file;    // --env-file (must exist); nullopt: search upward
  bool search_env_file = true;            // false: read no .env file (the GIMP plug-in)
  std::string working_dir;                // where the .env search starts; empty: current folder
  std::optional<std::string> config_file; // nullopt: $XDG_CONFIG_HOME/gpt-image/config.ini
  bool read_keyring = true; // false: the config file alone decides the key
};

// The resolved text of every parameter, with where it came from.
class ConfigValues
{
public:
  std::optional<std::string> get (Param id) const;
  ConfigSource source (Param id) const;
  // An empty value counts as unset: it never replaces a value from a lower layer.
  void set (Param id, std::string value, ConfigSource source);
  std::string env_file_path;    // the .env file that was read, if any
  std::string config_file_path; // the config file that was read, if any
  // What the user should fix but that stops nothing, e.g. a config file others can read.
  std::vector<std::string> warnings;

private:
  std::map<Param, std::pair<std::string, ConfigSource>> values_;
};

Result<ConfigValues> load_config (const ConfigInputs &inputs);

// The value of every GPT_IMAGE_SETTING row (connection and models) and of every
// GPT_IMAGE_OPTION row, typed, with the built-in defaults applied.
struct Settings
{
#define GPT_IMAGE_SETTING(id, storage, ...) GPT_IMAGE_STORAGE_##storage id{};
#define GPT_IMAGE_INPUT(id, storage, ...)
#define GPT_IMAGE_OPTION(id, storage, ...)
#include "gptimage/parameter-table.h"
#undef GPT_IMAGE_SETTING
#undef GPT_IMAGE_OPTION
#undef GPT_IMAGE_INPUT
  ImageOptions image;
  // True when OPENAI_IMAGE_FORMAT came from the built-in default rather than the user.
  bool format_is_default = true;
};

// Converts the text of every row to its storage type. A malformed number or boolean is a
// config error naming the key, the value and the rule; ranges and choices are validation's.
Result<Settings> resolve_settings (const ConfigValues &values);

// The table's built-in defaults alone, as resolve_settings gives them with nothing configured.
Settings default_settings ();

// Default config file path: $XDG_CONFIG_HOME/gpt-image/config.ini.
std::string default_config_file_path ();

// Merges `values` into the [gpt-image] group of the config file at `path`, keeping its other
// keys, groups and comments; an empty value removes the key. Missing folders are created. The
// file is replaced atomically (a 0600 temporary file in the same folder, fsync, rename), so it
// always ends up with mode 0600. A malformed existing file is left unchanged (config error).
Status save_config_file (const std::string &path,
                         const std::map<std::string, std::string> &values);

} // namespace gptimage
