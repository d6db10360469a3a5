#include "layer-name.h"

#include <glib.h>
#include <gtest/gtest.h>

#include <iterator>
#include <random>
#include <string>

using namespace gptimage::plugin;

namespace {

const std::string kPrefix = "GPT: ";
const std::string kEllipsis = "\u2026";

// Characters (code points) of valid UTF-8.
long
char_count (const std::string &s)
{
  return g_utf8_strlen (s.c_str (), static_cast<gssize> (s.size ()));
}

bool
valid_utf8 (const std::string &s)
{
  return g_utf8_validate (s.c_str (), static_cast<gssize> (s.size ()), nullptr);
}

// The prompt part of a single-result name.
std::string
prompt_part (const std::string &name)
{
  EXPECT_EQ (name.rfind (kPrefix, 0), 0u) << name;
  return name.substr (kPrefix.size ());
}

bool
ends_with_ellipsis (const std::string &s)
{
  return s.size () >= kEllipsis.size ()
         && s.compare (s.size () - kEllipsis.size (), kEllipsis.size (), kEllipsis) == 0;
}

} // namespace

TEST (LayerName, SingleAndSeveralResults)
{
  EXPECT_EQ (layer_name_from_prompt ("a red fox in snow", 1, 1), "GPT: a red fox in snow");
  EXPECT_EQ (layer_name_from_prompt ("a red fox in snow", 2, 3), "GPT: a red fox in snow (2/3)");
  EXPECT_EQ (layer_name_from_prompt ("a red fox in snow", 10, 10),
             "GPT: a red fox in snow (10/10)");
  // No suffix unless there are several.
  EXPECT_EQ (layer_name_from_prompt ("a red fox in snow", 5, 1), "GPT: a red fox in snow");
  EXPECT_EQ (layer_name_from_prompt ("a red fox in snow", 0, 0), "GPT: a red fox in snow");
}

TEST (LayerName, WhitespaceIsFolded)
{
  EXPECT_EQ (layer_name_from_prompt ("  a\tred\n\nfox \r\n in   snow  ", 1, 1),
             "GPT: a red fox in snow");
  EXPECT_EQ (layer_name_from_prompt ("fox\v\fsnow\x01\x7f" "dawn", 1, 1), "GPT: fox snow dawn");
  // Unicode spaces (no-break, ideographic) and an embedded NUL fold too.
  EXPECT_EQ (layer_name_from_prompt ("fox\u00a0\u3000snow", 1, 1), "GPT: fox snow");
  EXPECT_EQ (layer_name_from_prompt (std::string_view ("fox\0snow", 8), 1, 1), "GPT: fox snow");
}

TEST (LayerName, EmptyPromptsGiveTheDefault)
{
  EXPECT_EQ (layer_name_from_prompt ("", 1, 1), "GPT Image");
  EXPECT_EQ (layer_name_from_prompt (" \n\t ", 1, 1), "GPT Image");
  EXPECT_EQ (layer_name_from_prompt ("", 1, 2), "GPT Image (1/2)");
  EXPECT_EQ (layer_name_from_prompt ("a red fox", 1, 1, 0), "GPT Image");
}

TEST (LayerName, ShortensAtWordBoundaries)
{
  const std::string prompt
    = "a very long prompt describing a red fox standing in deep snow at dawn";
  // The first 39 characters end exactly at a word: they are kept whole, "…" makes 40.
  EXPECT_EQ (layer_name_from_prompt (prompt, 1, 1),
             "GPT: a very long prompt describing a red fox\u2026");
  // A cut inside "describing" backs off to the space before it.
  EXPECT_EQ (layer_name_from_prompt (prompt, 1, 1, 25), "GPT: a very long prompt\u2026");
  EXPECT_EQ (layer_name_from_prompt (prompt, 2, 4, 25), "GPT: a very long prompt\u2026 (2/4)");
  // Fits exactly: untouched.
  EXPECT_EQ (layer_name_from_prompt ("a red fox", 1, 1, 9), "GPT: a red fox");
  EXPECT_EQ (layer_name_from_prompt ("a red fox", 1, 1, 8), "GPT: a red\u2026");
  // One long word: cut inside it rather than lose it all.
  EXPECT_EQ (layer_name_from_prompt ("supercalifragilistic fox", 1, 1, 10), "GPT: supercali\u2026");
  // A space too early (less than half the room) is not used.
  EXPECT_EQ (layer_name_from_prompt ("a supercalifragilistic fox", 1, 1, 12),
             "GPT: a supercali\u2026");
}

TEST (LayerName, MultiByteTextIsNeverCutInsideACharacter)
{
  // Chinese without spaces (3-byte characters): the first 9 characters and "…".
  EXPECT_EQ (layer_name_from_prompt ("一只红色的狐狸站在深深的雪地里", 1, 1, 10),
             "GPT: 一只红色的狐狸站在\u2026");
  // 4-byte emoji.
  EXPECT_EQ (layer_name_from_prompt ("🦊🦊🦊🦊🦊 in snow", 1, 1, 4), "GPT: 🦊🦊🦊\u2026");
  // German with umlauts and ß at the cut.
  EXPECT_EQ (layer_name_from_prompt ("Fuchs läuft über größere Schneefelder", 1, 1, 20),
             "GPT: Fuchs läuft über\u2026");
  // A combining accent stays with its letter: "x" + 4 x ("e" + U+0301), room for 4 characters.
  EXPECT_EQ (layer_name_from_prompt ("xe\u0301e\u0301e\u0301e\u0301", 1, 1, 5),
             "GPT: xe\u0301\u2026");
}

TEST (LayerName, InvalidUtf8BecomesReplacementCharacters)
{
  const auto name = layer_name_from_prompt ("fox \xff\xfe snow \xe2\x82", 1, 1);
  EXPECT_TRUE (valid_utf8 (name));
  EXPECT_EQ (name, "GPT: fox \ufffd\ufffd snow \ufffd\ufffd");
}

TEST (LayerName, RandomTextStaysValidAndWithinTheLimit)
{
  // Words of mixed scripts, whitespace of several kinds, at random limits.
  const char *const pieces[] = { "fox", "größe", "雪", "🦊", "e\u0301", " ", "\t", "\n", "  ",
                                 "snow", "naïve", "ß", "\u00a0", "\u3000", "x" };
  std::mt19937 rng (11);
  std::uniform_int_distribution<int> piece (0, int (std::size (pieces)) - 1);
  std::uniform_int_distribution<int> length (0, 60);
  std::uniform_int_distribution<int> limit (1, 50);
  for (int i = 0; i < 2000; ++i)
    {
      std::string prompt;
      for (int n = length (rng); n > 0; --n)
        prompt += pieces[piece (rng)];
      const std::size_t max = std::size_t (limit (rng));
      SCOPED_TRACE ("max " + std::to_string (max) + " prompt \"" + prompt + "\"");
      const auto name = layer_name_from_prompt (prompt, 1, 1, max);
      ASSERT_TRUE (valid_utf8 (name));
      if (name == "GPT Image")
        continue;
      const auto part = prompt_part (name);
      EXPECT_LE (char_count (part), long (max));
      EXPECT_EQ (part.find_first_of ("\t\n\r"), std::string::npos);
      EXPECT_EQ (part.find ("  "), std::string::npos);
      EXPECT_NE (part.front (), ' ');
      // The kept text is a prefix of the folded prompt: never rewritten, only shortened.
      const auto full = prompt_part (layer_name_from_prompt (prompt, 1, 1, 100000));
      if (ends_with_ellipsis (part))
        {
          const auto kept = part.substr (0, part.size () - kEllipsis.size ());
          EXPECT_EQ (full.rfind (kept, 0), 0u);
          EXPECT_LT (kept.size (), full.size ());
          // Never ends with a space or in front of a combining mark of the next character.
          EXPECT_NE (kept.back (), ' ');
          const char *next = full.c_str () + kept.size ();
          EXPECT_FALSE (g_unichar_ismark (g_utf8_get_char (next)));
        }
      else
        EXPECT_EQ (part, full);
    }
}
