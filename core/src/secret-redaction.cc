#include "gptimage/secret-redaction.h"

#include <glib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <vector>

namespace gptimage {

namespace {

struct Decoded
{
  unsigned char c;
  std::size_t length; // of its text
};

// The character that the text at `at` stands for: a JSON escape (one that gives a single
// byte), or the byte itself.
Decoded
character_at (std::string_view text, std::size_t at)
{
  auto c = static_cast<unsigned char> (text[at]);
  if (c != '\\' || at + 1 >= text.size ())
    return { c, 1 };
  switch (text[at + 1])
    {
    case '"': return { '"', 2 };
    case '\\': return { '\\', 2 };
    case '/': return { '/', 2 };
    case 'b': return { '\b', 2 };
    case 'f': return { '\f', 2 };
    case 'n': return { '\n', 2 };
    case 'r': return { '\r', 2 };
    case 't': return { '\t', 2 };
    case 'u':
      {
        if (at + 6 > text.size ())
          break;
        int value = 0;
        for (std::size_t i = at + 2; i < at + 6; ++i)
          {
            int digit = g_ascii_xdigit_value (text[i]);
            if (digit < 0)
              return { c, 1 };
            value = value * 16 + digit;
          }
        // A key is ASCII (it travels in a header); other code points cannot be part of it.
        if (value < 0x80)
          return { static_cast<unsigned char> (value), 6 };
        break;
      }
    default:
      break;
    }
  return { c, 1 };
}

bool
is_line_break (unsigned char c)
{
  return c == '\n' || c == '\r';
}

// The length of the text from `start` that reads as `secret`, 0 when it does not.
std::size_t
match_at (std::string_view text, std::size_t start, std::string_view secret)
{
  std::size_t at = start;
  std::size_t matched = 0;
  while (matched < secret.size ())
    {
      if (at >= text.size ())
        return 0;
      Decoded d = character_at (text, at);
      if (d.c == static_cast<unsigned char> (secret[matched]))
        ++matched;
      else if (matched == 0 || !is_line_break (d.c))
        return 0;
      at += d.length;
    }
  return at - start;
}

// Where an occurrence may start: wherever the key stands as it is, and before every escape
// or line break that the key's first characters lead up to. Image strings of megabytes have
// neither, so this costs a search and a memchr per special byte, not a look at every byte.
std::vector<std::size_t>
candidate_starts (std::string_view text, std::string_view secret)
{
  std::vector<std::size_t> starts;
  std::boyer_moore_horspool_searcher searcher (secret.begin (), secret.end ());
  for (auto it = text.begin ();;)
    {
      auto found = std::search (it, text.end (), searcher);
      if (found == text.end ())
        break;
      starts.push_back (static_cast<std::size_t> (found - text.begin ()));
      it = found + 1;
    }
  // The leads (how many of the key's first characters stand right before a special byte)
  // that end in each byte value: a random key has one or two per byte, so a backslash every
  // 64 bytes of base64 (a server that escapes '/') costs a look-up, not a loop over the key.
  std::array<std::vector<std::size_t>, 256> leads_ending_in;
  for (std::size_t lead = 1; lead < secret.size (); ++lead)
    leads_ending_in[static_cast<unsigned char> (secret[lead - 1])].push_back (lead);
  const char *begin = text.data ();
  const char *end = begin + text.size ();
  for (char special : { '\\', '\n', '\r' })
    for (const char *p = begin;
         (p = static_cast<const char *> (std::memchr (p, special, end - p))) != nullptr; ++p)
      {
        auto at = static_cast<std::size_t> (p - begin);
        // An escape can itself be the key's first character.
        if (special == '\\' && character_at (text, at).c == static_cast<unsigned char> (secret[0]))
          starts.push_back (at);
        if (at == 0)
          continue;
        for (std::size_t lead : leads_ending_in[static_cast<unsigned char> (text[at - 1])])
          if (lead <= at && text.compare (at - lead, lead, secret, 0, lead) == 0)
            starts.push_back (at - lead);
      }
  std::sort (starts.begin (), starts.end ());
  starts.erase (std::unique (starts.begin (), starts.end ()), starts.end ());
  return starts;
}

} // namespace

std::optional<std::string>
redact_secret (std::string_view text, std::string_view secret)
{
  if (secret.size () < kMinRedactedSecretSize || text.empty ())
    return std::nullopt;
  std::optional<std::string> out;
  std::size_t copied = 0;
  for (std::size_t start : candidate_starts (text, secret))
    {
      if (start < copied)
        continue; // inside an occurrence already replaced
      std::size_t length = match_at (text, start, secret);
      if (length == 0)
        continue;
      if (!out)
        out.emplace ().reserve (text.size ());
      out->append (text.substr (copied, start - copied));
      out->append (kRedactedMarker);
      copied = start + length;
    }
  if (out)
    out->append (text.substr (copied));
  return out;
}

} // namespace gptimage
