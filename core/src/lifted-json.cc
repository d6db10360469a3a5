#include "gptimage/lifted-json.h"

#include <glib.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace gptimage {

namespace {

// Unguessable per process, so that no string in a response can pose as a token.
const std::string &
token_prefix ()
{
  static const std::string prefix = [] {
    char text[64];
    g_snprintf (text, sizeof text, "gpt-image-lifted-%08x%08x%08x%08x-", g_random_int (),
                g_random_int (), g_random_int (), g_random_int ());
    return std::string (text);
  }();
  return prefix;
}

bool
is_image_member (std::string_view key)
{
  return key == "b64_json" || key == "result" || key == "partial_image_b64";
}

bool
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The closing quote of the string whose contents start at `start`, looking from `p` on (no
// quote before it closes the string), or null when it is not closed.
const char *
closing_quote (const char *start, const char *p, const char *end)
{
  for (;;)
    {
      const auto *quote = static_cast<const char *> (std::memchr (p, '"', end - p));
      if (!quote)
        return nullptr;
      std::size_t backslashes = 0;
      while (quote - backslashes > start && quote[-1 - static_cast<std::ptrdiff_t> (backslashes)] == '\\')
        ++backslashes;
      if (backslashes % 2 == 0)
        return quote;
      p = quote + 1;
    }
}

} // namespace

const std::string_view *
LiftedJson::find (std::string_view text) const
{
  const std::string &prefix = token_prefix ();
  if (values.empty () || !text.starts_with (prefix))
    return nullptr;
  std::string_view digits = text.substr (prefix.size ());
  std::size_t index = 0;
  auto [end, error] = std::from_chars (digits.data (), digits.data () + digits.size (), index);
  if (error != std::errc () || end != digits.data () + digits.size () || index >= values.size ())
    return nullptr;
  return &values[index];
}

LiftedJson
lift_image_strings (std::string_view json, std::size_t min_length)
{
  LiftedJson lifted;
  const char *p = json.data ();
  const char *end = p + json.size ();
  const char *copied = p;  // the skeleton holds the text up to here
  std::string_view key;    // the last member name, when it had no escapes
  char before = '\0';      // the last character outside strings before the current one
  while (p < end)
    {
      const auto *open = static_cast<const char *> (std::memchr (p, '"', end - p));
      if (!open)
        break;
      for (const char *c = open; c > p; --c)
        if (!is_json_space (c[-1]))
          {
            before = c[-1];
            break;
          }
      const char *close = closing_quote (open + 1, open + 1, end);
      if (!close)
        break;
      std::string_view contents (open + 1, close - open - 1);
      bool escaped = contents.find ('\\') != std::string_view::npos;

      const char *next = close + 1;
      while (next < end && is_json_space (*next))
        ++next;
      if (next < end && *next == ':')
        key = escaped ? std::string_view () : contents;
      else if (before == ':' && !escaped && contents.size () >= min_length && is_image_member (key))
        {
          lifted.skeleton.append (copied, open + 1);
          lifted.skeleton += token_prefix ();
          lifted.skeleton += std::to_string (lifted.values.size ());
          copied = close;
          lifted.values.push_back (contents);
        }
      before = '"';
      p = close + 1;
    }
  if (!lifted.values.empty ())
    lifted.skeleton.append (copied, end);
  return lifted;
}

std::optional<std::size_t>
ImageStringFinder::next_start (std::string_view text)
{
  const char *begin = text.data ();
  const char *end = begin + text.size ();
  while (pos_ < text.size ())
    {
      const char *p = begin + pos_;
      const auto *open = static_cast<const char *> (std::memchr (p, '"', end - p));
      if (!open)
        {
          for (const char *c = end; c > p; --c)
            if (!is_json_space (c[-1]))
              {
                before_ = c[-1];
                break;
              }
          pos_ = text.size ();
          return std::nullopt;
        }
      for (const char *c = open; c > p; --c)
        if (!is_json_space (c[-1]))
          {
            before_ = c[-1];
            break;
          }
      if (static_cast<std::size_t> (open - begin) != pos_)
        searched_ = 0; // a new string
      pos_ = open - begin; // from here when the string is not all in yet
      bool image_value = before_ == ':' && is_image_member (key_);
      // A long string that is no image may take many reads: its end is looked for once.
      const char *from = std::max (open + 1, begin + searched_);
      const char *close = closing_quote (open + 1, from, end);
      if (!close)
        {
          searched_ = text.size () > 0 ? text.size () - 1 : 0; // the last byte may be a backslash
          return image_value ? std::optional<std::size_t> (pos_ + 1) : std::nullopt;
        }
      // Whether a string is a member name shows only after it: one that may be an image is
      // returned at once all the same (the caller decodes it, and the JSON parser decides).
      if (image_value)
        return pos_ + 1;
      std::string_view contents (open + 1, close - open - 1);
      const char *next = close + 1;
      while (next < end && is_json_space (*next))
        ++next;
      if (next == end)
        return std::nullopt; // a name or a value: the next character tells
      if (*next == ':')
        key_ = contents.find ('\\') == std::string_view::npos && contents.size () <= 64
                 ? std::string (contents)
                 : std::string ();
      before_ = '"';
      pos_ = close + 1 - begin;
      searched_ = 0;
    }
  return std::nullopt;
}

void
ImageStringFinder::skip_string (std::size_t close)
{
  pos_ = close + 1;
  searched_ = 0;
  before_ = '"';
}

} // namespace gptimage
