#include "gptimage/retry-policy.h"

#include "gptimage/glib-ptr.h"
#include "gptimage/transport.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

namespace gptimage {

namespace {

// A whole string as a finite decimal number.
std::optional<double>
parse_number (const char *text)
{
  if (!text)
    return std::nullopt;
  while (g_ascii_isspace (*text))
    ++text;
  if (!*text || !(g_ascii_isdigit (*text) || *text == '.'))
    return std::nullopt;
  char *end = nullptr;
  double value = g_ascii_strtod (text, &end);
  while (end && g_ascii_isspace (*end))
    ++end;
  if (!end || *end || !std::isfinite (value))
    return std::nullopt;
  return value;
}

} // namespace

bool
is_retryable (const Error &error, std::string_view x_should_retry)
{
  switch (error.kind)
    {
    case ErrorKind::network:
      return true;
    case ErrorKind::http:
    case ErrorKind::api:
      break;
    default:
      return false; // timeouts, cancellation, bad local input, unreadable 2xx bodies
    }
  if (error.http_status == 0)
    return false; // reported inside a stream that had started: the image may be billed
  if (x_should_retry == "true")
    return true;
  if (x_should_retry == "false")
    return false;
  // The image API's user errors (moderation and the like) fail the same way every time.
  if (error.type == "image_generation_user_error" || error.code == "moderation_blocked")
    return false;
  int status = error.http_status;
  if (status == 429)
    return error.code != "insufficient_quota";
  return status == 408 || status == 409 || status >= 500;
}

double
retry_delay_seconds (const TransportOptions &options, int retry,
                     std::optional<double> server_hint_seconds, double jitter)
{
  if (server_hint_seconds && *server_hint_seconds > 0
      && *server_hint_seconds <= options.max_server_delay_seconds)
    return *server_hint_seconds;
  jitter = std::clamp (jitter, 0.0, 1.0);
  double backoff = options.initial_backoff_seconds * std::pow (2.0, std::max (retry, 0));
  return std::min (backoff, options.max_backoff_seconds) * (1.0 - 0.25 * jitter);
}

std::optional<double>
parse_retry_after (SoupMessageHeaders *headers)
{
  if (!headers)
    return std::nullopt;
  if (auto ms = parse_number (soup_message_headers_get_one (headers, "retry-after-ms")))
    return *ms / 1000.0;
  const char *value = soup_message_headers_get_one (headers, "retry-after");
  if (!value)
    return std::nullopt;
  if (auto seconds = parse_number (value))
    return seconds;
  DateTimePtr date (soup_date_time_new_from_http_string (value));
  if (!date)
    return std::nullopt;
  DateTimePtr now (g_date_time_new_now_utc ());
  return static_cast<double> (g_date_time_difference (date.get (), now.get ())) / G_TIME_SPAN_SECOND;
}

} // namespace gptimage
