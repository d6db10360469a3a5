#include "progress-words.h"

#include "i18n.h"

#include <algorithm>
#include <cmath>

namespace gptimage::plugin {

namespace {

const char *
retry_reason (const Error &reason)
{
  if (reason.http_status == 429 || reason.http_status == 503)
    return _("Server busy");
  if (reason.http_status >= 500)
    return _("Server error");
  switch (reason.kind)
    {
    case ErrorKind::network:
      return _("Connection lost");
    case ErrorKind::timeout:
      return _("No answer in time");
    default:
      return _("The attempt failed");
    }
}

} // namespace

std::string
retry_words (int attempt, double delay_seconds, const Error &reason)
{
  const int seconds = static_cast<int> (std::ceil (std::max (0.0, delay_seconds)));
  // TRANSLATORS: e.g. "Server busy, retrying in 8 s (retry 1)".
  return printf_string (_("%s, retrying in %d s (retry %d)"), retry_reason (reason), seconds,
                        attempt);
}

} // namespace gptimage::plugin
