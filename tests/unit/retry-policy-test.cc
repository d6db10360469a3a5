#include "gptimage/retry-policy.h"
#include "gptimage/transport.h"

#include <gtest/gtest.h>

#include <memory>

using namespace gptimage;

namespace {

Error
http_error (ErrorKind kind, int status, std::string code = {}, std::string type = {})
{
  Error e;
  e.kind = kind;
  e.http_status = status;
  e.code = std::move (code);
  e.type = std::move (type);
  e.message = "x";
  return e;
}

SoupMessageHeadersPtr
response_headers ()
{
  return SoupMessageHeadersPtr (soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE));
}

} // namespace

struct RetryRow
{
  const char *what;
  Error error;
  const char *x_should_retry;
  bool retry;
};

TEST (RetryPolicy, IsRetryableTable)
{
  Error timeout;
  timeout.kind = ErrorKind::timeout;
  const RetryRow rows[] = {
    { "connection failure", Error::network_error ("refused"), "", true },
    { "timeout", timeout, "", false },
    { "cancelled", Error::cancelled_error (), "", false },
    { "protocol", http_error (ErrorKind::protocol, 200), "", false },
    { "400 invalid value", http_error (ErrorKind::api, 400, "invalid_value", "invalid_request_error"), "", false },
    { "400 moderation", http_error (ErrorKind::api, 400, "moderation_blocked", "image_generation_user_error"), "", false },
    { "401", http_error (ErrorKind::api, 401), "", false },
    { "404 html", http_error (ErrorKind::http, 404), "", false },
    { "408", http_error (ErrorKind::http, 408), "", true },
    { "409", http_error (ErrorKind::api, 409), "", true },
    { "429 rate limit", http_error (ErrorKind::api, 429, "rate_limit_exceeded"), "", true },
    { "429 quota", http_error (ErrorKind::api, 429, "insufficient_quota", "insufficient_quota"), "", false },
    { "500", http_error (ErrorKind::api, 500), "", true },
    { "502 html", http_error (ErrorKind::http, 502), "", true },
    { "503", http_error (ErrorKind::api, 503), "", true },
    { "500 user error type", http_error (ErrorKind::api, 500, "", "image_generation_user_error"), "", false },
    { "stream error event", http_error (ErrorKind::api, 0, "server_error"), "", false },
    { "x-should-retry true on 400", http_error (ErrorKind::api, 400), "true", true },
    { "x-should-retry false on 503", http_error (ErrorKind::api, 503), "false", false },
    { "x-should-retry false on 429", http_error (ErrorKind::api, 429), "false", false },
    { "x-should-retry junk on 503", http_error (ErrorKind::api, 503), "maybe", true },
  };
  for (const RetryRow &row : rows)
    EXPECT_EQ (is_retryable (row.error, row.x_should_retry), row.retry) << row.what;
}

TEST (RetryPolicy, DelayUsesServerHintWithinLimit)
{
  TransportOptions options; // max_server_delay_seconds 60
  EXPECT_DOUBLE_EQ (retry_delay_seconds (options, 0, 3.5, 0.9), 3.5);
  EXPECT_DOUBLE_EQ (retry_delay_seconds (options, 1, 60.0, 0.9), 60.0);
  // Out of range: exponential backoff instead.
  EXPECT_DOUBLE_EQ (retry_delay_seconds (options, 0, 61.0, 0.0), 0.5);
  EXPECT_DOUBLE_EQ (retry_delay_seconds (options, 0, 0.0, 0.0), 0.5);
  EXPECT_DOUBLE_EQ (retry_delay_seconds (options, 0, -4.0, 0.0), 0.5);
  options.max_server_delay_seconds = 2;
  EXPECT_DOUBLE_EQ (retry_delay_seconds (options, 1, 3.0, 0.0), 1.0);
}

TEST (RetryPolicy, BackoffDoublesCapsAndJitters)
{
  TransportOptions options; // 0.5 s doubled, capped at 8 s
  EXPECT_DOUBLE_EQ (retry_delay_seconds (options, 0, std::nullopt, 0.0), 0.5);
  EXPECT_DOUBLE_EQ (retry_delay_seconds (options, 1, std::nullopt, 0.0), 1.0);
  EXPECT_DOUBLE_EQ (retry_delay_seconds (options, 2, std::nullopt, 0.0), 2.0);
  EXPECT_DOUBLE_EQ (retry_delay_seconds (options, 4, std::nullopt, 0.0), 8.0);
  EXPECT_DOUBLE_EQ (retry_delay_seconds (options, 9, std::nullopt, 0.0), 8.0);
  // Jitter takes off up to a quarter.
  EXPECT_DOUBLE_EQ (retry_delay_seconds (options, 1, std::nullopt, 0.5), 0.875);
  double most = retry_delay_seconds (options, 1, std::nullopt, 0.999999);
  EXPECT_GT (most, 0.75);
  EXPECT_LT (most, 0.7501);
  options.initial_backoff_seconds = 0.01;
  options.max_backoff_seconds = 0.03;
  EXPECT_DOUBLE_EQ (retry_delay_seconds (options, 3, std::nullopt, 0.0), 0.03);
}

TEST (RetryPolicy, ParseRetryAfterMilliseconds)
{
  auto headers = response_headers ();
  soup_message_headers_append (headers.get (), "retry-after-ms", "50");
  soup_message_headers_append (headers.get (), "Retry-After", "7");
  auto hint = parse_retry_after (headers.get ());
  ASSERT_TRUE (hint);
  EXPECT_DOUBLE_EQ (*hint, 0.05); // retry-after-ms wins
}

TEST (RetryPolicy, ParseRetryAfterSeconds)
{
  auto headers = response_headers ();
  soup_message_headers_append (headers.get (), "Retry-After", "7");
  auto hint = parse_retry_after (headers.get ());
  ASSERT_TRUE (hint);
  EXPECT_DOUBLE_EQ (*hint, 7.0);
}

TEST (RetryPolicy, ParseRetryAfterHttpDate)
{
  auto headers = response_headers ();
  std::unique_ptr<GDateTime, decltype (&g_date_time_unref)> now (g_date_time_new_now_utc (),
                                                                 g_date_time_unref);
  std::unique_ptr<GDateTime, decltype (&g_date_time_unref)> later (
      g_date_time_add_seconds (now.get (), 30), g_date_time_unref);
  CharPtr text (soup_date_time_to_string (later.get (), SOUP_DATE_HTTP));
  soup_message_headers_append (headers.get (), "Retry-After", text.get ());
  auto hint = parse_retry_after (headers.get ());
  ASSERT_TRUE (hint);
  EXPECT_GT (*hint, 27.0);
  EXPECT_LE (*hint, 30.0);
}

TEST (RetryPolicy, ParseRetryAfterRejectsJunk)
{
  auto headers = response_headers ();
  EXPECT_FALSE (parse_retry_after (headers.get ()));
  soup_message_headers_append (headers.get (), "Retry-After", "soon");
  EXPECT_FALSE (parse_retry_after (headers.get ()));
  soup_message_headers_replace (headers.get (), "Retry-After", "5s");
  EXPECT_FALSE (parse_retry_after (headers.get ()));
  EXPECT_FALSE (parse_retry_after (nullptr));
}
