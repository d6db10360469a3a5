#include "gptimage/display-text.h"

#include <glib.h>

#include <cstdio>

namespace gptimage {

namespace {

constexpr std::string_view kReplacement = "\xef\xbf\xbd"; // U+FFFD

// \xHH for a byte, \u00HH for a C1 code point.
void
append_escape (std::string &out, unsigned value, bool code_point)
{
  char escape[8];
  if (code_point)
    std::snprintf (escape, sizeof escape, "\\u%04x", value);
  else
    std::snprintf (escape, sizeof escape, "\\x%02x", value);
  out += escape;
}

} // namespace

std::string
display_text (std::string_view text)
{
  std::string out;
  out.reserve (text.size ());
  std::size_t i = 0;
  while (i < text.size ())
    {
      const auto byte = static_cast<unsigned char> (text[i]);
      if (byte < 0x80)
        {
          if (byte == '\n')
            out += "\\n";
          else if (byte == '\r')
            out += "\\r";
          else if (byte == '\t')
            out += "\\t";
          else if (byte < 0x20 || byte == 0x7f)
            append_escape (out, byte, false);
          else
            out += static_cast<char> (byte);
          ++i;
          continue;
        }
      // Rejects overlong forms, surrogates, code points past U+10FFFF and cut sequences.
      const gunichar c = g_utf8_get_char_validated (text.data () + i,
                                                    static_cast<gssize> (text.size () - i));
      if (c == static_cast<gunichar> (-1) || c == static_cast<gunichar> (-2))
        {
          out += kReplacement;
          ++i;
          continue;
        }
      const std::size_t length = static_cast<std::size_t> (g_unichar_to_utf8 (c, nullptr));
      if (c <= 0x9f)
        append_escape (out, c, true);
      else
        out.append (text.substr (i, length));
      i += length;
    }
  return out;
}

} // namespace gptimage
