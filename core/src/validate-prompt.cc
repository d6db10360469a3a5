#include "gptimage/validate.h"

#include "validate-private.h"

#include <glib.h>

namespace gptimage::validate_detail {

Status
check_prompt_text (const std::string &param, std::string_view text)
{
  if (!g_utf8_validate (text.data (), static_cast<gssize> (text.size ()), nullptr))
    return Error::invalid (param, text, "must be valid UTF-8 text");
  bool blank = true;
  for (char c : text)
    blank = blank && g_ascii_isspace (c);
  if (blank)
    return Error::invalid (param, text, "must not be empty");
  auto chars = static_cast<std::size_t> (
    g_utf8_strlen (text.data (), static_cast<gssize> (text.size ())));
  if (chars > kMaxPromptChars)
    return Error::invalid (param, text,
                           "must be at most " + std::to_string (kMaxPromptChars)
                             + " characters (it has " + std::to_string (chars) + ")");
  return {};
}

} // namespace gptimage::validate_detail
