#include "gptimage/output-target.h"

#include "scratch-dir.h"

#include <gtest/gtest.h>

#include <string>

#ifdef G_OS_UNIX
#include <unistd.h> // geteuid
#endif

using namespace gptimage;
using gptimage::testing::ScratchDir;

namespace {

bool
is_folder (const std::string &path)
{
  return g_file_test (path.c_str (), G_FILE_TEST_IS_DIR);
}

bool
contains (const std::string &text, const std::string &part)
{
  return text.find (part) != std::string::npos;
}

} // namespace

TEST (OutputTarget, CreatesMissingFoldersAndLeavesNothingElse)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  auto checked = check_output_target (dir.file ("a/b/hero.png"), true);
  ASSERT_TRUE (checked.ok ()) << checked.error ().message;
  EXPECT_EQ (checked.value (), dir.file ("a/b/hero.png"));
  EXPECT_TRUE (is_folder (dir.file ("a/b")));
  EXPECT_TRUE (dir.list (dir.file ("a/b")).empty ()); // the probe file is gone
}

TEST (OutputTarget, ChecksTheFirstFinalImageOfAPattern)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  auto pattern = check_output_target (dir.file ("{variant}/img-{index}.webp"), false);
  ASSERT_TRUE (pattern.ok ()) << pattern.error ().message;
  EXPECT_EQ (pattern.value (), dir.file ("final/img-1.webp"));
  EXPECT_TRUE (is_folder (dir.file ("final")));

  auto several = check_output_target (dir.file ("poster.png"), false);
  ASSERT_TRUE (several.ok ());
  EXPECT_EQ (several.value (), dir.file ("poster-1.png"));
}

TEST (OutputTarget, RelativePathInTheWorkingFolder)
{
  auto checked = check_output_target ("gpt-image-output-target-test.png", true);
  ASSERT_TRUE (checked.ok ()) << checked.error ().message;
  EXPECT_FALSE (g_file_test ("gpt-image-output-target-test.png", G_FILE_TEST_EXISTS));
}

TEST (OutputTarget, AFileUsedAsAFolderIsAUsageError)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  std::string blocker = dir.write ("notes.txt", { 'h', 'i' });
  std::string output = blocker + "/out.png";
  auto checked = check_output_target (output, true);
  ASSERT_FALSE (checked.ok ());
  const Error &error = checked.error ();
  EXPECT_EQ (error.kind, ErrorKind::usage);
  EXPECT_EQ (error.param, "output");
  EXPECT_TRUE (contains (error.message, "--output \"" + output + "\"")) << error.message;
  EXPECT_TRUE (contains (error.message, "cannot create the folder \"" + blocker + "\""))
      << error.message;
  EXPECT_TRUE (contains (error.message, "folder that exists or can be created"));
  EXPECT_EQ (gptimage::testing::read_all (blocker), (std::vector<unsigned char> { 'h', 'i' }));
}

TEST (OutputTarget, AnExistingFolderIsNoOutputPath)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  ASSERT_EQ (g_mkdir (dir.file ("shots").c_str (), 0755), 0);
  auto checked = check_output_target (dir.file ("shots"), true);
  ASSERT_FALSE (checked.ok ());
  EXPECT_EQ (checked.error ().kind, ErrorKind::usage);
  EXPECT_TRUE (contains (checked.error ().message, "\"" + dir.file ("shots") + "\" is a folder"))
      << checked.error ().message;
  EXPECT_TRUE (contains (checked.error ().message, dir.file ("shots") + "/image.png"));

  auto slash = check_output_target (dir.file ("shots/"), true);
  ASSERT_FALSE (slash.ok ());
  EXPECT_TRUE (contains (slash.error ().message, dir.file ("shots/image.png")))
      << slash.error ().message;
}

TEST (OutputTarget, AFolderThatCannotBeWrittenIsAUsageError)
{
#ifdef G_OS_UNIX
  // Permission bits do not stop root.
  if (geteuid () == 0)
    GTEST_SKIP () << "running as root";
#else
  GTEST_SKIP () << "POSIX permission bits";
#endif
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  std::string locked = dir.file ("locked");
  ASSERT_EQ (g_mkdir (locked.c_str (), 0555), 0);
  auto checked = check_output_target (locked + "/out.png", true);
  g_chmod (locked.c_str (), 0755);
  ASSERT_FALSE (checked.ok ());
  EXPECT_TRUE (contains (checked.error ().message, "cannot write in the folder \"" + locked + "\""))
      << checked.error ().message;
  EXPECT_TRUE (contains (checked.error ().message, "must be writable"));
}

TEST (OutputTarget, EmptyPathIsAUsageError)
{
  auto checked = check_output_target ("", true);
  ASSERT_FALSE (checked.ok ());
  EXPECT_EQ (checked.error ().kind, ErrorKind::usage);
}

// A name the file system cannot hold fails here, before anything is sent, not when the paid
// result is written; the message quotes it shortened.
TEST (OutputTarget, ANameTooLongForTheFileSystemIsRefused)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  const std::string name = dir.file (std::string (300, 'n') + ".png");
  auto checked = check_output_target (name, true);
  ASSERT_FALSE (checked.ok ());
  EXPECT_EQ (checked.error ().kind, ErrorKind::usage);
  EXPECT_TRUE (contains (checked.error ().message, "must be writable and the file name short"))
      << checked.error ().message;
  EXPECT_LT (checked.error ().message.size (), 600u) << checked.error ().message;
  // Long enough for the file but not for the writer's temporary ".NAME.XXXXXX" beside it.
  const std::string almost = dir.file (std::string (250, 'n'));
  EXPECT_FALSE (check_output_target (almost, true).ok ());
  EXPECT_TRUE (check_output_target (dir.file (std::string (240, 'n')), true).ok ());
}

TEST (OutputTarget, AnyFileTargetIsCheckedTheSameWay)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  EXPECT_TRUE (check_file_target ("--save-response", dir.file ("dump/raw.json")).ok ());
  EXPECT_TRUE (is_folder (dir.file ("dump")));
  Status empty = check_file_target ("--save-response", "");
  ASSERT_FALSE (empty.ok ());
  EXPECT_EQ (empty.error ().message,
             "--save-response \"\" is invalid: it is empty; give a file path");
  EXPECT_EQ (empty.error ().param, "save-response");
  Status folder = check_file_target ("--save-response", dir.file ("dump"));
  ASSERT_FALSE (folder.ok ());
  EXPECT_TRUE (contains (folder.error ().message, "is a folder")) << folder.error ().message;
  EXPECT_TRUE (contains (folder.error ().message, "dump/response.json"));
}
