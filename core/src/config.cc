#include "gptimage/config.h"

#include "gptimage/atomic-file.h"

#include "gptimage/dotenv.h"
#include "gptimage/glib-ptr.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <cerrno>
#include <climits>

namespace gptimage {

namespace {

constexpr const char *kGroup = "gpt-image";

std::string
trimmed (std::string_view s)
{
  while (!s.empty () && g_ascii_isspace (s.front ()))
    s.remove_prefix (1);
  while (!s.empty () && g_ascii_isspace (s.back ()))
    s.remove_suffix (1);
  return std::string (s);
}

bool
is_config_key (std::string_view key)
{
  for (const auto &known : config_keys ())
    if (known == key)
      return true;
  return false;
}

// Built-in defaults, taken from Settings' initialisers so they live in one place.
const std::map<std::string, std::string> &
default_values ()
{
  static const std::map<std::string, std::string> defaults = [] {
    const Settings s;
    return std::map<std::string, std::string>{
      { keys::base_url, s.base_url },
      { keys::image_model, s.image_model },
      { keys::responses_model, s.responses_model },
      { keys::timeout, std::to_string (s.timeout_seconds) },
      { keys::max_retries, std::to_string (s.max_retries) },
      { keys::size, s.image.size },
      { keys::quality, s.image.quality },
      { keys::format, s.image.output_format },
      { keys::n, std::to_string (s.image.n) },
      { keys::stream, s.image.stream ? "true" : "false" },
    };
  }();
  return defaults;
}

Result<std::map<std::string, std::string>>
read_dotenv (const std::string &path)
{
  CharPtr contents;
  gsize length = 0;
  ErrorOut error;
  gchar *raw = nullptr;
  if (!g_file_get_contents (path.c_str (), &raw, &length, error.out ()))
    return Error::config_error ("cannot read .env file: " + error.message (), "env_file");
  contents.reset (raw);
  return parse_dotenv (std::string_view (contents.get (), length), path);
}

// Loads an existing config file. Its errors name the file but never quote it: GKeyFile's parse
// errors quote the offending line, which may hold the API key.
Status
load_key_file (GKeyFile *key_file, const std::string &path, GKeyFileFlags flags)
{
  if (!g_file_test (path.c_str (), G_FILE_TEST_IS_REGULAR))
    return Error::config_error ("config file " + path + " is not a regular file");
  ErrorOut error;
  if (g_key_file_load_from_file (key_file, path.c_str (), flags, error.out ()))
    return {};
  if (error.get ()->domain == G_KEY_FILE_ERROR)
    return Error::config_error ("config file " + path
                                + " is malformed: expected a [gpt-image] group with KEY=VALUE "
                                  "lines");
  return Error::config_error ("cannot read config file: " + error.message ());
}

// A missing file is fine (empty map); an unreadable or malformed one is an error naming it.
Result<std::map<std::string, std::string>>
read_config_file (const std::string &path)
{
  std::map<std::string, std::string> values;
  if (!g_file_test (path.c_str (), G_FILE_TEST_EXISTS))
    return values;
  KeyFilePtr key_file (g_key_file_new ());
  if (auto status = load_key_file (key_file.get (), path, G_KEY_FILE_NONE); !status)
    return std::move (status).error ();
  ErrorOut error;
  if (!g_key_file_has_group (key_file.get (), kGroup))
    return values;
  for (const auto &key : config_keys ())
    {
      if (!g_key_file_has_key (key_file.get (), kGroup, key.c_str (), nullptr))
        continue;
      CharPtr value (g_key_file_get_string (key_file.get (), kGroup, key.c_str (), error.out ()));
      if (error || !value)
        return Error::config_error ("config file " + path + ": the value of " + key
                                    + " has an invalid escape sequence", key);
      values[key] = trimmed (value.get ());
    }
  return values;
}

// Like Error::invalid, but the user fixes it in the configuration.
Error
config_invalid (std::string key, std::string_view value, std::string_view rule)
{
  Error e = Error::invalid (std::move (key), value, rule);
  e.kind = ErrorKind::config;
  return e;
}

Result<int>
whole_number (const ConfigValues &values, const char *key, int fallback, int min, int max,
              std::string_view rule)
{
  auto text = values.get (key);
  if (!text)
    return fallback;
  const std::string &s = *text;
  bool digits = !s.empty ();
  for (char c : s)
    digits = digits && g_ascii_isdigit (c);
  if (!digits)
    return config_invalid (key, s, "must be a whole number");
  // More than ten digits is out of every range; strtoll would saturate anyway.
  long long number = s.size () > 10 ? LLONG_MAX : g_ascii_strtoll (s.c_str (), nullptr, 10);
  if (number < min || number > max)
    return config_invalid (key, s, rule);
  return static_cast<int> (number);
}

Result<std::optional<int>>
optional_whole_number (const ConfigValues &values, const char *key)
{
  if (!values.get (key))
    return std::optional<int> ();
  auto number = whole_number (values, key, 0, 0, INT_MAX, "is too large");
  if (!number)
    return std::move (number).error ();
  return std::optional<int> (*number);
}

Result<bool>
boolean (const ConfigValues &values, const char *key, bool fallback)
{
  auto text = values.get (key);
  if (!text)
    return fallback;
  for (const char *yes : { "1", "true", "yes", "on" })
    if (g_ascii_strcasecmp (text->c_str (), yes) == 0)
      return true;
  for (const char *no : { "0", "false", "no", "off" })
    if (g_ascii_strcasecmp (text->c_str (), no) == 0)
      return false;
  return config_invalid (key, *text, "must be 1, true, yes, on, 0, false, no or off");
}

Result<std::string>
base_url (const ConfigValues &values, std::string fallback)
{
  std::string url = values.get (keys::base_url).value_or (std::move (fallback));
  while (url.size () > 1 && url.back () == '/')
    url.pop_back ();
  UriPtr uri (g_uri_parse (url.c_str (), G_URI_FLAGS_NONE, nullptr));
  const char *scheme = uri ? g_uri_get_scheme (uri.get ()) : nullptr;
  const char *host = uri ? g_uri_get_host (uri.get ()) : nullptr;
  if (!scheme || (g_ascii_strcasecmp (scheme, "http") != 0
                  && g_ascii_strcasecmp (scheme, "https") != 0)
      || !host || !*host)
    return config_invalid (keys::base_url, url, "must be an http:// or https:// URL");
  return url;
}

std::optional<std::string>
optional_string (const ConfigValues &values, const char *key)
{
  return values.get (key);
}

} // namespace

const std::vector<std::string> &
config_keys ()
{
  static const std::vector<std::string> all = {
    keys::api_key,       keys::base_url,        keys::organization,   keys::project,
    keys::image_model,   keys::responses_model, keys::tool_model,     keys::timeout,
    keys::max_retries,   keys::size,            keys::quality,        keys::format,
    keys::n,             keys::background,      keys::compression,    keys::moderation,
    keys::user,          keys::partial_images,  keys::response_format, keys::input_fidelity,
    keys::tool_choice,   keys::stream,
  };
  return all;
}

std::optional<std::string>
ConfigValues::get (std::string_view key) const
{
  auto it = values_.find (key);
  if (it == values_.end ())
    return std::nullopt;
  return it->second.first;
}

ConfigSource
ConfigValues::source (std::string_view key) const
{
  auto it = values_.find (key);
  return it == values_.end () ? ConfigSource::unset : it->second.second;
}

// An empty value counts as unset: it never replaces a value from a lower layer.
void
ConfigValues::set (std::string key, std::string value, ConfigSource source)
{
  if (value.empty ())
    return;
  values_.insert_or_assign (std::move (key), std::make_pair (std::move (value), source));
}

std::string
default_config_file_path ()
{
  return take_string (
    g_build_filename (g_get_user_config_dir (), "gpt-image", "config.ini", nullptr));
}

Result<ConfigValues>
load_config (const ConfigInputs &inputs)
{
  ConfigValues values;

  // Lowest layer first; each higher layer overwrites.
  for (const auto &[key, value] : default_values ())
    values.set (key, value, ConfigSource::default_value);

  std::string config_path = inputs.config_file.value_or (default_config_file_path ());
  auto config = read_config_file (config_path);
  if (!config)
    return std::move (config).error ();
  if (g_file_test (config_path.c_str (), G_FILE_TEST_EXISTS))
    values.config_file_path = config_path;
  for (const auto &[key, value] : *config)
    values.set (key, value, ConfigSource::config_file);

  std::optional<std::string> env_path;
  if (inputs.env_file)
    {
      if (!g_file_test (inputs.env_file->c_str (), G_FILE_TEST_EXISTS))
        return Error::config_error ("env file " + *inputs.env_file + " does not exist",
                                    "env_file");
      env_path = inputs.env_file;
    }
  else
    env_path = find_dotenv (inputs.working_dir);
  if (env_path)
    {
      auto dotenv = read_dotenv (*env_path);
      if (!dotenv)
        return std::move (dotenv).error ();
      values.env_file_path = *env_path;
      for (const auto &[key, value] : *dotenv)
        if (is_config_key (key))
          values.set (key, value, ConfigSource::env_file);
    }

  if (inputs.environment)
    {
      for (const auto &[key, value] : *inputs.environment)
        if (is_config_key (key))
          values.set (key, trimmed (value), ConfigSource::environment);
    }
  else
    for (const auto &key : config_keys ())
      if (const char *value = g_getenv (key.c_str ()))
        values.set (key, trimmed (value), ConfigSource::environment);

  for (const auto &[key, value] : inputs.flags)
    values.set (key, value, ConfigSource::flag);

  return values;
}

Result<Settings>
resolve_settings (const ConfigValues &values)
{
  Settings s;
  s.api_key = optional_string (values, keys::api_key);
  auto url = base_url (values, s.base_url);
  if (!url)
    return std::move (url).error ();
  s.base_url = std::move (*url);
  s.organization = optional_string (values, keys::organization);
  s.project = optional_string (values, keys::project);
  s.image_model = values.get (keys::image_model).value_or (s.image_model);
  s.responses_model = values.get (keys::responses_model).value_or (s.responses_model);
  s.tool_model = optional_string (values, keys::tool_model);
  s.tool_choice = optional_string (values, keys::tool_choice);

  auto timeout = whole_number (values, keys::timeout, s.timeout_seconds, 1, INT_MAX,
                               "must be a whole number of seconds greater than 0");
  if (!timeout)
    return std::move (timeout).error ();
  s.timeout_seconds = *timeout;
  auto retries = whole_number (values, keys::max_retries, s.max_retries, 0, 10,
                               "must be a whole number from 0 to 10");
  if (!retries)
    return std::move (retries).error ();
  s.max_retries = *retries;

  ImageOptions &image = s.image;
  image.size = values.get (keys::size).value_or (image.size);
  image.quality = values.get (keys::quality).value_or (image.quality);
  image.output_format = values.get (keys::format).value_or (image.output_format);
  s.format_is_default = values.source (keys::format) == ConfigSource::default_value
                        || values.source (keys::format) == ConfigSource::unset;
  auto n = whole_number (values, keys::n, image.n, 0, INT_MAX, "is too large");
  if (!n)
    return std::move (n).error ();
  image.n = *n;
  image.background = optional_string (values, keys::background);
  auto compression = optional_whole_number (values, keys::compression);
  if (!compression)
    return std::move (compression).error ();
  image.output_compression = *compression;
  image.moderation = optional_string (values, keys::moderation);
  image.user = optional_string (values, keys::user);
  auto partial = optional_whole_number (values, keys::partial_images);
  if (!partial)
    return std::move (partial).error ();
  image.partial_images = *partial;
  image.response_format = optional_string (values, keys::response_format);
  image.input_fidelity = optional_string (values, keys::input_fidelity);
  auto stream = boolean (values, keys::stream, image.stream);
  if (!stream)
    return std::move (stream).error ();
  image.stream = *stream;
  return s;
}

Status
save_config_file (const std::string &path, const std::map<std::string, std::string> &values)
{
  KeyFilePtr key_file (g_key_file_new ());
  // Never overwrite a file we could not understand.
  if (g_file_test (path.c_str (), G_FILE_TEST_EXISTS))
    if (auto status = load_key_file (key_file.get (), path,
                                     static_cast<GKeyFileFlags> (G_KEY_FILE_KEEP_COMMENTS
                                                                 | G_KEY_FILE_KEEP_TRANSLATIONS));
        !status)
      return status;
  for (const auto &[key, value] : values)
    {
      if (value.empty ())
        g_key_file_remove_key (key_file.get (), kGroup, key.c_str (), nullptr);
      else
        g_key_file_set_string (key_file.get (), kGroup, key.c_str (), value.c_str ());
    }
  gsize length = 0;
  CharPtr data (g_key_file_to_data (key_file.get (), &length, nullptr));

  // The folder is private too: it may hold nothing but this file.
  std::string dir = take_string (g_path_get_dirname (path.c_str ()));
  if (g_mkdir_with_parents (dir.c_str (), 0700) != 0)
    return Error::io_error ("cannot create folder " + dir + ": " + g_strerror (errno));
  // 0600 even when an existing file was more open: it holds the API key. (GLib >= 2.76's
  // g_file_set_contents_full keeps an existing file's mode, so it cannot be used here.)
  if (Status written = write_file_atomically (path, data.get (), length, 0600); !written)
    return Error::io_error ("cannot write config file: " + written.error ().message);
  return {};
}

} // namespace gptimage
