#include "gptimage/config.h"

#include <glib.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace gptimage;
namespace fs = std::filesystem;

namespace {

void
write_text (const fs::path &path, std::string_view text)
{
  fs::create_directories (path.parent_path ());
  std::ofstream out (path, std::ios::binary);
  out << text;
}

std::string
read_text (const fs::path &path)
{
  std::ifstream in (path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf ();
  return out.str ();
}

// Every test runs in its own temp dir, with an injected environment and an explicit config
// file, so the real user configuration is never read.
class Config : public ::testing::Test
{
protected:
  void SetUp () override
  {
    gchar *dir = g_dir_make_tmp ("config-test-XXXXXX", nullptr);
    root_ = dir;
    g_free (dir);
    work_ = root_ / "project" / "work";
    fs::create_directories (work_);
    inputs_.environment = std::map<std::string, std::string> ();
    inputs_.working_dir = work_.string ();
    inputs_.config_file = (root_ / "xdg" / "gpt-image" / "config.ini").string ();
  }
  void TearDown () override { fs::remove_all (root_); }

  fs::path config_path () const { return *inputs_.config_file; }

  ConfigValues load_ok ()
  {
    auto values = load_config (inputs_);
    EXPECT_TRUE (values.ok ()) << (values.ok () ? "" : values.error ().message);
    return values.ok () ? values.value () : ConfigValues ();
  }

  Settings settings_ok ()
  {
    auto settings = resolve_settings (load_ok ());
    EXPECT_TRUE (settings.ok ()) << (settings.ok () ? "" : settings.error ().message);
    return settings.ok () ? settings.value () : Settings ();
  }

  fs::path root_;
  fs::path work_;
  ConfigInputs inputs_;
};

} // namespace

TEST_F (Config, DefaultsWhenNothingIsSet)
{
  ConfigValues values = load_ok ();
  EXPECT_EQ (values.source (Param::size), ConfigSource::default_value);
  EXPECT_EQ (values.source (Param::api_key), ConfigSource::unset);
  EXPECT_EQ (values.config_file_path, "");
  EXPECT_EQ (values.env_file_path.find (root_.string ()), std::string::npos);

  auto settings = resolve_settings (values);
  ASSERT_TRUE (settings.ok ());
  EXPECT_TRUE (settings->api_key.empty ());
  EXPECT_EQ (settings->base_url, "https://api.openai.com/v1");
  EXPECT_EQ (settings->image_model, "gpt-image-2");
  EXPECT_EQ (settings->responses_model, "gpt-5.4");
  EXPECT_TRUE (settings->tool_model.empty ());
  EXPECT_EQ (settings->timeout, 300);
  EXPECT_EQ (settings->max_retries, 2);
  EXPECT_EQ (settings->image.size, "auto");
  EXPECT_EQ (settings->image.quality, "high");
  EXPECT_EQ (settings->image.output_format, "webp");
  EXPECT_EQ (settings->image.n, 1);
  EXPECT_FALSE (settings->image.stream);
  EXPECT_TRUE (settings->image.background.empty ());
  EXPECT_FALSE (settings->image.output_compression);
  EXPECT_TRUE (settings->image.moderation.empty ());
  EXPECT_TRUE (settings->image.user.empty ());
  EXPECT_FALSE (settings->image.partial_images);
  EXPECT_TRUE (settings->image.response_format.empty ());
  EXPECT_TRUE (settings->image.input_fidelity.empty ());
  EXPECT_TRUE (settings->image.tool_choice.empty ());
  EXPECT_TRUE (settings->organization.empty ());
  EXPECT_TRUE (settings->project.empty ());
  EXPECT_TRUE (settings->format_is_default);
}

// One row per precedence pair and per "empty counts as unset" layer. nullptr: the layer does
// not mention the key; "": the layer sets it to the empty string.
struct LayerCase
{
  const char *name;
  const char *flag;
  const char *environment;
  const char *env_file;
  const char *config_file;
  const char *expected;
  ConfigSource source;
};

class ConfigLayers : public Config, public ::testing::WithParamInterface<LayerCase>
{
};

TEST_P (ConfigLayers, Precedence)
{
  const LayerCase &c = GetParam ();
  const std::string key = config_key (Param::size);
  if (c.flag)
    inputs_.given[Param::size] = c.flag;
  if (c.environment)
    (*inputs_.environment)[key] = c.environment;
  if (c.env_file)
    write_text (work_ / ".env", key + "=" + c.env_file + "\n");
  if (c.config_file)
    write_text (config_path (), "[gpt-image]\n" + key + "=" + c.config_file + "\n");
  ConfigValues values = load_ok ();
  EXPECT_EQ (values.get (Param::size).value_or ("<unset>"), c.expected);
  EXPECT_EQ (values.source (Param::size), c.source);
}

INSTANTIATE_TEST_SUITE_P (
  Pairs, ConfigLayers,
  ::testing::Values (
    LayerCase{ "flag_over_env", "1024x1024", "1536x1024", nullptr, nullptr, "1024x1024",
               ConfigSource::flag },
    LayerCase{ "env_over_dotenv", nullptr, "1536x1024", "1024x1536", nullptr, "1536x1024",
               ConfigSource::environment },
    LayerCase{ "dotenv_over_config", nullptr, nullptr, "1024x1536", "2048x2048", "1024x1536",
               ConfigSource::env_file },
    LayerCase{ "config_over_default", nullptr, nullptr, nullptr, "2048x2048", "2048x2048",
               ConfigSource::config_file },
    LayerCase{ "all_layers_flag_wins", "16x16", "32x32", "48x48", "64x64", "16x16",
               ConfigSource::flag },
    LayerCase{ "empty_env_skipped", nullptr, "", "1024x1536", nullptr, "1024x1536",
               ConfigSource::env_file },
    LayerCase{ "blank_env_skipped", nullptr, "   ", "1024x1536", nullptr, "1024x1536",
               ConfigSource::env_file },
    LayerCase{ "empty_dotenv_skipped", nullptr, nullptr, "", "2048x2048", "2048x2048",
               ConfigSource::config_file },
    LayerCase{ "empty_config_skipped", nullptr, nullptr, nullptr, "", "auto",
               ConfigSource::default_value },
    LayerCase{ "all_empty_default", nullptr, "", "", "", "auto", ConfigSource::default_value }),
  [] (const ::testing::TestParamInfo<LayerCase> &info) { return std::string (info.param.name); });

TEST_F (Config, KeyWithoutDefaultIsUnsetWhenEveryLayerIsEmpty)
{
  (*inputs_.environment)[config_key (Param::user)] = "";
  write_text (work_ / ".env", std::string (config_key (Param::user)) + "=\n");
  write_text (config_path (), std::string ("[gpt-image]\n") + config_key (Param::user) + "=\n");
  ConfigValues values = load_ok ();
  EXPECT_FALSE (values.get (Param::user));
  EXPECT_EQ (values.source (Param::user), ConfigSource::unset);
}

TEST_F (Config, SetIgnoresEmptyValues)
{
  ConfigValues values;
  values.set (Param::size, "1024x1024", ConfigSource::config_file);
  values.set (Param::size, "", ConfigSource::flag);
  EXPECT_EQ (values.get (Param::size), "1024x1024");
  EXPECT_EQ (values.source (Param::size), ConfigSource::config_file);
}

// A front's value is given on purpose: empty is a mistake, not "unset" as in the files.
TEST_F (Config, AnEmptyGivenValueIsAnError)
{
  inputs_.given[Param::user] = "";
  (*inputs_.environment)[config_key (Param::user)] = "ada";
  auto values = load_config (inputs_);
  ASSERT_FALSE (values.ok ());
  EXPECT_EQ (values.error ().param, "user");
  EXPECT_EQ (values.error ().message,
             "user \"\" is invalid: must not be empty (leave it out to use the configured or "
             "default value)");
}

TEST_F (Config, DotenvIsFoundInAParentFolder)
{
  write_text (root_ / "project" / ".env", "OPENAI_IMAGE_QUALITY=low\n");
  ConfigValues values = load_ok ();
  EXPECT_EQ (values.get (Param::quality), "low");
  EXPECT_EQ (values.source (Param::quality), ConfigSource::env_file);
  EXPECT_EQ (fs::path (values.env_file_path), root_ / "project" / ".env");

  // The nearest one wins; the parent's is not merged in.
  write_text (work_ / ".env", "OPENAI_IMAGE_SIZE=1024x1024\n");
  values = load_ok ();
  EXPECT_EQ (values.get (Param::size), "1024x1024");
  EXPECT_EQ (values.source (Param::quality), ConfigSource::default_value);
  EXPECT_EQ (fs::path (values.env_file_path), work_ / ".env");
}

TEST_F (Config, EnvFileFlagReplacesTheSearch)
{
  write_text (work_ / ".env", "OPENAI_IMAGE_SIZE=1024x1024\n");
  write_text (root_ / "other.env", "OPENAI_IMAGE_QUALITY=medium\n");
  inputs_.env_file = (root_ / "other.env").string ();
  ConfigValues values = load_ok ();
  EXPECT_EQ (values.get (Param::quality), "medium");
  EXPECT_EQ (values.source (Param::size), ConfigSource::default_value);
  EXPECT_EQ (values.env_file_path, *inputs_.env_file);
}

TEST_F (Config, MissingEnvFileIsAnError)
{
  inputs_.env_file = (root_ / "nope.env").string ();
  auto values = load_config (inputs_);
  ASSERT_FALSE (values.ok ());
  EXPECT_EQ (values.error ().kind, ErrorKind::config);
  EXPECT_EQ (values.error ().message,
             "env_file \"" + (root_ / "nope.env").string () + "\" is invalid: the file does not "
             "exist");
}

TEST_F (Config, UnreadableEnvFileIsAnError)
{
  fs::create_directories (root_ / "folder.env");
  inputs_.env_file = (root_ / "folder.env").string ();
  auto values = load_config (inputs_);
  ASSERT_FALSE (values.ok ());
  EXPECT_EQ (values.error ().kind, ErrorKind::config);
  EXPECT_NE (values.error ().message.find ("is invalid: it is not a regular file"),
             std::string::npos);
  EXPECT_NE (values.error ().message.find ((root_ / "folder.env").string ()), std::string::npos);
}

TEST_F (Config, MalformedDotenvIsAnErrorNamingFileAndLine)
{
  write_text (work_ / ".env", "OPENAI_IMAGE_N=1\nOPENAI_API_KEY fake-key-secret-1234\n");
  auto values = load_config (inputs_);
  ASSERT_FALSE (values.ok ());
  EXPECT_EQ (values.error ().kind, ErrorKind::config);
  EXPECT_EQ (values.error ().message, (work_ / ".env").string () + ":2: expected KEY=VALUE");
}

TEST_F (Config, DotenvAndEnvironmentOnlyContributeKnownKeys)
{
  write_text (work_ / ".env", "SOMETHING_ELSE=1\nOPENAI_IMAGE_N=3\n");
  (*inputs_.environment)["PATH"] = "/usr/bin";
  ConfigValues values = load_ok ();
  EXPECT_EQ (find_parameter_by_key ("SOMETHING_ELSE"), nullptr);
  EXPECT_EQ (values.get (Param::n), "3");
}

TEST_F (Config, ProcessEnvironmentIsReadWhenNotInjected)
{
  inputs_.environment.reset ();
  g_setenv (config_key (Param::user), "from-process", TRUE);
  ConfigValues values = load_ok ();
  g_unsetenv (config_key (Param::user));
  EXPECT_EQ (values.get (Param::user), "from-process");
  EXPECT_EQ (values.source (Param::user), ConfigSource::environment);
}

TEST_F (Config, MissingConfigFileIsFine)
{
  inputs_.config_file = (root_ / "does" / "not" / "exist.ini").string ();
  ConfigValues values = load_ok ();
  EXPECT_EQ (values.config_file_path, "");
}

TEST_F (Config, ConfigFileReadsOnlyTheGptImageGroup)
{
  write_text (config_path (), "# comment\n[other]\nOPENAI_IMAGE_SIZE=16x16\n"
                              "[gpt-image]\nOPENAI_IMAGE_QUALITY=medium\nUNKNOWN=1\n");
  ConfigValues values = load_ok ();
  EXPECT_EQ (values.get (Param::quality), "medium");
  EXPECT_EQ (values.source (Param::size), ConfigSource::default_value);
  EXPECT_EQ (values.config_file_path, config_path ().string ());
}

TEST_F (Config, MalformedConfigFileIsAnErrorNamingTheFileButNotTheLine)
{
  write_text (config_path (), "[gpt-image]\nOPENAI_API_KEY fake-key-secret-5678\n");
  auto values = load_config (inputs_);
  ASSERT_FALSE (values.ok ());
  EXPECT_EQ (values.error ().kind, ErrorKind::config);
  EXPECT_NE (values.error ().message.find (config_path ().string ()), std::string::npos);
  EXPECT_EQ (values.error ().message.find ("fake-key-secret"), std::string::npos);
}

TEST_F (Config, ConfigFileThatIsNotAFileIsAnError)
{
  fs::create_directories (config_path ());
  auto values = load_config (inputs_);
  ASSERT_FALSE (values.ok ());
  EXPECT_EQ (values.error ().kind, ErrorKind::config);
  EXPECT_EQ (values.error ().message,
             "config file " + config_path ().string () + " is not a regular file");
}

TEST_F (Config, BadEscapeInConfigFileNamesTheKeyNotTheValue)
{
  write_text (config_path (), "[gpt-image]\nOPENAI_API_KEY=fake-key-secret\\q\n");
  auto values = load_config (inputs_);
  ASSERT_FALSE (values.ok ());
  EXPECT_EQ (values.error ().kind, ErrorKind::config);
  EXPECT_EQ (values.error ().param, "api_key");
  EXPECT_NE (values.error ().message.find (config_path ().string ()), std::string::npos);
  EXPECT_EQ (values.error ().message.find ("fake-key-secret"), std::string::npos);
}

TEST_F (Config, SettingsFromEveryKey)
{
  auto &env = *inputs_.environment;
  env[config_key (Param::api_key)] = "fake-key-test";
  env[config_key (Param::base_url)] = "http://127.0.0.1:8080/v1//";
  env[config_key (Param::organization)] = "org-1";
  env[config_key (Param::project)] = "proj-1";
  env[config_key (Param::image_model)] = "gpt-image-2.5-flare";
  env[config_key (Param::responses_model)] = "gpt-5.5";
  env[config_key (Param::tool_model)] = "gpt-image-1.5";
  env[config_key (Param::timeout)] = "42";
  env[config_key (Param::max_retries)] = "0";
  env[config_key (Param::size)] = "2048x1152";
  env[config_key (Param::quality)] = "medium";
  env[config_key (Param::output_format)] = "png";
  env[config_key (Param::n)] = "4";
  env[config_key (Param::background)] = "transparent";
  env[config_key (Param::output_compression)] = "80";
  env[config_key (Param::moderation)] = "low";
  env[config_key (Param::user)] = "user-7";
  env[config_key (Param::partial_images)] = "2";
  env[config_key (Param::response_format)] = "b64_json";
  env[config_key (Param::input_fidelity)] = "high";
  env[config_key (Param::tool_choice)] = "required";
  env[config_key (Param::stream)] = "YES";
  Settings s = settings_ok ();
  EXPECT_EQ (s.api_key, "fake-key-test");
  EXPECT_EQ (s.base_url, "http://127.0.0.1:8080/v1");
  EXPECT_EQ (s.organization, "org-1");
  EXPECT_EQ (s.project, "proj-1");
  EXPECT_EQ (s.image_model, "gpt-image-2.5-flare");
  EXPECT_EQ (s.responses_model, "gpt-5.5");
  EXPECT_EQ (s.tool_model, "gpt-image-1.5");
  EXPECT_EQ (s.timeout, 42);
  EXPECT_EQ (s.max_retries, 0);
  EXPECT_EQ (s.image.size, "2048x1152");
  EXPECT_EQ (s.image.quality, "medium");
  EXPECT_EQ (s.image.output_format, "png");
  EXPECT_FALSE (s.format_is_default);
  EXPECT_EQ (s.image.n, 4);
  EXPECT_EQ (s.image.background, "transparent");
  EXPECT_EQ (s.image.output_compression, 80);
  EXPECT_EQ (s.image.moderation, "low");
  EXPECT_EQ (s.image.user, "user-7");
  EXPECT_EQ (s.image.partial_images, 2);
  EXPECT_EQ (s.image.response_format, "b64_json");
  EXPECT_EQ (s.image.input_fidelity, "high");
  EXPECT_EQ (s.image.tool_choice, "required");
  EXPECT_TRUE (s.image.stream);
}

TEST_F (Config, FormatIsDefaultOnlyWhenNoLayerSetsIt)
{
  EXPECT_TRUE (settings_ok ().format_is_default);
  write_text (config_path (), "[gpt-image]\nOPENAI_IMAGE_FORMAT=webp\n");
  // Same value as the default, but the user chose it.
  EXPECT_FALSE (settings_ok ().format_is_default);
}

TEST_F (Config, StreamBooleans)
{
  for (const char *yes : { "1", "true", "TRUE", "yes", "On" })
    {
      (*inputs_.environment)[config_key (Param::stream)] = yes;
      EXPECT_TRUE (settings_ok ().image.stream) << yes;
    }
  for (const char *no : { "0", "false", "No", "OFF" })
    {
      (*inputs_.environment)[config_key (Param::stream)] = no;
      EXPECT_FALSE (settings_ok ().image.stream) << no;
    }
  for (const char *bad : { "2", "y", "enabled", "truee" })
    {
      (*inputs_.environment)[config_key (Param::stream)] = bad;
      auto s = resolve_settings (load_ok ());
      ASSERT_FALSE (s.ok ()) << bad;
      EXPECT_EQ (s.error ().kind, ErrorKind::config);
      EXPECT_EQ (s.error ().param, "stream");
      EXPECT_EQ (s.error ().message, std::string ("stream \"") + bad
                                       + "\" is invalid: must be 1, true, yes, on, 0, false, "
                                         "no or off");
    }
}

struct NumberCase
{
  const char *key;
  const char *value;
  const char *message; // nullptr: accepted
};

TEST_F (Config, WholeNumbers)
{
  const NumberCase cases[] = {
    { config_key (Param::n), "abc", "n \"abc\" is invalid: must be a whole number" },
    { config_key (Param::n), "2.5", "n \"2.5\" is invalid: must be a whole number" },
    { config_key (Param::n), "-1", "n \"-1\" is invalid: must be from 1 to 10" },
    { config_key (Param::n), "+1", "n \"+1\" is invalid: must be a whole number" },
    { config_key (Param::n), "99999999999", "n \"99999999999\" is invalid: must be from 1 to 10" },
    { config_key (Param::n), "10", nullptr },
    { config_key (Param::timeout), "0",
      "timeout \"0\" is invalid: must be from 1 to 86400" },
    { config_key (Param::timeout), "1m", "timeout \"1m\" is invalid: must be a whole number" },
    { config_key (Param::timeout), "1", nullptr },
    { config_key (Param::max_retries), "11",
      "max_retries \"11\" is invalid: must be from 0 to 10" },
    { config_key (Param::max_retries), "x",
      "max_retries \"x\" is invalid: must be a whole number" },
    { config_key (Param::max_retries), "10", nullptr },
    { config_key (Param::output_compression), "high",
      "output_compression \"high\" is invalid: must be a whole number" },
    { config_key (Param::output_compression), "100", nullptr },
    { config_key (Param::partial_images), "two",
      "partial_images \"two\" is invalid: must be a whole number" },
    { config_key (Param::partial_images), "3", nullptr },
  };
  for (const auto &c : cases)
    {
      SCOPED_TRACE (std::string (c.key) + "=" + c.value);
      inputs_.environment = std::map<std::string, std::string>{ { c.key, c.value } };
      auto s = resolve_settings (load_ok ());
      if (!c.message)
        {
          EXPECT_TRUE (s.ok ()) << (s.ok () ? "" : s.error ().message);
          continue;
        }
      ASSERT_FALSE (s.ok ());
      EXPECT_EQ (s.error ().kind, ErrorKind::config);
      // The row is named here; the pipeline says where the value came from.
      EXPECT_EQ (s.error ().param, find_parameter_by_key (c.key)->name);
      EXPECT_EQ (s.error ().message, c.message);
    }
}

TEST_F (Config, BaseUrl)
{
  (*inputs_.environment)[config_key (Param::base_url)] = "https://example.test/v1/";
  EXPECT_EQ (settings_ok ().base_url, "https://example.test/v1");
  for (const char *bad : { "example.test/v1", "ftp://example.test", "http://" })
    {
      (*inputs_.environment)[config_key (Param::base_url)] = bad;
      auto s = resolve_settings (load_ok ());
      ASSERT_FALSE (s.ok ()) << bad;
      EXPECT_EQ (s.error ().param, "base_url");
      EXPECT_EQ (s.error ().kind, ErrorKind::config);
    }
}

TEST_F (Config, ProxyIsAnHttpUrlWithAPort)
{
  (*inputs_.environment)[config_key (Param::proxy)] = " proxy.example:3128 ";
  EXPECT_EQ (settings_ok ().proxy, "http://proxy.example:3128");
  for (const char *bad : { "proxy.example", "socks5://proxy.example:1080", "http://:1" })
    {
      (*inputs_.environment)[config_key (Param::proxy)] = bad;
      auto s = resolve_settings (load_ok ());
      ASSERT_FALSE (s.ok ()) << bad;
      EXPECT_EQ (s.error ().param, "proxy");
      EXPECT_EQ (s.error ().kind, ErrorKind::config);
    }
}

TEST_F (Config, ApiKeyNeverAppearsInErrors)
{
  const std::string secret = "fake-key-proj-very-secret";
  (*inputs_.environment)[config_key (Param::api_key)] = secret;
  for (auto [key, value] : { std::pair{ config_key (Param::n), "x" }, std::pair{ config_key (Param::stream), "maybe" },
                             std::pair{ config_key (Param::base_url), "nope" },
                             std::pair{ config_key (Param::timeout), "0" } })
    {
      auto env = *inputs_.environment;
      env[key] = value;
      ConfigInputs inputs = inputs_;
      inputs.environment = env;
      auto loaded = load_config (inputs);
      ASSERT_TRUE (loaded.ok ());
      auto s = resolve_settings (loaded.value ());
      ASSERT_FALSE (s.ok ());
      EXPECT_EQ (s.error ().message.find (secret), std::string::npos);
      EXPECT_EQ (s.error ().describe ().find (secret), std::string::npos);
    }
}

TEST_F (Config, DefaultConfigFilePath)
{
  fs::path path = default_config_file_path ();
  EXPECT_EQ (path.filename (), "config.ini");
  EXPECT_EQ (path.parent_path ().filename (), "gpt-image");
  EXPECT_EQ (path.parent_path ().parent_path (), fs::path (g_get_user_config_dir ()));
}

TEST_F (Config, ConfigKeysListsEveryKeyOnce)
{
  const auto &all = config_keys ();
  // 22, OPENAI_IMAGE_COMPLEXITY, OPENAI_IMAGE_PROXY, OPENAI_IMAGE_CA_BUNDLE,
  // OPENAI_IMAGE_RESULTS_FOLDER and OPENAI_IMAGE_CONFIRM_ABOVE
  EXPECT_EQ (all.size (), 27u);
  std::set<std::string> unique (all.begin (), all.end ());
  EXPECT_EQ (unique.size (), all.size ());
  EXPECT_TRUE (unique.count (config_key (Param::max_retries)));
  EXPECT_TRUE (unique.count (config_key (Param::api_key)));
}

TEST_F (Config, SaveConfigFileCreatesFoldersWithMode0600)
{
  fs::path path = root_ / "new" / "deeper" / "config.ini";
  auto status = save_config_file (path.string (), { { config_key (Param::api_key), "fake-key-saved" },
                                                    { config_key (Param::size), "1024x1024" } });
  ASSERT_TRUE (status.ok ()) << status.error ().message;
  struct stat st;
  ASSERT_EQ (stat (path.c_str (), &st), 0);
  EXPECT_EQ (st.st_mode & 0777, 0600u);

  inputs_.config_file = path.string ();
  ConfigValues values = load_ok ();
  EXPECT_EQ (values.get (Param::api_key), "fake-key-saved");
  EXPECT_EQ (values.source (Param::size), ConfigSource::config_file);
}

TEST_F (Config, SaveConfigFileMergesAndKeepsComments)
{
  write_text (config_path (), "# my notes\n"
                              "[other]\n"
                              "keep=yes\n"
                              "\n"
                              "[gpt-image]\n"
                              "# the size I like\n"
                              "OPENAI_IMAGE_SIZE=2048x2048\n"
                              "OPENAI_IMAGE_QUALITY=low\n"
                              "OPENAI_IMAGE_USER=me\n");
  fs::permissions (config_path (), fs::perms (0644));
  auto status = save_config_file (config_path ().string (),
                                  { { config_key (Param::quality), "medium" },
                                    { config_key (Param::output_format), "png" },
                                    { config_key (Param::user), "" } });
  ASSERT_TRUE (status.ok ()) << status.error ().message;

  std::string text = read_text (config_path ());
  EXPECT_NE (text.find ("# my notes"), std::string::npos);
  EXPECT_NE (text.find ("# the size I like"), std::string::npos);
  EXPECT_NE (text.find ("keep=yes"), std::string::npos);

  ConfigValues values = load_ok ();
  EXPECT_EQ (values.get (Param::size), "2048x2048");
  EXPECT_EQ (values.get (Param::quality), "medium");
  EXPECT_EQ (values.get (Param::output_format), "png");
  EXPECT_FALSE (values.get (Param::user)); // an empty value removes the key

  struct stat st;
  ASSERT_EQ (stat (config_path ().c_str (), &st), 0);
  EXPECT_EQ (st.st_mode & 0777, 0600u);
  // The temporary file was renamed, not left behind.
  int files = 0;
  for (const auto &entry : fs::directory_iterator (config_path ().parent_path ()))
    {
      (void) entry;
      ++files;
    }
  EXPECT_EQ (files, 1);
}

TEST_F (Config, SaveConfigFileKeepsValuesThatNeedEscaping)
{
  const std::string tricky = "  leading spaces and a\nnewline #not a comment";
  ASSERT_TRUE (save_config_file (config_path ().string (), { { config_key (Param::user), tricky } }).ok ());
  // Values are trimmed when read, like every layer; the inner text survives.
  EXPECT_EQ (load_ok ().get (Param::user), "leading spaces and a\nnewline #not a comment");
}

TEST_F (Config, SaveConfigFileRefusesToOverwriteAMalformedFile)
{
  write_text (config_path (), "this is not a key file\n");
  auto status = save_config_file (config_path ().string (), { { config_key (Param::size), "auto" } });
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().kind, ErrorKind::config);
  EXPECT_NE (status.error ().message.find ("is malformed"), std::string::npos);
  EXPECT_EQ (read_text (config_path ()), "this is not a key file\n");
}

TEST_F (Config, SaveConfigFileReportsAFolderItCannotCreate)
{
  write_text (root_ / "plain-file", "x");
  auto status = save_config_file ((root_ / "plain-file" / "sub" / "config.ini").string (),
                                  { { config_key (Param::size), "auto" } });
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().kind, ErrorKind::io);
  EXPECT_NE (status.error ().message.find ("cannot create folder"), std::string::npos);
}

TEST_F (Config, AConfigFileOthersCanReadIsWarnedAboutWithTheCommandThatFixesIt)
{
  write_text (config_path (), "[gpt-image]\nOPENAI_IMAGE_N=2\n");
  ASSERT_EQ (chmod (config_path ().c_str (), 0640), 0);
  ConfigValues values = load_ok ();
  ASSERT_EQ (values.warnings.size (), 1u);
  EXPECT_EQ (values.warnings[0], "config file " + config_path ().string ()
                                     + " can be read by other users, and it may hold the API "
                                       "key: make it private with: chmod 600 '"
                                     + config_path ().string () + "'");
  EXPECT_EQ (values.get (Param::n), "2"); // still read

  ASSERT_EQ (chmod (config_path ().c_str (), 0600), 0);
  EXPECT_TRUE (load_ok ().warnings.empty ());
  // No config file, no warning.
  fs::remove (config_path ());
  EXPECT_TRUE (load_ok ().warnings.empty ());
}
