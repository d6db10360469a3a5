// The classes of bad values every input of the CLI is tried with (tests/cli/cli-test.cc), and
// what the parameter table says a row must do with each: refuse it with one clear error, or
// take it and send it as it is.
#pragma once

#include "gptimage/display-text.h"
#include "gptimage/parameter.h"

#include <string>
#include <vector>

namespace gptimage::testing {

enum class ValueClass
{
  empty,
  huge_text,    // letters
  huge_digits,  // a number far beyond any range
  two_pow_31,   // one past INT_MAX
  two_pow_63,   // one past LLONG_MAX
  negative,
  not_utf8,     // Latin-1 bytes
  word,         // "abc" where a number is wanted
  decimal,      // "1.5" where a whole number is wanted
  small_number, // "3" where a word is wanted
};

struct BadValue
{
  ValueClass kind;
  const char *name;
  std::string text;
};

// Every class; the two huge ones `huge` characters long. A command-line argument or an
// environment string can hold at most 128 KiB on Linux (MAX_ARG_STRLEN), a file any size.
inline std::vector<BadValue>
bad_values (std::size_t huge)
{
  return {
    { ValueClass::empty, "empty", "" },
    { ValueClass::huge_text, "huge text", std::string (huge, 'a') },
    { ValueClass::huge_digits, "huge number", std::string (huge, '7') },
    { ValueClass::two_pow_31, "2^31", "2147483648" },
    { ValueClass::two_pow_63, "2^63", "9223372036854775808" },
    { ValueClass::negative, "negative", "-1" },
    { ValueClass::not_utf8, "not UTF-8", "caf\xe9\xff" },
    { ValueClass::word, "word", "abc" },
    { ValueClass::decimal, "decimal", "1.5" },
    { ValueClass::small_number, "number", "3" },
  };
}

// The value as an error quotes it: bytes that are not UTF-8 escaped, a long value cut to its
// start and end around "…" (display_value's rule, restated here).
inline std::string
expected_shown (const BadValue &value)
{
  if (value.kind == ValueClass::not_utf8)
    return "caf\\xe9\\xff";
  const std::string &text = value.text;
  if (text.size () <= kShownValueChars)
    return text;
  const std::size_t tail = kShownValueChars / 4;
  return text.substr (0, kShownValueChars - tail) + "…" + text.substr (text.size () - tail);
}

// What must happen: refused with a rule containing `rule_part`, or taken.
struct Verdict
{
  bool refused = true;
  std::string rule_part;
};

inline Verdict
refused (std::string rule_part)
{
  return { true, std::move (rule_part) };
}

inline const Verdict kTaken { false, {} };

// `given`: the value is a flag (an empty one is refused); otherwise it is configured (the
// environment or a file, where empty means unset).
inline Verdict
expected_verdict (const ParameterSpec &spec, const BadValue &value, bool given)
{
  const ValueClass kind = value.kind;
  if (kind == ValueClass::empty)
    return given ? refused ("must not be empty") : kTaken;
  if (kind == ValueClass::not_utf8)
    return refused ("must be valid UTF-8 text");
  if (spec.storage == Storage::flag)
    return refused ("must be 1, true, yes, on, 0, false, no or off");
  if (spec.storage == Storage::number)
    {
      const std::string range
        = "must be from " + std::to_string (spec.min) + " to " + std::to_string (spec.max);
      switch (kind)
        {
        case ValueClass::huge_text:
        case ValueClass::word:
        case ValueClass::decimal:
          return refused ("must be a whole number");
        case ValueClass::small_number:
          return spec.min <= 3 && 3 <= spec.max ? kTaken : refused (range);
        default:
          return refused (range);
        }
    }
  if (spec.id == Param::base_url)
    return refused ("must be an http:// or https:// URL");
  if (spec.id == Param::proxy)
    return refused ("must be an HTTP proxy URL");
  const bool huge = kind == ValueClass::huge_text || kind == ValueClass::huge_digits;
  if (spec.id == Param::ca_bundle) // a file name: no such file, or too long to be one
    return refused (huge ? "must be at most " + std::to_string (spec.max) + " characters"
                         : "cannot be read as PEM certificates");
  if (spec.per_model == ModelRule::size)
    return refused ("WIDTHxHEIGHT");
  if (spec.json_object)
    return refused ("JSON object");
  if (!spec.choices.empty ())
    return refused (std::string (choice_list (spec).front ()));
  // Free text (ids, models, the prompt): every text row has a length bound.
  if (huge)
    return refused ("must be at most " + std::to_string (spec.max) + " characters");
  return kTaken;
}

} // namespace gptimage::testing
