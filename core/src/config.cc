#include "gptimage/config.h"

#include "gptimage/i18n.h"

#include "gptimage/atomic-file.h"

#include "gptimage/dotenv.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/key-store.h"
#include "gptimage/proxy-choice.h"

#include "parameter-slot.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <cerrno>
#include <optional>

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

// A .env file given with --env-file is named as the user gave it; one found by the search is
// named by its path.
Error
dotenv_error (const std::string &path, bool given, const std::string &problem)
{
  if (!given)
    /* Translators: a file's path, then what is wrong with it. */
    return Error::config_error (printf_string (_("cannot read the .env file %s: %s"),
                                               path.c_str (), problem.c_str ()));
  Error e = Error::invalid ("env_file", path, problem);
  e.kind = ErrorKind::config;
  return e;
}

Result<std::map<std::string, std::string>>
read_dotenv (const std::string &path, bool given)
{
  CharPtr contents;
  gsize length = 0;
  ErrorOut error;
  gchar *raw = nullptr;
  if (!g_file_get_contents (path.c_str (), &raw, &length, error.out ()))
    /* Translators: %s is the system's reason. */
    return dotenv_error (path, given, printf_string (_("cannot read the file: %s"),
                                                     error.message ().c_str ()));
  contents.reset (raw);
  return parse_dotenv (std::string_view (contents.get (), length), path);
}

// Loads an existing config file. Its errors name the file but never quote it: GKeyFile's parse
// errors quote the offending line, which may hold the API key.
Status
load_key_file (GKeyFile *key_file, const std::string &path, GKeyFileFlags flags)
{
  if (!g_file_test (path.c_str (), G_FILE_TEST_IS_REGULAR))
    /* Translators: %s is the config file's path. */
    return Error::config_error (printf_string (_("config file %s is not a regular file"),
                                               path.c_str ()));
  ErrorOut error;
  if (g_key_file_load_from_file (key_file, path.c_str (), flags, error.out ()))
    return {};
  if (error.get ()->domain == G_KEY_FILE_ERROR)
    /* Translators: keep "[gpt-image]" and "KEY=VALUE": they are what the file must hold. */
    return Error::config_error (printf_string (_("config file %s is malformed: expected a "
                                                 "[gpt-image] group with KEY=VALUE lines"),
                                               path.c_str ()));
  /* Translators: %s is the system's reason (it names the file). */
  return Error::config_error (printf_string (_("cannot read config file: %s"),
                                             error.message ().c_str ()));
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
  for (auto key_view : config_keys ())
    {
      const std::string key (key_view);
      if (!g_key_file_has_key (key_file.get (), kGroup, key.c_str (), nullptr))
        continue;
      CharPtr value (g_key_file_get_string (key_file.get (), kGroup, key.c_str (), error.out ()));
      // Bytes that are not UTF-8 are kept as they are: the check of every value names the key,
      // its file and line, and shows the bytes escaped.
      if (error.matches (G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_UNKNOWN_ENCODING))
        value.reset (g_key_file_get_value (key_file.get (), kGroup, key.c_str (), nullptr));
      else if (error || !value)
        /* Translators: the config file's path, then a key such as OPENAI_API_KEY. */
        return Error::config_error (printf_string (_("config file %s: the value of %s has an "
                                                     "invalid escape sequence"),
                                                   path.c_str (), key.c_str ()),
                                    std::string (find_parameter_by_key (key)->name));
      values[key] = trimmed (value.get ());
    }
  return values;
}

// A config file that others can read gives away the key it may hold: say how to close it.
std::optional<std::string>
open_file_warning (const std::string &path)
{
#ifdef G_OS_WIN32
  // Windows has no POSIX permission bits (its ACLs are not checked here).
  (void) path;
  return std::nullopt;
#else
  GStatBuf st;
  if (g_stat (path.c_str (), &st) != 0 || (st.st_mode & (S_IRGRP | S_IROTH)) == 0)
    return std::nullopt;
  CharPtr quoted (g_shell_quote (path.c_str ()));
  /* Translators: the config file's path, then the same path quoted for a shell command. */
  return printf_string (_("config file %s can be read by other users, and it may hold the API "
                          "key: make it private with: chmod 600 %s"),
                        path.c_str (), quoted.get ());
#endif
}

// Like Error::invalid, but the user fixes it in the configuration. The error names the row;
// the pipeline says where its value came from.
Error
config_invalid (const ParameterSpec &spec, std::string_view value, std::string_view rule)
{
  Error e = invalid_value (spec, value, rule);
  e.kind = ErrorKind::config;
  return e;
}

// The row's own check tells a number from other text and keeps it within the row's range,
// which an int holds.
Result<int>
whole_number (const ParameterSpec &spec, const std::string &text)
{
  if (Status ok = check_parameter_value (spec, text); !ok)
    return std::move (ok).error ();
  return static_cast<int> (g_ascii_strtoll (text.c_str (), nullptr, 10));
}

Result<bool>
boolean (const ParameterSpec &spec, const std::string &text)
{
  for (const char *yes : { "1", "true", "yes", "on" })
    if (g_ascii_strcasecmp (text.c_str (), yes) == 0)
      return true;
  for (const char *no : { "0", "false", "no", "off" })
    if (g_ascii_strcasecmp (text.c_str (), no) == 0)
      return false;
  /* Translators: the words are what to type: keep them in English. */
  return config_invalid (spec, text, _("must be 1, true, yes, on, 0, false, no or off"));
}

Result<std::string>
normalized_base_url (const ParameterSpec &spec, std::string url)
{
  while (url.size () > 1 && url.back () == '/')
    url.pop_back ();
  UriPtr uri (g_uri_parse (url.c_str (), G_URI_FLAGS_NONE, nullptr));
  const char *scheme = uri ? g_uri_get_scheme (uri.get ()) : nullptr;
  const char *host = uri ? g_uri_get_host (uri.get ()) : nullptr;
  if (!scheme || (g_ascii_strcasecmp (scheme, "http") != 0
                  && g_ascii_strcasecmp (scheme, "https") != 0)
      || !host || !*host)
    return config_invalid (spec, url, _("must be an http:// or https:// URL"));
  return url;
}

// Stores `text` in the row's field, converted to its type.
Status
store (const ParameterSpec &spec, const std::string &text, Slot slot)
{
  if (Status ok = check_text (spec, text); !ok)
    return ok;
  if (auto *field = std::get_if<std::string *> (&slot))
    {
      if (spec.id != Param::base_url && spec.id != Param::proxy)
        {
          **field = text;
          return {};
        }
      auto url = spec.id == Param::base_url ? normalized_base_url (spec, text)
                                            : normalized_proxy_url (spec.name, text);
      if (!url)
        {
          Error e = std::move (url).error ();
          e.kind = ErrorKind::config;
          return e;
        }
      **field = std::move (url).value ();
    }
  else if (auto *number_field = std::get_if<std::optional<int> *> (&slot))
    {
      auto number = whole_number (spec, text);
      if (!number)
        return std::move (number).error ();
      **number_field = *number;
    }
  else if (auto *flag_field = std::get_if<bool *> (&slot))
    {
      auto flag = boolean (spec, text);
      if (!flag)
        return std::move (flag).error ();
      **flag_field = *flag;
    }
  return {};
}

} // namespace

std::vector<std::string_view>
config_keys ()
{
  std::vector<std::string_view> keys;
  for (const auto &spec : parameter_table ())
    if (!spec.key.empty ())
      keys.push_back (spec.key);
  return keys;
}

const char *
config_key (Param id)
{
  // Every key is a literal in the table, so its view is NUL-terminated.
  const std::string_view key = parameter (id).key;
  return key.empty () ? "" : key.data ();
}

std::optional<std::string>
ConfigValues::get (Param id) const
{
  auto it = values_.find (id);
  if (it == values_.end ())
    return std::nullopt;
  return it->second.first;
}

ConfigSource
ConfigValues::source (Param id) const
{
  auto it = values_.find (id);
  return it == values_.end () ? ConfigSource::unset : it->second.second;
}

void
ConfigValues::set (Param id, std::string value, ConfigSource source)
{
  if (value.empty ())
    return;
  values_.insert_or_assign (id, std::make_pair (std::move (value), source));
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
  // Sets the row configured by `key`, if any.
  auto set_key = [&values] (std::string_view key, std::string value, ConfigSource source) {
    if (const ParameterSpec *spec = find_parameter_by_key (key))
      values.set (spec->id, std::move (value), source);
  };

  // Lowest layer first; each higher layer overwrites.
  for (const auto &spec : parameter_table ())
    if (!spec.fallback.empty ())
      values.set (spec.id, std::string (spec.fallback), ConfigSource::default_value);

  std::string config_path = inputs.config_file.value_or (default_config_file_path ());
  auto config = read_config_file (config_path);
  if (!config)
    return std::move (config).error ();
  if (g_file_test (config_path.c_str (), G_FILE_TEST_EXISTS))
    {
      values.config_file_path = config_path;
      if (auto warning = open_file_warning (config_path))
        values.warnings.push_back (std::move (*warning));
    }
  for (const auto &[key, value] : *config)
    set_key (key, value, ConfigSource::config_file);

  std::optional<std::string> env_path;
  if (inputs.env_file)
    {
      if (inputs.env_file->empty ())
        return dotenv_error (*inputs.env_file, true, _("must not be empty; give a file path"));
      if (!g_file_test (inputs.env_file->c_str (), G_FILE_TEST_EXISTS))
        return dotenv_error (*inputs.env_file, true, _("the file does not exist"));
      if (!g_file_test (inputs.env_file->c_str (), G_FILE_TEST_IS_REGULAR))
        return dotenv_error (*inputs.env_file, true, _("it is not a regular file"));
      env_path = inputs.env_file;
    }
  else if (inputs.search_env_file)
    env_path = find_dotenv (inputs.working_dir);
  if (env_path)
    {
      auto dotenv = read_dotenv (*env_path, inputs.env_file.has_value ());
      if (!dotenv)
        return std::move (dotenv).error ();
      values.env_file_path = *env_path;
      for (const auto &[key, value] : *dotenv)
        set_key (key, value, ConfigSource::env_file);
    }

  if (inputs.environment)
    {
      for (const auto &[key, value] : *inputs.environment)
        set_key (key, trimmed (value), ConfigSource::environment);
    }
  else
    for (auto key : config_keys ())
      if (const char *value = g_getenv (std::string (key).c_str ()))
        set_key (key, trimmed (value), ConfigSource::environment);

  for (const auto &[id, value] : inputs.given)
    {
      // Leaving a flag out is how a user asks for the configured value; an empty one is a
      // mistake (an unset shell variable, a lost quote).
      if (value.empty ())
        return invalid_value (parameter (id), value,
                              _("must not be empty (leave it out to use the configured or "
                                "default value)"));
      values.set (id, value, ConfigSource::flag);
    }

  // The keyring sits just above the config file. It is asked only when no higher layer gave
  // the key, so that a key in the environment costs no D-Bus round trip.
  ConfigSource key_source = values.source (Param::api_key);
  if (inputs.read_keyring
      && (key_source == ConfigSource::unset || key_source == ConfigSource::config_file))
    if (auto key = keyring_api_key ())
      values.set (Param::api_key, std::move (*key), ConfigSource::keyring);

  return values;
}

Result<Settings>
resolve_settings (const ConfigValues &values)
{
  Settings settings;
  // A flag's or argument's bad value is the user's input; any other is the configuration's.
  auto blamed = [&values] (const ParameterSpec &spec, Error error) {
    error.kind = values.source (spec.id) == ConfigSource::flag ? ErrorKind::validation
                                                                : ErrorKind::config;
    return error;
  };
  for (const auto &spec : parameter_table ())
    {
      auto text = values.get (spec.id);
      if (!text)
        continue;
      Slot slot = slot_of (settings, spec.id);
      if (std::holds_alternative<std::monostate> (slot))
        {
          // An input row (the prompt...) has no field here; validation checks the rest.
          if (Status ok = check_text (spec, *text); !ok)
            return blamed (spec, std::move (ok).error ());
          continue;
        }
      if (Status stored = store (spec, *text, slot); !stored)
        return blamed (spec, std::move (stored).error ());
      // Settings hold for every route, so their own rules are checked here; the request
      // options are checked by validation, against the route and the model.
      if (spec.kind == Kind::setting)
        if (Status ok = check_parameter_value (spec, *text); !ok)
          return blamed (spec, std::move (ok).error ());
    }
  ConfigSource format_source = values.source (Param::output_format);
  settings.format_is_default
      = format_source == ConfigSource::default_value || format_source == ConfigSource::unset;
  return settings;
}

Settings
default_settings ()
{
  ConfigValues values;
  for (const auto &spec : parameter_table ())
    if (!spec.fallback.empty ())
      values.set (spec.id, std::string (spec.fallback), ConfigSource::default_value);
  return std::move (resolve_settings (values)).value ();
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
    /* Translators: a folder's path, then the system's reason. */
    return Error::io_error (printf_string (_("cannot create folder %s: %s"), dir.c_str (),
                                           g_strerror (errno)));
  // 0600 even when an existing file was more open: it holds the API key. (GLib >= 2.76's
  // g_file_set_contents_full keeps an existing file's mode, so it cannot be used here.)
  if (Status written = write_file_atomically (path, data.get (), length, 0600); !written)
    /* Translators: %s is the system's reason. */
    return Error::io_error (printf_string (_("cannot write config file: %s"),
                                           written.error ().message.c_str ()));
  return {};
}

} // namespace gptimage
