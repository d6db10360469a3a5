#include "gptimage/display-text.h"

#include <glib.h>
#include <gtest/gtest.h>

using namespace gptimage;

TEST (DisplayText, PlainTextIsUnchanged)
{
  EXPECT_EQ (display_text (""), "");
  EXPECT_EQ (display_text ("Your request was rejected."), "Your request was rejected.");
  // Non-ASCII letters, a no-break space (U+00A0, just past C1), an emoji and backslashes.
  const std::string text = "caf\xc3\xa9 \xc2\xa0 \xf0\x9f\xa6\x8a C:\\path \\n stays";
  EXPECT_EQ (display_text (text), text);
}

TEST (DisplayText, C0ControlsAndDelAreEscaped)
{
  EXPECT_EQ (display_text ("one\ntwo\r\n\tthree"), "one\\ntwo\\r\\n\\tthree");
  EXPECT_EQ (display_text ("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
  EXPECT_EQ (display_text ("\x1b[2J\x1b[31mred"), "\\x1b[2J\\x1b[31mred");
  EXPECT_EQ (display_text (std::string ("a\0b", 3)), "a\\x00b");
  EXPECT_EQ (display_text ("\x01\x08\x0b\x0c\x1f\x7f"), "\\x01\\x08\\x0b\\x0c\\x1f\\x7f");
}

TEST (DisplayText, C1ControlsAreEscaped)
{
  // U+009B is CSI: on some terminals it starts an escape sequence by itself.
  EXPECT_EQ (display_text ("\xc2\x9b" "2J"), "\\u009b2J");
  EXPECT_EQ (display_text ("\xc2\x80\xc2\x85\xc2\x9f"), "\\u0080\\u0085\\u009f");
}

TEST (DisplayText, InvalidUtf8IsReplaced)
{
  const std::string fffd = "\xef\xbf\xbd";
  EXPECT_EQ (display_text ("bad \xff byte"), "bad " + fffd + " byte");
  // A lone continuation byte, and a sequence cut at the end.
  EXPECT_EQ (display_text ("\x80x"), fffd + "x");
  EXPECT_EQ (display_text ("end \xe2\x82"), "end " + fffd + fffd);
  // Overlong forms (here of NUL and of ESC) and a UTF-16 surrogate are not characters.
  EXPECT_EQ (display_text ("\xc0\x80"), fffd + fffd);
  EXPECT_EQ (display_text ("\xc0\x9b"), fffd + fffd);
  EXPECT_EQ (display_text ("\xed\xa0\x80"), fffd + fffd + fffd);
}

TEST (DisplayText, ResultIsOneLineOfValidUtf8WithoutControls)
{
  std::string every_byte;
  for (int b = 0; b < 256; ++b)
    every_byte += static_cast<char> (b);
  const std::string shown = display_text (every_byte);
  ASSERT_TRUE (g_utf8_validate (shown.data (), static_cast<gssize> (shown.size ()), nullptr));
  for (const char *p = shown.c_str (); *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      EXPECT_FALSE (c < 0x20 || (c >= 0x7f && c <= 0x9f)) << "U+" << std::hex << c;
    }
}

TEST (DisplayValue, ShortValuesAreEscapedAndKeptWhole)
{
  EXPECT_EQ (display_value (""), "");
  EXPECT_EQ (display_value ("1024x1024"), "1024x1024");
  EXPECT_EQ (display_value ("org-1\r\nX: 1"), "org-1\\r\\nX: 1");
  EXPECT_EQ (display_value ("caf\xc3\xa9"), "caf\xc3\xa9");
  // Bytes that are not UTF-8 are shown as bytes: a Latin-1 "café" says which byte is wrong.
  EXPECT_EQ (display_value ("caf\xe9 \xff\xfe"), "caf\\xe9 \\xff\\xfe");
  EXPECT_EQ (display_value ("end \xe2\x82"), "end \\xe2\\x82");
}

TEST (DisplayValue, LongValuesKeepTheirStartAndEnd)
{
  const std::string path = "/home/ada/" + std::string (1000, 'd') + "/hero.png";
  const std::string shown = display_value (path, 40);
  EXPECT_EQ (shown, "/home/ada/" + std::string (20, 'd') + "…" + std::string (1, 'd')
                      + "/hero.png");
  EXPECT_EQ (g_utf8_strlen (shown.c_str (), -1), 41);
  // A megabyte of text is shown in a hundred characters.
  const std::string huge (1 << 20, 'a');
  EXPECT_EQ (g_utf8_strlen (display_value (huge).c_str (), -1),
             static_cast<glong> (kShownValueChars + 1));
  // Exactly at the limit: whole.
  EXPECT_EQ (display_value (std::string (kShownValueChars, 'b')),
             std::string (kShownValueChars, 'b'));
}

TEST (DisplayValue, ResultIsOneLineOfValidUtf8WithoutControls)
{
  std::string every_byte;
  for (int b = 0; b < 256; ++b)
    every_byte += static_cast<char> (b);
  const std::string shown = display_value (every_byte + every_byte, 10000);
  ASSERT_TRUE (g_utf8_validate (shown.data (), static_cast<gssize> (shown.size ()), nullptr));
  for (const char *p = shown.c_str (); *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      EXPECT_FALSE (c < 0x20 || (c >= 0x7f && c <= 0x9f)) << "U+" << std::hex << c;
    }
}
