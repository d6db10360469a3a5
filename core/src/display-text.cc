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

enum class InvalidBytes
{
  replaced, // U+FFFD
  escaped,  // \xHH
};

// Appends how the character at `text[i]` is shown (when `out` is not null) and returns how
// many bytes it took: one for ASCII and for a byte that starts no valid UTF-8 sequence.
std::size_t
show_character (std::string_view text, std::size_t i, InvalidBytes invalid, std::string *out)
{
  const auto byte = static_cast<unsigned char> (text[i]);
  if (byte < 0x80)
    {
      if (!out)
        return 1;
      if (byte == '\n')
        *out += "\\n";
      else if (byte == '\r')
        *out += "\\r";
      else if (byte == '\t')
        *out += "\\t";
      else if (byte < 0x20 || byte == 0x7f)
        append_escape (*out, byte, false);
      else
        *out += static_cast<char> (byte);
      return 1;
    }
  // Rejects overlong forms, surrogates, code points past U+10FFFF and cut sequences.
  const gunichar c
    = g_utf8_get_char_validated (text.data () + i, static_cast<gssize> (text.size () - i));
  if (c == static_cast<gunichar> (-1) || c == static_cast<gunichar> (-2))
    {
      if (out && invalid == InvalidBytes::escaped)
        append_escape (*out, byte, false);
      else if (out)
        *out += kReplacement;
      return 1;
    }
  const std::size_t length = static_cast<std::size_t> (g_unichar_to_utf8 (c, nullptr));
  if (out && c <= 0x9f)
    append_escape (*out, c, true);
  else if (out)
    out->append (text.substr (i, length));
  return length;
}

// The characters [first, last) of `text`, shown.
void
append_shown (std::string &out, std::string_view text, std::size_t first, std::size_t last,
              InvalidBytes invalid)
{
  std::size_t i = 0;
  for (std::size_t n = 0; i < text.size () && n < last; ++n)
    i += show_character (text, i, invalid, n >= first ? &out : nullptr);
}

} // namespace

std::string
display_text (std::string_view text)
{
  std::string out;
  out.reserve (text.size ());
  append_shown (out, text, 0, text.size (), InvalidBytes::replaced);
  return out;
}

std::string
display_value (std::string_view value, std::size_t limit)
{
  std::size_t characters = 0;
  for (std::size_t i = 0; i < value.size (); ++characters)
    i += show_character (value, i, InvalidBytes::escaped, nullptr);
  std::string out;
  if (characters <= limit)
    {
      append_shown (out, value, 0, characters, InvalidBytes::escaped);
      return out;
    }
  // Most of the room for the start, where a value says what it is; the rest for its end.
  const std::size_t tail = limit / 4;
  const std::size_t head = limit - tail;
  append_shown (out, value, 0, head, InvalidBytes::escaped);
  out += "…";
  append_shown (out, value, characters - tail, characters, InvalidBytes::escaped);
  return out;
}

} // namespace gptimage
