#include "gptimage/validate.h"

#include "gptimage/i18n.h"

#include "validate-private.h"

#include <glib.h>

namespace gptimage::validate_detail {

Status
check_prompt_text (const std::string &param, std::string_view text)
{
  if (!g_utf8_validate (text.data (), static_cast<gssize> (text.size ()), nullptr))
    return Error::invalid (param, text, _("must be valid UTF-8 text"));
  bool blank = true;
  for (char c : text)
    blank = blank && g_ascii_isspace (c);
  if (blank)
    return Error::invalid (param, text, _("must not be empty"));
  auto chars = static_cast<std::size_t> (
    g_utf8_strlen (text.data (), static_cast<gssize> (text.size ())));
  if (chars > kMaxPromptChars)
    return Error::invalid (param, text,
                           /* Translators: the most characters allowed, and how many the prompt
                              has. */
                           printf_string (_("must be at most %lld characters (it has %lld)"),
                                          static_cast<long long> (kMaxPromptChars),
                                          static_cast<long long> (chars)));
  return {};
}

} // namespace gptimage::validate_detail
