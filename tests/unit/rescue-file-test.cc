#include "gptimage/rescue-file.h"

#include "scratch-dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <vector>

using namespace gptimage;
using gptimage::testing::read_all;
using gptimage::testing::ScratchDir;

namespace {

const std::vector<unsigned char> kBytes = { 0x89, 'P', 'N', 'G', 1, 2, 3 };

bool
starts_with (const std::string &text, const std::string &prefix)
{
  return text.rfind (prefix, 0) == 0;
}

} // namespace

TEST (RescueFile, WritesIntoAPrivateFolderWithTimeIndexAndExtension)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  std::string folder = dir.file ("data/gpt-image/rescued");
  auto rescued = rescue_file (kBytes.data (), kBytes.size (), 2, "png", { folder });
  ASSERT_TRUE (rescued.ok ()) << rescued.error ().message;
  EXPECT_TRUE (starts_with (rescued.value (), folder + "/gpt-image-")) << rescued.value ();
  EXPECT_TRUE (g_str_has_suffix (rescued->c_str (), "-2.png")) << rescued.value ();
  EXPECT_EQ (read_all (rescued.value ()), kBytes);
  EXPECT_EQ (dir.list (folder).size (), 1u); // no temporary file left

  struct stat info;
  ASSERT_EQ (g_stat (folder.c_str (), &info), 0);
#ifdef G_OS_UNIX
  EXPECT_EQ (info.st_mode & 0777, 0700u);
  ASSERT_EQ (g_stat (rescued->c_str (), &info), 0);
  EXPECT_EQ (info.st_mode & 0777, 0600u);
#endif
}

TEST (RescueFile, NeverReplacesAnEarlierRescue)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  std::vector<std::string> paths;
  for (int i = 0; i < 5; ++i)
    {
      auto rescued = rescue_file (kBytes.data (), kBytes.size (), 1, "webp", { dir.path () });
      ASSERT_TRUE (rescued.ok ());
      paths.push_back (rescued.value ());
    }
  EXPECT_EQ (dir.list ().size (), 5u);
}

TEST (RescueFile, FallsBackToTheNextFolder)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  std::string blocker = dir.write ("blocker", { 'x' });
  std::string fallback = dir.file ("tmp");
  ASSERT_EQ (g_mkdir (fallback.c_str (), 0755), 0);
  auto rescued
      = rescue_file (kBytes.data (), kBytes.size (), 1, "jpg", { blocker + "/rescued", fallback });
  ASSERT_TRUE (rescued.ok ()) << rescued.error ().message;
  EXPECT_TRUE (starts_with (rescued.value (), fallback + "/gpt-image-")) << rescued.value ();
  EXPECT_EQ (read_all (rescued.value ()), kBytes);
}

TEST (RescueFile, FailsWhenNoFolderTakesIt)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  std::string blocker = dir.write ("blocker", { 'x' });
  auto rescued = rescue_file (kBytes.data (), kBytes.size (), 3, "png",
                              { blocker + "/a", blocker + "/b" });
  ASSERT_FALSE (rescued.ok ());
  EXPECT_EQ (rescued.error ().kind, ErrorKind::io);
  EXPECT_NE (rescued.error ().message.find ("image 3"), std::string::npos);
  EXPECT_NE (rescued.error ().message.find (blocker + "/b"), std::string::npos)
      << rescued.error ().message;
}

TEST (RescueFile, DefaultFoldersAreTheUserDataFolderThenTemp)
{
  auto folders = rescue_folders ();
  ASSERT_EQ (folders.size (), 2u);
  EXPECT_TRUE (g_str_has_suffix (folders[0].c_str (), "gpt-image/rescued")) << folders[0];
  EXPECT_TRUE (starts_with (folders[0], g_get_user_data_dir ()));
  EXPECT_EQ (folders[1], g_get_tmp_dir ());
}
