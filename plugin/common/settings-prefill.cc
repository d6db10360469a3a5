#include "settings-prefill.h"

#include "i18n.h"
#include "procedure-arguments.h"
#include "request-runner.h"

#include "gptimage/config.h"
#include "gptimage/glib-ptr.h"

namespace gptimage::plugin {

namespace {

const char *
source_name (ConfigSource source)
{
  switch (source)
    {
    case ConfigSource::environment:
      return _("the environment");
    case ConfigSource::keyring:
      return _("the desktop keyring");
    case ConfigSource::config_file:
      return _("the config file");
    default:
      return _("the configuration");
    }
}

} // namespace

CurrentSettings
current_settings ()
{
  CurrentSettings current;
  auto values = load_config (plugin_config ());
  if (!values)
    {
      /* Translators: %s is why the configuration could not be read. */
      current.key_state = printf_string (_("The configuration could not be read: %s"),
                                         values.error ().describe ().c_str ());
      return current;
    }
  for (Param id : kSettingsTextArguments)
    {
      auto value = values->get (id);
      if (value && !value->empty () && values->source (id) != ConfigSource::default_value)
        current.texts[std::string (parameter (id).gimp)] = *value;
    }
  current.timeout_is_default = values->source (Param::timeout) == ConfigSource::default_value;
  if (auto timeout = values->get (Param::timeout))
    {
      const ParameterSpec &spec = parameter (Param::timeout);
      gint64 seconds = g_ascii_strtoll (timeout->c_str (), nullptr, 10);
      if (seconds >= spec.min && seconds <= spec.max)
        current.timeout = static_cast<int> (seconds);
    }
  std::string &state = current.key_state;
  auto key = values->get (Param::api_key);
  if (!key || key->empty ())
    state = _("No API key is set yet.");
  else
    /* Translators: %s is where the key comes from: "the environment", "the keyring" or a file's
       path. */
    state = printf_string (_("The key in effect comes from %s. Leave the field empty to keep "
                             "it."),
                           source_name (values->source (Param::api_key)));
  if (values->source (Param::api_key) == ConfigSource::environment)
    {
      // What the plug-in would use without the environment: the key saved here.
      ConfigInputs saved_only = plugin_config ();
      saved_only.environment.emplace ();
      auto saved = load_config (saved_only);
      auto saved_key = saved ? saved->get (Param::api_key) : std::nullopt;
      state += "\n";
      if (saved_key && !saved_key->empty ())
        /* Translators: %s is the environment variable's name (OPENAI_API_KEY), kept in English. */
        state += printf_string (_("Warning: %s in the environment overrides the key saved in "
                                  "%s; a key saved here is used only when GIMP starts without "
                                  "it."),
                                config_key (Param::api_key),
                                source_name (saved->source (Param::api_key)));
      else
        /* Translators: %s is the environment variable's name (OPENAI_API_KEY), kept in English. */
        state += printf_string (_("A key saved here is used only when GIMP starts without %s "
                                  "in the environment."),
                                config_key (Param::api_key));
    }
  // The config file's own warnings (one others can read), in the user's language.
  if (!values->warnings.empty ())
    /* Translators: the config file's path, twice. */
    state += "\n" + printf_string (_("%s can be read by other users; make it private with: "
                                     "chmod 600 %s"),
                                   values->config_file_path.c_str (),
                                   take_string (g_shell_quote (values->config_file_path.c_str ()))
                                       .c_str ());
  return current;
}

void
keep_default_timeout_unpinned (std::map<std::string, std::string> &values,
                               const CurrentSettings &shown)
{
  auto timeout = values.find (config_key (Param::timeout));
  if (shown.timeout_is_default && timeout != values.end ()
      && timeout->second == std::to_string (shown.timeout))
    values.erase (timeout);
}

} // namespace gptimage::plugin
