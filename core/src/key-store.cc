#include "gptimage/key-store.h"

#include "gptimage/config.h"
#include "gptimage/glib-ptr.h"

#ifdef GPT_IMAGE_HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

namespace gptimage {

namespace {

#ifdef GPT_IMAGE_HAVE_LIBSECRET

// One item, found by its attributes alone (application=gpt-image setting=OPENAI_API_KEY), so
// that a key stored with `secret-tool store` is found too.
constexpr const char *kApplication = "gpt-image";

const SecretSchema *
key_schema ()
{
  static const SecretSchema schema = {
    "gpt-image.api-key",
    SECRET_SCHEMA_DONT_MATCH_NAME,
    {
      { "application", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "setting", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { nullptr, SECRET_SCHEMA_ATTRIBUTE_STRING },
    },
    0, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
  };
  return &schema;
}

struct SecretPasswordFree
{
  // Zeroes the key before freeing it.
  void operator() (gchar *password) const noexcept { secret_password_free (password); }
};
using SecretPasswordPtr = std::unique_ptr<gchar, SecretPasswordFree>;

#endif

} // namespace

bool
keyring_supported ()
{
#ifdef GPT_IMAGE_HAVE_LIBSECRET
  return true;
#else
  return false;
#endif
}

std::optional<std::string>
keyring_api_key ()
{
#ifdef GPT_IMAGE_HAVE_LIBSECRET
  // No Secret Service (no session bus, none running) is an error here: then there is no key.
  SecretPasswordPtr key (secret_password_lookup_sync (key_schema (), nullptr, nullptr,
                                                      "application", kApplication, "setting",
                                                      config_key (Param::api_key), nullptr));
  if (key && *key)
    return std::string (key.get ());
#endif
  return std::nullopt;
}

Result<KeyPlace>
store_api_key (const std::string &key, const std::string &config_path)
{
  const char *setting = config_key (Param::api_key);
#ifdef GPT_IMAGE_HAVE_LIBSECRET
  if (secret_password_store_sync (key_schema (), SECRET_COLLECTION_DEFAULT,
                                  "OpenAI API key (gpt-image)", key.c_str (), nullptr, nullptr,
                                  "application", kApplication, "setting", setting, nullptr))
    {
      ConfigInputs file_only;
      file_only.config_file = config_path;
      file_only.search_env_file = false;
      file_only.environment.emplace ();
      file_only.read_keyring = false;
      auto values = load_config (file_only);
      if (values && values->source (Param::api_key) == ConfigSource::config_file)
        if (Status removed = save_config_file (config_path, { { setting, "" } }); !removed)
          return std::move (removed).error ();
      return KeyPlace::keyring;
    }
#endif
  if (Status saved = save_config_file (config_path, { { setting, key } }); !saved)
    return std::move (saved).error ();
  return KeyPlace::config_file;
}

} // namespace gptimage
