#include "gptimage/results-folder.h"

#include "scratch-dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <vector>

using namespace gptimage;
using gptimage::testing::read_all;
using gptimage::testing::ScratchDir;

namespace {

const std::vector<unsigned char> kBytes = { 0x89, 'P', 'N', 'G', 0, 1, 2, 3 };

Settings
with_folder (const std::string &value)
{
  Settings settings;
  settings.results_folder = value;
  return settings;
}

} // namespace

TEST (ResultsFolder, UnsetOrDefaultIsGptImageInPictures)
{
  const std::string folder = default_results_folder ();
  EXPECT_TRUE (g_str_has_suffix (folder.c_str (), G_DIR_SEPARATOR_S "gpt-image")) << folder;
  EXPECT_TRUE (g_path_is_absolute (folder.c_str ())) << folder;
  for (const char *value : { "", "default" })
    {
      auto chosen = results_folder (with_folder (value));
      ASSERT_TRUE (chosen.ok ()) << chosen.error ().message;
      EXPECT_EQ (chosen.value (), folder) << value;
    }
}

TEST (ResultsFolder, OffSavesNowhereAndAPathIsTaken)
{
  auto off = results_folder (with_folder ("off"));
  ASSERT_TRUE (off.ok ());
  EXPECT_FALSE (off.value ().has_value ());
  ScratchDir dir;
  auto chosen = results_folder (with_folder (dir.path ()));
  ASSERT_TRUE (chosen.ok ());
  EXPECT_EQ (chosen.value (), dir.path ());
}

TEST (ResultsFolder, RelativePathIsRefusedNamingTheKey)
{
  auto chosen = results_folder (with_folder ("pictures/ai"));
  ASSERT_FALSE (chosen.ok ());
  EXPECT_EQ (chosen.error ().param, "OPENAI_IMAGE_RESULTS_FOLDER");
  EXPECT_NE (chosen.error ().describe ().find ("pictures/ai"), std::string::npos)
      << chosen.error ().describe ();
}

TEST (ResultsFolder, ImageKeepsItsBytesAndTheSidecarSitsBesideIt)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  const std::string folder = dir.file ("Pictures/gpt-image");
  auto saved = save_result_image (folder, kBytes.data (), kBytes.size (), 3, "png");
  ASSERT_TRUE (saved.ok ()) << saved.error ().message;
  EXPECT_TRUE (g_str_has_suffix (saved->c_str (), "-3.png")) << saved.value ();
  EXPECT_EQ (read_all (saved.value ()), kBytes);
  struct stat info;
  ASSERT_EQ (g_stat (saved->c_str (), &info), 0);
  EXPECT_EQ (info.st_mode & 0777, 0600u);

  const std::string json = "{\"prompt\":\"a fox\"}";
  ASSERT_TRUE (save_sidecar (saved.value (), json).ok ());
  EXPECT_EQ (sidecar_path (saved.value ()), saved.value () + ".json");
  auto text = read_all (saved.value () + ".json");
  EXPECT_EQ (std::string (text.begin (), text.end ()), json);
  EXPECT_EQ (dir.list (folder).size (), 2u); // no temporary file left

  // A second result never replaces the first.
  auto second = save_result_image (folder, kBytes.data (), kBytes.size (), 3, "png");
  ASSERT_TRUE (second.ok ());
  EXPECT_NE (second.value (), saved.value ());
}
