#include "gptimage/dotenv.h"

#include <glib.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace gptimage;
namespace fs = std::filesystem;

namespace {

std::map<std::string, std::string>
parse_ok (std::string_view text)
{
  auto result = parse_dotenv (text, "test.env");
  EXPECT_TRUE (result.ok ()) << (result.ok () ? "" : result.error ().message);
  return result.ok () ? result.value () : std::map<std::string, std::string> ();
}

class TempDir
{
public:
  TempDir ()
  {
    gchar *dir = g_dir_make_tmp ("dotenv-test-XXXXXX", nullptr);
    path_ = dir;
    g_free (dir);
  }
  ~TempDir () { fs::remove_all (path_); }
  const fs::path &path () const { return path_; }

private:
  fs::path path_;
};

void
write_text (const fs::path &path, std::string_view text)
{
  std::ofstream out (path, std::ios::binary);
  out << text;
}

} // namespace

TEST (Dotenv, KeyValueCommentsAndBlankLines)
{
  auto values = parse_ok ("# a comment\n"
                          "\n"
                          "   \n"
                          "OPENAI_IMAGE_SIZE=1024x1024\n"
                          "  OPENAI_IMAGE_N = 2  \n"
                          "   # indented comment\n"
                          "OPENAI_IMAGE_QUALITY=");
  EXPECT_EQ (values.size (), 3u);
  EXPECT_EQ (values["OPENAI_IMAGE_SIZE"], "1024x1024");
  EXPECT_EQ (values["OPENAI_IMAGE_N"], "2");
  EXPECT_EQ (values["OPENAI_IMAGE_QUALITY"], "");
}

TEST (Dotenv, ExportPrefix)
{
  auto values = parse_ok ("export OPENAI_IMAGE_MODEL=gpt-image-2\nexporter=1\n");
  EXPECT_EQ (values["OPENAI_IMAGE_MODEL"], "gpt-image-2");
  EXPECT_EQ (values["exporter"], "1");
}

TEST (Dotenv, CrlfLineEndings)
{
  auto values = parse_ok ("A=1\r\nB=\"two\"\r\n");
  EXPECT_EQ (values["A"], "1");
  EXPECT_EQ (values["B"], "two");
}

TEST (Dotenv, DoubleQuotesWithEscapes)
{
  auto values = parse_ok ("A=\"  spaced  \"\n"
                          "B=\"line1\\nline2\"\n"
                          "C=\"say \\\"hi\\\" \\\\ done\"\n"
                          "D=\"# not a comment\" # a comment\n"
                          "E=\"keep \\t as is\"\n");
  EXPECT_EQ (values["A"], "  spaced  ");
  EXPECT_EQ (values["B"], "line1\nline2");
  EXPECT_EQ (values["C"], "say \"hi\" \\ done");
  EXPECT_EQ (values["D"], "# not a comment");
  EXPECT_EQ (values["E"], "keep \\t as is");
}

TEST (Dotenv, SingleQuotesAreLiteral)
{
  auto values = parse_ok ("A='a\\nb \"c\"'\nB='x # y'\n");
  EXPECT_EQ (values["A"], "a\\nb \"c\"");
  EXPECT_EQ (values["B"], "x # y");
}

TEST (Dotenv, InlineCommentAfterUnquotedValue)
{
  auto values = parse_ok ("A=value # comment\nB=val#ue\nC=a\t# tab comment\nD= # only\n");
  EXPECT_EQ (values["A"], "value");
  EXPECT_EQ (values["B"], "val#ue");
  EXPECT_EQ (values["C"], "a");
  EXPECT_EQ (values["D"], "");
}

TEST (Dotenv, EqualsInValueAndLastDuplicateWins)
{
  auto values = parse_ok ("A=x=y\nA=second\n");
  EXPECT_EQ (values["A"], "second");
  EXPECT_EQ (parse_ok ("U=https://h/p?q=1")["U"], "https://h/p?q=1");
}

TEST (Dotenv, QuotesMustMatch)
{
  // An opening quote needs its own closing quote; a quote that does not open the value is text.
  EXPECT_FALSE (parse_dotenv ("A=\"abc'\n", "x.env").ok ());
  EXPECT_FALSE (parse_dotenv ("A='abc\"\n", "x.env").ok ());
  EXPECT_EQ (parse_ok ("B=abc\"\n")["B"], "abc\"");
  EXPECT_EQ (parse_ok ("C=it's\n")["C"], "it's");
}

TEST (Dotenv, LineWithoutEqualsNamesFileAndLine)
{
  auto result = parse_dotenv ("A=1\n# fine\nOPENAI_API_KEY fake-key-secret-value\n", "/tmp/p/.env");
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::config);
  EXPECT_EQ (result.error ().message, "/tmp/p/.env:3: expected KEY=VALUE");
  // The line may hold a secret: it is never quoted.
  EXPECT_EQ (result.error ().message.find ("fake-key-secret"), std::string::npos);
}

TEST (Dotenv, OtherMalformedLines)
{
  struct Case
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "=value\n", "f.env:1: the name before '=' must be letters, digits and '_'" },
    { "A B=1\n", "f.env:1: the name before '=' must be letters, digits and '_'" },
    { "\nA=\"open\n", "f.env:2: the quoted value has no closing quote" },
    { "A='open\n", "f.env:1: the quoted value has no closing quote" },
    { "A=\"x\" trailing\n", "f.env:1: unexpected text after the closing quote" },
  };
  for (const auto &c : cases)
    {
      SCOPED_TRACE (c.text);
      auto result = parse_dotenv (c.text, "f.env");
      ASSERT_FALSE (result.ok ());
      EXPECT_EQ (result.error ().message, c.message);
    }
}

TEST (Dotenv, FindsNearestFileUpward)
{
  TempDir tmp;
  fs::path deep = tmp.path () / "a" / "b" / "c";
  fs::create_directories (deep);
  auto none = find_dotenv (deep.string ());
  // Nothing inside the temp dir yet (a stray .env above it, e.g. in /tmp, is not ours).
  EXPECT_TRUE (!none || fs::path (*none).parent_path () != tmp.path ());

  write_text (tmp.path () / ".env", "A=top\n");
  auto found = find_dotenv (deep.string ());
  ASSERT_TRUE (found);
  EXPECT_EQ (fs::path (*found), tmp.path () / ".env");

  write_text (tmp.path () / "a" / ".env", "A=middle\n");
  found = find_dotenv (deep.string ());
  ASSERT_TRUE (found);
  EXPECT_EQ (fs::path (*found), tmp.path () / "a" / ".env");

  // A folder named .env is not a .env file.
  fs::create_directories (deep / ".env");
  found = find_dotenv (deep.string ());
  ASSERT_TRUE (found);
  EXPECT_EQ (fs::path (*found), tmp.path () / "a" / ".env");
}
