#include "gptimage/base64.h"

#include "gptimage/glib-ptr.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace gptimage;

namespace {

// What the decoder must agree with: the rules the parser checked before it had its own decoder
// (alphabet, whole groups, at most two '=' and only at the end, line breaks skipped when
// allowed), then GLib's decoder for the bytes.
std::optional<std::string>
reference (const std::string &text, LineBreaks line_breaks)
{
  std::size_t count = 0;
  std::size_t padding = 0;
  for (char c : text)
    {
      if (g_ascii_isalnum (c) || c == '+' || c == '/')
        {
          if (padding)
            return std::nullopt;
          ++count;
        }
      else if (c == '=')
        {
          ++padding;
          ++count;
        }
      else if ((c != '\n' && c != '\r') || line_breaks == LineBreaks::reject)
        return std::nullopt;
    }
  if (count == 0 || count % 4 != 0 || padding > 2)
    return std::nullopt;
  gsize length = 0;
  CharPtr decoded (reinterpret_cast<gchar *> (g_base64_decode (text.c_str (), &length)));
  return std::string (decoded.get (), length);
}

std::optional<std::string>
decoded (const std::string &text, LineBreaks line_breaks = LineBreaks::skip)
{
  std::vector<std::uint8_t> out (base64_decoded_bound (text.size ()) + 1);
  auto size = decode_base64 (text, out.data (), line_breaks);
  if (!size)
    return std::nullopt;
  EXPECT_LE (*size, base64_decoded_bound (text.size ()));
  return std::string (reinterpret_cast<const char *> (out.data ()), *size);
}

std::string
encoded (const std::string &bytes)
{
  return take_string (g_base64_encode (reinterpret_cast<const guchar *> (bytes.data ()),
                                       bytes.size ()));
}

std::string
random_bytes (std::mt19937 &random, std::size_t size)
{
  std::string bytes (size, '\0');
  for (auto &b : bytes)
    b = static_cast<char> (random () & 0xff);
  return bytes;
}

::testing::AssertionResult
agrees (const std::string &text, LineBreaks line_breaks)
{
  auto expected = reference (text, line_breaks);
  auto actual = decoded (text, line_breaks);
  if (expected == actual)
    return ::testing::AssertionSuccess ();
  return ::testing::AssertionFailure ()
         << "\"" << take_string (g_strescape (text.c_str (), nullptr)) << "\": expected "
         << (expected ? "bytes" : "rejection") << ", got " << (actual ? "bytes" : "rejection");
}

} // namespace

TEST (Base64, RoundTripsEveryLengthAndPadding)
{
  std::mt19937 random (1);
  for (std::size_t size = 1; size < 200; ++size)
    {
      std::string bytes = random_bytes (random, size);
      EXPECT_EQ (decoded (encoded (bytes)), bytes) << size;
    }
  std::string large = random_bytes (random, 3 * 1024 * 1024 + 1);
  EXPECT_EQ (decoded (encoded (large), LineBreaks::reject), large);
}

TEST (Base64, EmptyAndIncompleteTextIsRejected)
{
  EXPECT_FALSE (decoded (""));
  EXPECT_FALSE (decoded ("\r\n"));
  EXPECT_FALSE (decoded ("QQ"));
  EXPECT_FALSE (decoded ("QUJD" "QQ"));
  EXPECT_FALSE (decoded ("Q==="));
  EXPECT_FALSE (decoded ("===="));
  EXPECT_FALSE (decoded ("QQ==QQ=="));
  EXPECT_FALSE (decoded ("QQ=A"));
  EXPECT_FALSE (decoded ("QQ==="));
  EXPECT_EQ (decoded ("QQ=="), "A");
  EXPECT_EQ (decoded ("QUI="), "AB");
  EXPECT_EQ (decoded ("QUJD"), "ABC");
}

TEST (Base64, CharactersOutsideTheAlphabetAreRejectedWherever)
{
  std::string text = encoded ("a longer text of some forty-five bytes or so.");
  for (char bad : { '-', '_', ' ', '\t', '.', '@', '\0', '"', '\\', '\x80', '\xff' })
    for (std::size_t at = 0; at <= text.size (); ++at)
      {
        std::string spoiled = text;
        spoiled.insert (at, 1, bad);
        EXPECT_FALSE (decoded (spoiled)) << int (bad) << " at " << at;
      }
}

TEST (Base64, LineBreaksAreSkippedOrRejectedAsAsked)
{
  std::mt19937 random (2);
  for (int round = 0; round < 500; ++round)
    {
      std::string bytes = random_bytes (random, random () % 300 + 1);
      std::string text = encoded (bytes);
      int breaks = static_cast<int> (random () % 5) + 1;
      for (int k = 0; k < breaks; ++k)
        text.insert (random () % (text.size () + 1), random () % 2 ? "\n" : "\r\n");
      EXPECT_EQ (decoded (text, LineBreaks::skip), bytes) << text;
      EXPECT_FALSE (decoded (text, LineBreaks::reject)) << text;
    }
  EXPECT_EQ (decoded ("QQ=\n=\r\n"), "A");
}

TEST (Base64, AgreesWithTheReferenceOnRandomText)
{
  // Short strings over a small alphabet hit every placement of padding, breaks and bad
  // characters; spoiled encodings of real data do the same at realistic lengths.
  const std::string alphabet = "QUJ+/9a==\n\r-. ";
  std::mt19937 random (3);
  for (int round = 0; round < 200000; ++round)
    {
      std::string text (random () % 13, ' ');
      for (auto &c : text)
        c = alphabet[random () % alphabet.size ()];
      ASSERT_TRUE (agrees (text, LineBreaks::skip));
      ASSERT_TRUE (agrees (text, LineBreaks::reject));
    }
  for (int round = 0; round < 20000; ++round)
    {
      std::string text = encoded (random_bytes (random, random () % 100 + 1));
      int changes = static_cast<int> (random () % 3);
      for (int k = 0; k < changes; ++k)
        text[random () % text.size ()] = alphabet[random () % alphabet.size ()];
      ASSERT_TRUE (agrees (text, LineBreaks::skip));
      ASSERT_TRUE (agrees (text, LineBreaks::reject));
    }
}

namespace {

// Feeds `text` to a Base64Stream in pieces cut at `cuts`; the bytes, or nothing.
std::optional<std::string>
streamed (const std::string &text, const std::vector<std::size_t> &cuts, LineBreaks line_breaks)
{
  Base64Stream stream (line_breaks);
  std::string bytes;
  std::size_t start = 0;
  auto feed = [&] (std::size_t end) {
    std::vector<std::uint8_t> out (base64_decoded_bound (end - start) + 3);
    auto size = stream.feed (std::string_view (text).substr (start, end - start), out.data ());
    start = end;
    if (!size)
      return false;
    bytes.append (reinterpret_cast<const char *> (out.data ()), *size);
    return true;
  };
  for (std::size_t cut : cuts)
    if (!feed (cut))
      return std::nullopt;
  if (!feed (text.size ()) || !stream.finish ())
    return std::nullopt;
  return bytes;
}

} // namespace

TEST (Base64, StreamAgreesWithTheWholeTextWhereverItIsCut)
{
  const std::string alphabet = "QUJ+/9a==\n\r-. ";
  std::mt19937 random (4);
  auto check = [&] (const std::string &text) {
    for (LineBreaks breaks : { LineBreaks::skip, LineBreaks::reject })
      for (int round = 0; round < 4; ++round)
        {
          std::vector<std::size_t> cuts;
          for (std::size_t at = 0; at < text.size (); at += 1 + random () % 7)
            cuts.push_back (at);
          if (round == 0)
            cuts.clear ();
          if (round == 1)
            for (std::size_t i = 0; i < cuts.size (); ++i)
              cuts[i] = i <= text.size () ? i : text.size (); // byte by byte
          auto expected = decoded (text, breaks);
          auto actual = streamed (text, cuts, breaks);
          if (expected != actual)
            return ::testing::AssertionFailure ()
                   << "\"" << take_string (g_strescape (text.c_str (), nullptr)) << "\" round "
                   << round;
        }
    return ::testing::AssertionSuccess ();
  };
  for (int round = 0; round < 20000; ++round)
    {
      std::string text (random () % 14, ' ');
      for (auto &c : text)
        c = alphabet[random () % alphabet.size ()];
      ASSERT_TRUE (check (text));
    }
  for (int round = 0; round < 3000; ++round)
    {
      std::string text = encoded (random_bytes (random, random () % 120 + 1));
      int changes = static_cast<int> (random () % 3);
      for (int k = 0; k < changes; ++k)
        text[random () % text.size ()] = alphabet[random () % alphabet.size ()];
      ASSERT_TRUE (check (text));
    }
  std::string large = random_bytes (random, 1024 * 1024 + 2);
  std::vector<std::size_t> cuts;
  std::string text = encoded (large);
  for (std::size_t at = 65531; at < text.size (); at += 65536)
    cuts.push_back (at);
  EXPECT_EQ (streamed (text, cuts, LineBreaks::reject), large);
}
