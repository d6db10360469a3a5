// The pipeline names a bad value the way the user gave it, and reads only the layers a front
// allows.
#include "gptimage/pipeline.h"

#include "scratch-dir.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace gptimage;
using gptimage::testing::ScratchDir;

namespace {

class Pipeline : public ::testing::Test
{
protected:
  void SetUp () override
  {
    inputs.route = Route::generations;
    inputs.dry_run = true;
    inputs.config.environment = std::map<std::string, std::string> ();
    inputs.config.working_dir = dir.path ();
    inputs.config.config_file = dir.path () + "/config.ini";
    inputs.config.given[Param::prompt] = "a red fox";
  }

  void write (const std::string &name, const std::string &text)
  {
    std::ofstream (dir.path () + "/" + name) << text;
  }

  std::string error_of (const RunInputs &run)
  {
    auto prepared = prepare_run (run);
    return prepared ? std::string ("ok") : prepared.error ().message;
  }

  ScratchDir dir;
  RunInputs inputs;
};

} // namespace

TEST_F (Pipeline, AFlagIsNamedAsTheFrontCallsIt)
{
  inputs.config.given[Param::n] = "abc";
  EXPECT_EQ (error_of (inputs), "--n \"abc\" is invalid: must be a whole number");
  inputs.front = Front::gimp;
  EXPECT_EQ (error_of (inputs), "n \"abc\" is invalid: must be a whole number");
  inputs.config.given[Param::n] = "2";
  inputs.config.given[Param::output_format] = "png";
  inputs.config.given[Param::output_compression] = "50";
  EXPECT_EQ (error_of (inputs), "compression \"50\" is invalid: applies only to output_format "
                                "jpeg or webp, not png");
}

TEST_F (Pipeline, ConfiguredValuesNameTheirKeyAndWhere)
{
  (*inputs.config.environment)["OPENAI_IMAGE_QUALITY"] = "xhigh";
  EXPECT_EQ (error_of (inputs), "OPENAI_IMAGE_QUALITY \"xhigh\" (environment) is invalid: "
                                "gpt-image-2 supports low, medium, high or auto");
  inputs.config.environment->clear ();
  write (".env", "# comment\n\nOPENAI_IMAGE_N=0\n");
  EXPECT_EQ (error_of (inputs), "OPENAI_IMAGE_N \"0\" (" + dir.path ()
                                    + "/.env, line 3) is invalid: must be from 1 to 10");
  write (".env", "");
  write ("config.ini", "[other]\nOPENAI_IMAGE_SIZE=1x1\n[gpt-image]\n\nOPENAI_IMAGE_SIZE=10x10\n");
  EXPECT_EQ (error_of (inputs).substr (0, error_of (inputs).find (" is invalid")),
             "OPENAI_IMAGE_SIZE \"10x10\" (" + dir.path () + "/config.ini, line 5)");
}

TEST_F (Pipeline, TheApiKeyIsNeverShown)
{
  inputs.dry_run = false;
  (*inputs.config.environment)["OPENAI_API_KEY"] = "fake-key-secret-value";
  (*inputs.config.environment)["OPENAI_IMAGE_TIMEOUT"] = "0";
  std::string message = error_of (inputs);
  EXPECT_EQ (message.find ("fake-key-secret"), std::string::npos) << message;
  EXPECT_NE (message.find ("OPENAI_IMAGE_TIMEOUT"), std::string::npos) << message;
}

TEST_F (Pipeline, AFrontCanLeaveTheDotEnvFileUnread)
{
  write (".env", "OPENAI_BASE_URL=http://attacker.invalid/v1\n");
  auto read = prepare_run (inputs);
  ASSERT_TRUE (read.ok ());
  EXPECT_EQ (read->settings.base_url, "http://attacker.invalid/v1");
  inputs.config.search_env_file = false;
  auto unread = prepare_run (inputs);
  ASSERT_TRUE (unread.ok ());
  EXPECT_EQ (unread->settings.base_url, "https://api.openai.com/v1");
}

TEST_F (Pipeline, ValuesOfOtherRoutesAreNotSent)
{
  (*inputs.config.environment)["OPENAI_IMAGE_INPUT_FIDELITY"] = "high"; // an edits parameter
  auto prepared = prepare_run (inputs);
  ASSERT_TRUE (prepared.ok ()) << prepared.error ().message;
  std::string body (static_cast<const char *> (g_bytes_get_data (prepared->request.body.get (),
                                                                 nullptr)),
                    g_bytes_get_size (prepared->request.body.get ()));
  EXPECT_EQ (body.find ("input_fidelity"), std::string::npos) << body;
}

TEST_F (Pipeline, AMissingKeyIsAnErrorOnlyWhenSending)
{
  inputs.dry_run = false;
  auto prepared = prepare_run (inputs);
  ASSERT_FALSE (prepared.ok ());
  EXPECT_EQ (prepared.error ().param, "api_key");
}

// What the GIMP Settings procedure saves is checked as a run would check it, and named as
// GIMP calls the argument.
TEST_F (Pipeline, ValuesToSaveAreCheckedBeforeTheyAreWritten)
{
  auto rule_of = [] (Param id, const std::string &value) {
    Status status = check_values_to_save ({ { id, value } }, Front::gimp);
    return status ? std::string ("ok") : status.error ().message;
  };
  EXPECT_EQ (rule_of (Param::base_url, "https://example.test/v1"), "ok");
  EXPECT_EQ (rule_of (Param::base_url, "abc"),
             "base-url \"abc\" is invalid: must be an http:// or https:// URL");
  EXPECT_EQ (rule_of (Param::organization, "org-1\nX: 1"),
             "organization \"org-1\\nX: 1\" is invalid: must not contain control characters "
             "such as a line break");
  EXPECT_EQ (rule_of (Param::project, std::string (300, 'p')).substr (0, 9), "project \"");
  EXPECT_EQ (rule_of (Param::timeout, "0"), "timeout \"0\" is invalid: must be from 1 to 86400");
  EXPECT_EQ (rule_of (Param::confirm_above, "0.50"), "ok");
  EXPECT_EQ (rule_of (Param::confirm_above, "half a dollar"),
             "confirm-above \"half a dollar\" is invalid: must be an amount in US dollars, "
             "e.g. 0.50, or never");
  Status key = check_values_to_save ({ { Param::api_key, "fake-key-\nrest" } }, Front::gimp);
  ASSERT_FALSE (key.ok ());
  EXPECT_EQ (key.error ().message.find ("fake-key"), std::string::npos) << key.error ().message;
}

// The plug-in's settings are named where they were set, as a run names them.
TEST_F (Pipeline, LoadedSettingsNameTheKeyAndWhere)
{
  (*inputs.config.environment)["OPENAI_IMAGE_MODEL"] = std::string (300, 'm');
  auto settings = load_settings (inputs.config, Front::gimp);
  ASSERT_FALSE (settings.ok ());
  EXPECT_EQ (settings.error ().message.rfind ("OPENAI_IMAGE_MODEL \"mmm", 0), 0u)
      << settings.error ().message;
  EXPECT_NE (settings.error ().message.find ("(environment) is invalid: must be at most 256 "
                                             "characters (it has 300)"),
             std::string::npos)
      << settings.error ().message;
}

TEST_F (Pipeline, OptionsAreCheckedBeforeTheImagesAndTheKey)
{
  inputs.front = Front::gimp;
  inputs.dry_run = false; // no key is configured: the options check does not need one
  inputs.route = Route::edits;
  EXPECT_TRUE (check_run_options (inputs).ok ());
  inputs.config.given[Param::partial_images] = "1";
  inputs.config.given[Param::stream] = "true";
  inputs.config.given[Param::n] = "2";
  Status refused = check_run_options (inputs);
  ASSERT_FALSE (refused.ok ());
  EXPECT_EQ (refused.error ().param, "n");
  inputs.config.given.erase (Param::n);
  inputs.route = Route::generations;
  inputs.config.given[Param::quality] = "xhigh";
  refused = check_run_options (inputs);
  ASSERT_FALSE (refused.ok ());
  EXPECT_EQ (refused.error ().param, "quality");
  inputs.config.given[Param::image_model] = "gpt-image-2.5-flare";
  EXPECT_TRUE (check_run_options (inputs).ok ());
}
