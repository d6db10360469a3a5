#include "mnemonics.h"

#include <optional>

namespace gptimage::plugin {

namespace {

// The character after the first lone underscore, lower-cased.
std::optional<gunichar>
mnemonic_of (const std::string &label)
{
  for (const char *p = label.c_str (); *p; p = g_utf8_next_char (p))
    if (*p == '_')
      {
        const char *next = p + 1;
        if (*next == '_')
          {
            p = next; // "__" is a literal underscore
            continue;
          }
        if (*next)
          return g_unichar_tolower (g_utf8_get_char (next));
      }
  return std::nullopt;
}

} // namespace

void
MnemonicPicker::reserve (const std::string &label_with_mnemonic)
{
  if (auto letter = mnemonic_of (label_with_mnemonic))
    used_.insert (*letter);
}

std::string
MnemonicPicker::pick (const std::string &label)
{
  if (auto letter = mnemonic_of (label))
    {
      used_.insert (*letter);
      return label;
    }
  // Two passes: the first letters of words, then any letter or digit.
  for (bool word_starts : { true, false })
    {
      bool at_word_start = true;
      for (const char *p = label.c_str (); *p; p = g_utf8_next_char (p))
        {
          const gunichar c = g_utf8_get_char (p);
          const bool usable = g_unichar_isalnum (c);
          const gunichar lower = g_unichar_tolower (c);
          if (usable && (at_word_start || !word_starts) && !used_.contains (lower))
            {
              used_.insert (lower);
              const std::size_t at = static_cast<std::size_t> (p - label.c_str ());
              return label.substr (0, at) + "_" + label.substr (at);
            }
          at_word_start = !usable;
        }
    }
  return label;
}

} // namespace gptimage::plugin
