#include "gptimage/atomic-file.h"

#include "scratch-dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <vector>

using namespace gptimage;
using gptimage::testing::read_all;
using gptimage::testing::ScratchDir;

namespace {

std::vector<unsigned char>
pattern_bytes (std::size_t size)
{
  std::vector<unsigned char> bytes (size);
  for (std::size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<unsigned char> ((i * 31 + 7) % 256);
  return bytes;
}

bool
has_temp_file (const ScratchDir &dir, const std::string &folder = {})
{
  for (const auto &name : dir.list (folder))
    if (!name.empty () && name[0] == '.')
      return true;
  return false;
}

} // namespace

TEST (AtomicFile, CreatesMissingFoldersAndWritesBytes)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  auto bytes = pattern_bytes (100000);
  std::string path = dir.file ("a/b/c/image.png");
  Status status = write_file_atomically (path, bytes.data (), bytes.size ());
  ASSERT_TRUE (status.ok ()) << status.error ().message;
  EXPECT_EQ (read_all (path), bytes);
  EXPECT_FALSE (has_temp_file (dir, dir.file ("a/b/c")));
}

TEST (AtomicFile, ReplacesExistingFile)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  std::string path = dir.write ("image.png", pattern_bytes (5000));
  std::vector<unsigned char> replacement = { 'n', 'e', 'w' };
  ASSERT_TRUE (write_file_atomically (path, replacement.data (), replacement.size ()).ok ());
  EXPECT_EQ (read_all (path), replacement);
  EXPECT_EQ (dir.list ().size (), 1u);
}

TEST (AtomicFile, WritesEmptyFile)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  std::string path = dir.file ("empty.bin");
  ASSERT_TRUE (write_file_atomically (path, nullptr, 0).ok ());
  EXPECT_TRUE (g_file_test (path.c_str (), G_FILE_TEST_IS_REGULAR));
  EXPECT_TRUE (read_all (path).empty ());
}

TEST (AtomicFile, HonoursMode)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  std::string secret = dir.file ("config.ini");
  ASSERT_TRUE (write_file_atomically (secret, "k=v\n", 4, 0600).ok ());
  struct stat info;
  ASSERT_EQ (stat (secret.c_str (), &info), 0);
  EXPECT_EQ (info.st_mode & 0777, 0600u);

  // Replacing a 0644 file with mode 0600 tightens it as well.
  std::string image = dir.write ("image.png", pattern_bytes (10));
  ASSERT_EQ (chmod (image.c_str (), 0644), 0);
  ASSERT_TRUE (write_file_atomically (image, "x", 1, 0600).ok ());
  ASSERT_EQ (stat (image.c_str (), &info), 0);
  EXPECT_EQ (info.st_mode & 0777, 0600u);
}

TEST (AtomicFile, ParentIsARegularFileFailsWithIoError)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  std::string blocker = dir.write ("blocker", pattern_bytes (3));
  std::string path = blocker + "/sub/image.png";
  Status status = write_file_atomically (path, "x", 1);
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().kind, ErrorKind::io);
  EXPECT_NE (status.error ().message.find (path), std::string::npos) << status.error ().message;
  EXPECT_EQ (read_all (blocker), pattern_bytes (3));
  EXPECT_FALSE (has_temp_file (dir));
}

TEST (AtomicFile, FailedRenameRemovesTempFileAndKeepsTarget)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  // The target is a non-empty folder: the temp file is written, then the rename fails.
  std::string target = dir.file ("taken");
  ASSERT_EQ (g_mkdir (target.c_str (), 0755), 0);
  dir.write ("taken/keep", pattern_bytes (4));
  auto bytes = pattern_bytes (4096);
  Status status = write_file_atomically (target, bytes.data (), bytes.size ());
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().kind, ErrorKind::io);
  EXPECT_NE (status.error ().message.find (target), std::string::npos);
  EXPECT_FALSE (has_temp_file (dir));
  EXPECT_TRUE (g_file_test (target.c_str (), G_FILE_TEST_IS_DIR));
  EXPECT_EQ (read_all (dir.file ("taken/keep")), pattern_bytes (4));
}

TEST (AtomicFile, EmptyPathIsAnError)
{
  Status status = write_file_atomically ("", "x", 1);
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().kind, ErrorKind::io);
}

TEST (AtomicFile, StagedFileTakesItsNameOnlyWhenCommitted)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  auto bytes = pattern_bytes (70000);
  std::string path = dir.file ("sub/image.png");
  {
    auto staged = stage_file (path, bytes.data (), bytes.size ());
    ASSERT_TRUE (staged.ok ()) << staged.error ().message;
    EXPECT_EQ (staged->path (), path);
    EXPECT_FALSE (g_file_test (path.c_str (), G_FILE_TEST_EXISTS));
    EXPECT_TRUE (has_temp_file (dir, dir.file ("sub")));
    ASSERT_TRUE (staged->commit ().ok ());
    EXPECT_FALSE (staged->commit ().ok ()); // nothing left to commit
  }
  EXPECT_EQ (read_all (path), bytes);
  EXPECT_FALSE (has_temp_file (dir, dir.file ("sub")));
}

TEST (AtomicFile, StagedFileNotCommittedLeavesNothingAndKeepsTheOldFile)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  std::string path = dir.write ("image.png", pattern_bytes (10));
  auto bytes = pattern_bytes (5000);
  {
    auto staged = stage_file (path, bytes.data (), bytes.size ());
    ASSERT_TRUE (staged.ok ());
    StagedFile moved (std::move (staged).value ()); // the moved-from one removes nothing
  }
  EXPECT_EQ (read_all (path), pattern_bytes (10));
  EXPECT_FALSE (has_temp_file (dir));
  EXPECT_EQ (dir.list ().size (), 1u);
}
