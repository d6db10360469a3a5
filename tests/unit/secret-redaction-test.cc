// redact_secret: the key in every form a server may send it back in, and nothing else touched.
#include "gptimage/secret-redaction.h"

#include <glib.h>
#include <gtest/gtest.h>

using namespace gptimage;

namespace {

const std::string key = "fake-key-proj-Ab1/xyz_9";

std::string
redacted (std::string_view text)
{
  return redact_secret (text, key).value_or ("(unchanged)");
}

} // namespace

TEST (SecretRedaction, TextWithoutTheKeyIsLeftAlone)
{
  EXPECT_FALSE (redact_secret ("{\"error\":{\"message\":\"Incorrect API key\"}}", key));
  EXPECT_FALSE (redact_secret ("", key));
  // The key's first characters alone are not the key.
  EXPECT_FALSE (redact_secret ("fake-key-proj-Ab1/xy", key));
  EXPECT_FALSE (redact_secret ("fake-key-proj\\u002dAb1/xy\"", key));
}

TEST (SecretRedaction, EveryWholeOccurrenceIsReplaced)
{
  EXPECT_EQ (redacted (key), "[redacted]");
  EXPECT_EQ (redacted ("Incorrect API key provided: " + key + ". Again: " + key + key),
             "Incorrect API key provided: [redacted]. Again: [redacted][redacted]");
}

TEST (SecretRedaction, JsonEscapesAreSeenThrough)
{
  // \/ for the slash, \u00XX in either case for any character.
  EXPECT_EQ (redacted ("{\"m\":\"fake-key-proj-Ab1\\/xyz_9\"}"), "{\"m\":\"[redacted]\"}");
  EXPECT_EQ (redacted ("\"\\u0066ake\\u002Dkey-proj-Ab1\\u002fxyz_\\u0039\""), "\"[redacted]\"");
  std::string all;
  for (char c : key)
    {
      char escape[8];
      g_snprintf (escape, sizeof escape, "\\u%04x", static_cast<unsigned char> (c));
      all += escape;
    }
  EXPECT_EQ (redacted ("x" + all + "y"), "x[redacted]y");
}

TEST (SecretRedaction, LineBreaksInsideTheKeyDoNotHideIt)
{
  // A string split over two SSE data lines arrives with a raw line break in it.
  EXPECT_EQ (redacted ("key: fake-key-pr\noj-Ab1/xyz_9."), "key: [redacted].");
  EXPECT_EQ (redacted ("key: fake-key-pr\r\noj-Ab1/xyz_9."), "key: [redacted].");
  EXPECT_EQ (redacted ("key: fake-key-pr\\noj-Ab1\\/xyz_9."), "key: [redacted].");
  // A line break before the key is not part of it.
  EXPECT_EQ (redacted ("key:\n" + key), "key:\n[redacted]");
}

TEST (SecretRedaction, OverlappingStartsAreFound)
{
  const std::string repetitive = "abababababac";
  EXPECT_EQ (redact_secret ("xabababababababacx", repetitive).value_or (""), "xabab[redacted]x");
  EXPECT_EQ (redact_secret ("abab\\u0061bababac", repetitive).value_or (""), "[redacted]");
}

TEST (SecretRedaction, ShortKeysAreNotLookedFor)
{
  // Replacing every "abc" would spoil images and text; such a key protects nothing anyway.
  EXPECT_FALSE (redact_secret ("abc abc", "abc"));
  EXPECT_FALSE (redact_secret ("anything", ""));
  EXPECT_TRUE (redact_secret ("12345678", "12345678"));
}

TEST (SecretRedaction, LargeTextsStayCheap)
{
  // A 20 MB base64 image with the key's first character everywhere, then the key.
  std::string text (20 * 1024 * 1024, 'f');
  text += "\\/" + key;
  gint64 start = g_get_monotonic_time ();
  EXPECT_EQ (redacted (text).substr (text.size () - key.size () - 2), "\\/[redacted]");
  EXPECT_LT (g_get_monotonic_time () - start, 2 * G_USEC_PER_SEC);
}
