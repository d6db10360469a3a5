#include "requested-size.h"

#include "scratch-dir.h"

#include <glib.h>
#include <gtest/gtest.h>

using namespace gptimage;
using namespace gptimage::plugin;

namespace {

// The plug-in's configuration in a scratch XDG_CONFIG_HOME, with nothing in the environment.
// One folder for the whole program: GLib reads XDG_CONFIG_HOME once.
class RequestedSizeTest : public ::testing::Test
{
protected:
  static void SetUpTestSuite ()
  {
    scratch_ = new gptimage::testing::ScratchDir;
    g_setenv ("XDG_CONFIG_HOME", scratch_->path ().c_str (), TRUE);
    g_mkdir_with_parents (scratch_->file ("gpt-image").c_str (), 0700);
  }
  static void TearDownTestSuite ()
  {
    delete scratch_;
    scratch_ = nullptr;
  }
  void SetUp () override
  {
    ASSERT_TRUE (scratch_->ok ());
    g_remove (scratch_->file ("gpt-image/config.ini").c_str ());
    for (const char *key : { "OPENAI_IMAGE_SIZE", "OPENAI_IMAGE_MODEL", "OPENAI_IMAGE_TOOL_MODEL" })
      g_unsetenv (key);
  }
  void configure (const std::string &lines)
  {
    const std::string text = "[gpt-image]\n" + lines;
    std::string path = scratch_->write ("gpt-image/config.ini", { text.begin (), text.end () });
    g_chmod (path.c_str (), 0600); // the config file must be private
  }
  static gptimage::testing::ScratchDir *scratch_;
};

gptimage::testing::ScratchDir *RequestedSizeTest::scratch_ = nullptr;

TEST_F (RequestedSizeTest, OpenImageAsksForItsMatchedSize)
{
  auto size = requested_size ({}, Route::generations, PixelSize{ 1024, 768 });
  ASSERT_TRUE (size) << size.error ().message;
  EXPECT_EQ (size->size, "1024x768");
  EXPECT_TRUE (size->matched);
}

TEST_F (RequestedSizeTest, TheRoutesModelDecides)
{
  auto fixed = requested_size ({ { Param::image_model, "gpt-image-1.5" } }, Route::generations,
                               PixelSize{ 1024, 768 });
  ASSERT_TRUE (fixed);
  EXPECT_EQ (fixed->size, "1536x1024");
  auto unknown = requested_size ({ { Param::image_model, "my-own-model" } }, Route::generations,
                                 PixelSize{ 1024, 768 });
  ASSERT_TRUE (unknown);
  EXPECT_EQ (unknown->size, "auto");
  EXPECT_FALSE (unknown->matched);
  // A conversation follows the tool model (gpt-image-2 when none is set).
  auto tool = requested_size ({ { Param::tool_model, "gpt-image-1.5" } }, Route::responses,
                              PixelSize{ 768, 1024 });
  ASSERT_TRUE (tool);
  EXPECT_EQ (tool->size, "1024x1536");
}

TEST_F (RequestedSizeTest, NoImageAsksForTheConfiguredSize)
{
  auto size = requested_size ({}, Route::generations, std::nullopt);
  ASSERT_TRUE (size);
  EXPECT_EQ (size->size, "auto");
  EXPECT_FALSE (size->matched);
}

TEST_F (RequestedSizeTest, GivenOrConfiguredSizeWins)
{
  auto given = requested_size ({ { Param::size, "1536x1024" } }, Route::generations,
                               PixelSize{ 1024, 768 });
  ASSERT_TRUE (given);
  EXPECT_EQ (given->size, "1536x1024");
  EXPECT_FALSE (given->matched);

  configure ("OPENAI_IMAGE_SIZE=auto\n");
  auto configured = requested_size ({}, Route::generations, PixelSize{ 1024, 768 });
  ASSERT_TRUE (configured);
  EXPECT_EQ (configured->size, "auto");

  g_setenv ("OPENAI_IMAGE_SIZE", "2048x2048", TRUE);
  auto environment = requested_size ({}, Route::generations, PixelSize{ 1024, 768 });
  ASSERT_TRUE (environment);
  EXPECT_EQ (environment->size, "2048x2048");
}

TEST_F (RequestedSizeTest, OnlyAMatchedSizeIsPutIntoTheArguments)
{
  std::map<Param, std::string> given;
  request_canvas_size (given, Route::generations, PixelSize{ 1024, 768 });
  EXPECT_EQ (given[Param::size], "1024x768");

  // A configured size stays the config file's, so an error about it names the file's line.
  configure ("OPENAI_IMAGE_SIZE=1536x1024\n");
  std::map<Param, std::string> untouched;
  request_canvas_size (untouched, Route::generations, PixelSize{ 1024, 768 });
  EXPECT_EQ (untouched.count (Param::size), 0u);

  // A value the configuration refuses (here a model id over its length limit) is left for the
  // run's preparation to report by the argument's name.
  configure ("");
  std::map<Param, std::string> refused{ { Param::image_model, std::string (300, 'a') } };
  EXPECT_FALSE (requested_size (refused, Route::generations, PixelSize{ 1024, 768 }));
  request_canvas_size (refused, Route::generations, PixelSize{ 1024, 768 });
  EXPECT_EQ (refused.count (Param::size), 0u);
}

} // namespace
