// Configuration: command-line flag > process environment > .env file > config file > default.
// An empty value counts as unset at every layer.
#pragma once

#include "gptimage/error.h"
#include "gptimage/options.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gptimage {

// Every key the project reads. The same names are used in the environment, .env files and the
// config file ([gpt-image] group of $XDG_CONFIG_HOME/gpt-image/config.ini).
namespace keys {
inline constexpr const char *api_key = "OPENAI_API_KEY";
inline constexpr const char *base_url = "OPENAI_BASE_URL";
inline constexpr const char *organization = "OPENAI_ORGANIZATION";
inline constexpr const char *project = "OPENAI_PROJECT";
inline constexpr const char *image_model = "OPENAI_IMAGE_MODEL";
inline constexpr const char *responses_model = "OPENAI_RESPONSES_MODEL";
inline constexpr const char *tool_model = "OPENAI_IMAGE_TOOL_MODEL";
inline constexpr const char *timeout = "OPENAI_IMAGE_TIMEOUT";
inline constexpr const char *max_retries = "OPENAI_IMAGE_MAX_RETRIES";
inline constexpr const char *size = "OPENAI_IMAGE_SIZE";
inline constexpr const char *quality = "OPENAI_IMAGE_QUALITY";
inline constexpr const char *format = "OPENAI_IMAGE_FORMAT";
inline constexpr const char *n = "OPENAI_IMAGE_N";
inline constexpr const char *background = "OPENAI_IMAGE_BACKGROUND";
inline constexpr const char *compression = "OPENAI_IMAGE_COMPRESSION";
inline constexpr const char *moderation = "OPENAI_IMAGE_MODERATION";
inline constexpr const char *user = "OPENAI_IMAGE_USER";
inline constexpr const char *partial_images = "OPENAI_IMAGE_PARTIAL_IMAGES";
inline constexpr const char *response_format = "OPENAI_IMAGE_RESPONSE_FORMAT";
inline constexpr const char *input_fidelity = "OPENAI_IMAGE_INPUT_FIDELITY";
inline constexpr const char *tool_choice = "OPENAI_IMAGE_TOOL_CHOICE";
inline constexpr const char *stream = "OPENAI_IMAGE_STREAM";
} // namespace keys

// All keys above, in documentation order.
const std::vector<std::string> &config_keys ();

enum class ConfigSource
{
  unset,
  flag,
  environment,
  env_file,
  config_file,
  default_value,
};

struct ConfigInputs
{
  std::map<std::string, std::string> flags;               // key -> value given on the command line
  std::optional<std::map<std::string, std::string>> environment; // nullopt: the process environment
  std::optional<std::string> env_file;    // --env-file (must exist); nullopt: search upward
  std::string working_dir;                // where the .env search starts; empty: current folder
  std::optional<std::string> config_file; // nullopt: $XDG_CONFIG_HOME/gpt-image/config.ini
};

// The resolved string value of every key, with where it came from.
class ConfigValues
{
public:
  std::optional<std::string> get (std::string_view key) const;
  ConfigSource source (std::string_view key) const;
  void set (std::string key, std::string value, ConfigSource source);
  std::string env_file_path;    // the .env file that was read, if any
  std::string config_file_path; // the config file that was read, if any

private:
  std::map<std::string, std::pair<std::string, ConfigSource>, std::less<>> values_;
};

Result<ConfigValues> load_config (const ConfigInputs &inputs);

// Typed settings with defaults applied. Malformed numbers or booleans are config errors that
// name the key, the value and the rule.
struct Settings
{
  std::optional<std::string> api_key;
  std::string base_url = "https://api.openai.com/v1"; // trailing '/' trimmed
  std::optional<std::string> organization;
  std::optional<std::string> project;
  std::string image_model = "gpt-image-2";
  std::string responses_model = "gpt-5.4";
  std::optional<std::string> tool_model;
  int timeout_seconds = 300;
  int max_retries = 2;
  std::optional<std::string> tool_choice;
  ImageOptions image; // size, quality, output_format, n and the optional image keys
  // True when OPENAI_IMAGE_FORMAT came from the built-in default rather than the user.
  bool format_is_default = true;
};

Result<Settings> resolve_settings (const ConfigValues &values);

// Default config file path: $XDG_CONFIG_HOME/gpt-image/config.ini.
std::string default_config_file_path ();

// Merges `values` into the [gpt-image] group of the config file at `path`, keeping its other
// keys, groups and comments; an empty value removes the key. Missing folders are created. The
// file is replaced atomically (a 0600 temporary file in the same folder, fsync, rename), so it
// always ends up with mode 0600. A malformed existing file is left unchanged (config error).
Status save_config_file (const std::string &path,
                         const std::map<std::string, std::string> &values);

} // namespace gptimage
