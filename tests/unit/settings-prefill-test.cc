#include "settings-prefill.h"

#include "prompt-history.h"
#include "scratch-dir.h"

#include "gptimage/config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

using namespace gptimage;
using namespace gptimage::plugin;
using gptimage::testing::ScratchDir;

namespace {

const std::string kFileKey = "fake-key-prefill-file-0123456789";
const std::string kEnvKey = "fake-key-prefill-env-9876543210";

// One config folder for the whole program: GLib reads XDG_CONFIG_HOME once.
class PrefillTest : public ::testing::Test
{
protected:
  static void SetUpTestSuite ()
  {
    home_ = new ScratchDir;
    g_setenv ("XDG_CONFIG_HOME", home_->path ().c_str (), TRUE);
  }
  static void TearDownTestSuite () { delete home_; }
  void SetUp () override
  {
    g_unsetenv ("OPENAI_API_KEY");
    g_unsetenv ("OPENAI_IMAGE_TIMEOUT");
    g_remove (default_config_file_path ().c_str ());
  }
  void save (const std::string &key, const std::string &value)
  {
    ASSERT_TRUE (save_config_file (default_config_file_path (), { { key, value } }));
  }
  static ScratchDir *home_;
};
ScratchDir *PrefillTest::home_ = nullptr;

TEST_F (PrefillTest, NoKeySaysSo)
{
  CurrentSettings current = current_settings ();
  EXPECT_EQ (current.key_state, "No API key is set yet.");
}

TEST_F (PrefillTest, SavedKeyNamesTheConfigFile)
{
  save ("OPENAI_API_KEY", kFileKey);
  CurrentSettings current = current_settings ();
  EXPECT_NE (current.key_state.find ("comes from the config file"), std::string::npos)
      << current.key_state;
  EXPECT_EQ (current.key_state.find ("Warning"), std::string::npos) << current.key_state;
  EXPECT_EQ (current.key_state.find (kFileKey), std::string::npos);
}

TEST_F (PrefillTest, EnvironmentOverridingSavedKeyIsWarned)
{
  save ("OPENAI_API_KEY", kFileKey);
  g_setenv ("OPENAI_API_KEY", kEnvKey.c_str (), TRUE);
  CurrentSettings current = current_settings ();
  EXPECT_NE (current.key_state.find ("comes from the environment"), std::string::npos)
      << current.key_state;
  EXPECT_NE (current.key_state.find ("Warning: OPENAI_API_KEY in the environment overrides the "
                                     "key saved in the config file"),
             std::string::npos)
      << current.key_state;
  EXPECT_EQ (current.key_state.find (kFileKey), std::string::npos);
  EXPECT_EQ (current.key_state.find (kEnvKey), std::string::npos);
}

TEST_F (PrefillTest, EnvironmentKeyAloneIsNoWarning)
{
  g_setenv ("OPENAI_API_KEY", kEnvKey.c_str (), TRUE);
  CurrentSettings current = current_settings ();
  EXPECT_EQ (current.key_state.find ("Warning"), std::string::npos) << current.key_state;
  EXPECT_NE (current.key_state.find ("used only when GIMP starts without OPENAI_API_KEY"),
             std::string::npos)
      << current.key_state;
}

TEST_F (PrefillTest, TimeoutInEffectIsShownNeverZero)
{
  CurrentSettings current = current_settings ();
  EXPECT_EQ (current.timeout, 300);
  EXPECT_TRUE (current.timeout_is_default);
  save ("OPENAI_IMAGE_TIMEOUT", "45");
  current = current_settings ();
  EXPECT_EQ (current.timeout, 45);
  EXPECT_FALSE (current.timeout_is_default);
}

TEST_F (PrefillTest, DefaultTimeoutShownIsNotSaved)
{
  CurrentSettings shown = current_settings ();
  std::map<std::string, std::string> values { { "OPENAI_IMAGE_TIMEOUT", "300" } };
  keep_default_timeout_unpinned (values, shown);
  EXPECT_TRUE (values.empty ());
  values["OPENAI_IMAGE_TIMEOUT"] = "120"; // changed by the user
  keep_default_timeout_unpinned (values, shown);
  EXPECT_EQ (values.size (), 1u);
  save ("OPENAI_IMAGE_TIMEOUT", "300"); // pinned by the user before: kept
  shown = current_settings ();
  values["OPENAI_IMAGE_TIMEOUT"] = "300";
  keep_default_timeout_unpinned (values, shown);
  EXPECT_EQ (values.size (), 1u);
}

TEST_F (PrefillTest, HistoryLivesBesideTheConfigFile)
{
  CharPtr folder (g_path_get_dirname (default_config_file_path ().c_str ()));
  EXPECT_EQ (prompt_history_path (), std::string (folder.get ()) + "/prompt-history");
}

} // namespace
