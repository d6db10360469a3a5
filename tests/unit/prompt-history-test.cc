#include "prompt-history.h"

#include "scratch-dir.h"

#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace gptimage::plugin;
using gptimage::testing::ScratchDir;

namespace {

using Prompts = std::vector<std::string>;

TEST (PromptHistory, EncodingKeepsLineBreaksAndBackslashes)
{
  const Prompts prompts { "a red fox", "two\nlines\r\nhere", "back\\slash \\n literal", "ü ✓" };
  const std::string text = encode_prompt_history (prompts);
  EXPECT_EQ (std::count (text.begin (), text.end (), '\n'), 4);
  EXPECT_EQ (decode_prompt_history (text), prompts);
}

TEST (PromptHistory, DecodingSkipsEmptyLinesAndWindowsLineEnds)
{
  EXPECT_EQ (decode_prompt_history ("one\r\n\n\ntwo"), (Prompts { "one", "two" }));
  EXPECT_TRUE (decode_prompt_history ("").empty ());
}

TEST (PromptHistory, ReusedPromptMovesToTopAndListIsCapped)
{
  EXPECT_EQ (with_prompt_first ({ "b", "a", "c" }, "a", 50), (Prompts { "a", "b", "c" }));
  EXPECT_EQ (with_prompt_first ({ "b", "c" }, "a", 2), (Prompts { "a", "b" }));
}

TEST (PromptHistory, FileKeepsNewestFirstCappedPrivate)
{
  ScratchDir dir;
  ASSERT_TRUE (dir.ok ());
  const std::string path = dir.file ("sub/prompt-history");
  for (int i = 0; i < 60; ++i)
    ASSERT_TRUE (remember_prompt (path, "prompt " + std::to_string (i), ""));
  ASSERT_TRUE (remember_prompt (path, "prompt 30", ""));
  ASSERT_TRUE (remember_prompt (path, "   ", "")); // blank: not recorded
  Prompts loaded = load_prompt_history (path);
  ASSERT_EQ (loaded.size (), kPromptHistoryLimit);
  EXPECT_EQ (loaded[0], "prompt 30");
  EXPECT_EQ (loaded[1], "prompt 59");
  EXPECT_EQ (loaded.back (), "prompt 10"); // 59..10 without 30, after it
  EXPECT_EQ (std::count (loaded.begin (), loaded.end (), "prompt 30"), 1);
  GStatBuf st;
  ASSERT_EQ (g_stat (path.c_str (), &st), 0);
  EXPECT_EQ (st.st_mode & 0777, 0600);
}

TEST (PromptHistory, LongerFileIsReadCapped)
{
  ScratchDir dir;
  Prompts many;
  for (int i = 0; i < 70; ++i)
    many.push_back ("p" + std::to_string (i));
  const std::string text = encode_prompt_history (many);
  const std::string path = dir.write ("prompt-history",
                                      std::vector<unsigned char> (text.begin (), text.end ()));
  Prompts loaded = load_prompt_history (path);
  ASSERT_EQ (loaded.size (), kPromptHistoryLimit);
  EXPECT_EQ (loaded.front (), "p0");
  EXPECT_EQ (loaded.back (), "p49");
}

TEST (PromptHistory, KeyInPromptIsRedacted)
{
  ScratchDir dir;
  const std::string path = dir.file ("prompt-history");
  const std::string key = "fake-key-history-0123456789";
  ASSERT_TRUE (remember_prompt (path, "draw the words " + key + " on a sign", key));
  gchar *contents = nullptr;
  ASSERT_TRUE (g_file_get_contents (path.c_str (), &contents, nullptr, nullptr));
  std::string text (contents);
  g_free (contents);
  EXPECT_EQ (text.find (key), std::string::npos);
  EXPECT_EQ (load_prompt_history (path), (Prompts { "draw the words [redacted] on a sign" }));
}

TEST (PromptHistory, ClearRemovesFileAndToleratesMissingOne)
{
  ScratchDir dir;
  const std::string path = dir.file ("prompt-history");
  ASSERT_TRUE (remember_prompt (path, "a fox", ""));
  ASSERT_TRUE (clear_prompt_history (path));
  EXPECT_TRUE (load_prompt_history (path).empty ());
  EXPECT_TRUE (clear_prompt_history (path));
}

TEST (PromptHistory, MenuTextIsOneLineCutWithEllipsis)
{
  EXPECT_EQ (prompt_menu_text ("a fox\nin snow"), "a fox in snow");
  const std::string longer (80, 'x');
  const std::string shown = prompt_menu_text (longer);
  EXPECT_EQ (shown, std::string (kPromptMenuChars - 1, 'x') + "…");
}

} // namespace
