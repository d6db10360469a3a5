#include "layer-name.h"

#include <glib.h>

#include <vector>

namespace gptimage::plugin {

namespace {

constexpr gunichar kReplacement = 0xfffd;
constexpr gunichar kEllipsis = 0x2026;

// Code points of `text`; each byte of an invalid sequence becomes U+FFFD.
std::vector<gunichar>
decode (std::string_view text)
{
  std::vector<gunichar> out;
  const char *p = text.data ();
  const char *end = p + text.size ();
  while (p < end)
    {
      if (*p == '\0')
        {
          out.push_back (0); // a control character: folded to a space below
          ++p;
          continue;
        }
      const gunichar c = g_utf8_get_char_validated (p, end - p);
      if (c == gunichar (-1) || c == gunichar (-2))
        {
          out.push_back (kReplacement);
          ++p;
          continue;
        }
      out.push_back (c);
      p = g_utf8_next_char (p);
    }
  return out;
}

bool
is_fold_space (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_iscntrl (c);
}

// Whitespace and control characters (newlines, tabs, ...) become single spaces; no space at
// either end.
std::vector<gunichar>
fold_whitespace (const std::vector<gunichar> &chars)
{
  std::vector<gunichar> out;
  bool pending_space = false;
  for (gunichar c : chars)
    {
      if (is_fold_space (c))
        {
          pending_space = !out.empty ();
          continue;
        }
      if (pending_space)
        out.push_back (' ');
      pending_space = false;
      out.push_back (c);
    }
  return out;
}

// At most `limit` characters, the ellipsis included. Cuts at the last space when that keeps at
// least half of the room, else inside the word; never between a character and its combining
// marks.
std::vector<gunichar>
shorten (std::vector<gunichar> chars, std::size_t limit)
{
  if (chars.size () <= limit)
    return chars;
  if (limit == 0)
    return {};
  std::size_t cut = limit - 1; // room for the ellipsis
  while (cut > 0 && g_unichar_ismark (chars[cut]))
    --cut;
  if (chars[cut] != ' ')
    {
      std::size_t space = cut;
      while (space > 0 && chars[space - 1] != ' ')
        --space;
      if (space > 0 && space - 1 >= (limit - 1) / 2)
        cut = space - 1;
    }
  chars.resize (cut);
  while (!chars.empty () && chars.back () == ' ')
    chars.pop_back ();
  if (chars.empty ())
    return chars;
  chars.push_back (kEllipsis);
  return chars;
}

std::string
encode (const std::vector<gunichar> &chars)
{
  std::string out;
  char buffer[8];
  for (gunichar c : chars)
    out.append (buffer, static_cast<std::size_t> (g_unichar_to_utf8 (c, buffer)));
  return out;
}

} // namespace

std::string
layer_name_from_prompt (std::string_view prompt, int index, int count,
                        std::size_t max_prompt_chars)
{
  const auto text = shorten (fold_whitespace (decode (prompt)), max_prompt_chars);
  std::string name = text.empty () ? "GPT Image" : "GPT: " + encode (text);
  if (count > 1)
    name += " (" + std::to_string (index) + "/" + std::to_string (count) + ")";
  return name;
}

} // namespace gptimage::plugin
