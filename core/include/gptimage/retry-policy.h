// When a failed attempt is worth another one, and how long to wait before it.
#pragma once

#include "gptimage/error.h"

#include <libsoup/soup.h>

#include <optional>
#include <string_view>

namespace gptimage {

struct TransportOptions;

// Whether an error is worth retrying: connection failures, 408, 409, 429 (not
// insufficient_quota), 5xx; never user errors such as moderation_blocked or invalid values,
// never timeouts or cancellation, never errors reported inside a stream (no HTTP status).
// `x_should_retry` is the x-should-retry header ("true"/"false") when present; it overrides
// the status rules for HTTP and API errors.
bool is_retryable (const Error &error, std::string_view x_should_retry = {});

// The delay before retry number `retry` (0-based): the server's hint when 0 < hint <= max,
// else exponential backoff with jitter. `jitter` is in [0, 1).
double retry_delay_seconds (const TransportOptions &options, int retry,
                            std::optional<double> server_hint_seconds, double jitter);

// Parses retry-after-ms (milliseconds) or Retry-After (seconds or an HTTP date).
std::optional<double> parse_retry_after (SoupMessageHeaders *headers);

} // namespace gptimage
