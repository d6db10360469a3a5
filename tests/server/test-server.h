// An OpenAI-compatible stand-in for api.openai.com, on libsoup's SoupServer, for every test
// that would otherwise need the network: GoogleTest suites start it in-process; CLI and GIMP
// batch tests run it as the `gpt-image-test-server` program and steer it over HTTP.
//
// It implements POST /v1/images/generations, /v1/images/edits and /v1/responses (JSON and SSE)
// strictly, with its own checks (never the core's), returns real images, records every
// request, and fails on demand (faults).
//
// Admin endpoints (no auth), for out-of-process tests:
//   POST /__admin/faults   {"faults": [{"kind": "rate_limit", "retry_after": 1},
//                                      {"kind": "slow", "delay": 3},
//                                      {"kind": "http_error", "status": 502}, ...]}
//                          (appended, FIFO; "count" and "bytes" as the kinds below say)
//   GET  /__admin/faults   the pending faults, same format
//   GET  /__admin/requests JSON array of the recorded requests (see requests_json)
//   POST /__admin/reset    forgets the recorded requests and the pending faults
#pragma once

#include "gptimage/glib-ptr.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gptimage::testing {

enum class FaultKind
{
  rate_limit,         // 429 rate_limit_exceeded with Retry-After and retry-after-ms
  server_error,       // 500 server_error
  unavailable,        // 503 "overloaded"
  drop_mid_stream,    // headers and part of the body (streams: through the first partial
                      // image), then the connection is closed
  slow,               // waits delay_seconds before answering
  moderation_blocked, // 400 image_generation_user_error moderation_blocked + moderation_details
  insufficient_quota, // 429 insufficient_quota, no Retry-After
  stream_error,       // streams: an `error` event (Images) or response.failed (Responses)
                      // after the first partial image; other requests: 500 server_error
  not_an_image,       // 200 as usual, but each final image is base64 of text
  wrong_size,         // 200 as usual, but each final image has half the requested width and
                      // height (the echoed size stays the requested one)
  hostile_text,       // 400 whose message, type, code and param hold terminal escapes and
                      // line breaks (kHostileText)
  hostile_revised_prompt, // the real answer, with every revised_prompt set to kHostileText
  key_echo_error,         // 401 invalid_api_key that quotes the request's key (key-echo.h)
  key_echo_stream_error,  // streams: an `error` event quoting the key, split over two chunks,
                          // after the first partial image; other requests: key_echo_error
  key_echo_revised_prompt, // the real answer, each image with a revised_prompt quoting the key

  // Answers a broken server or a proxy gives (answer-faults.h).
  http_error,          // `status` with an API error body for it; Retry-After: retry_after only
                       // when with_retry_after
  error_in_200,        // 200 whose JSON body is an {"error": {...}} object
  html_page,           // an HTML error page (text/html) with `status` (200 when 0)
  malformed_json,      // 200 application/json that breaks off inside an image string
  empty_body,          // 200 application/json with an empty body
  invalid_base64,      // the real answer, its final images' base64 replaced by text that is not
  extra_partials,      // a stream with `count` more partial image events than asked for
  extra_images,        // a JSON body with `count` more final images (distinct, valid) than asked
  drop_after_partials, // a stream cut (mid-event) after `count` whole partial image events
  drop_after_final,    // a stream cut (mid-event) right after the event with the final image

  // The connection taken from libsoup and written by hand (wire-faults.h).
  no_headers,           // the request is read, then nothing is sent until the client gives up
  stall_mid_body,       // headers and a third of the real body, then silence
  long_content_length,  // the real body under a Content-Length larger than it, then a close
  short_content_length, // the real body under a Content-Length of half its size
  huge_sse_line,        // a 200 stream whose first data line runs `bytes` bytes (400 MB if 0)
  huge_body,            // a 200 JSON body, no Content-Length, whose image string runs `bytes`
  huge_announced_body,  // the same under a Content-Length that says so
  garbage_body,         // 200 application/json, chunked, 2 KiB of binary garbage
  event_flood,          // a 200 stream of small events of no interest, `bytes` of them (400 MB)
};

// Text a hostile or broken server might send, for clients to show safely: an OSC that sets
// the window title, a CSI that clears the screen, a line break and a C1 CSI (U+009B).
inline constexpr std::string_view kHostileText
  = "Title \x1b]0;pwned\x07 clear \x1b[2J break\nsecond line \xc2\x9b" "31m red";

struct Fault
{
  FaultKind kind = FaultKind::server_error;
  double retry_after_seconds = 1; // rate_limit; http_error when with_retry_after
  double delay_seconds = 2;       // slow
  int status = 0;                 // http_error, html_page
  int count = 0;                  // extra_partials, extra_images, drop_after_partials
  std::int64_t bytes = 0;         // huge_sse_line, huge_body, huge_announced_body
  bool with_retry_after = false;  // http_error: send Retry-After (the admin JSON's retry_after)
};

// "rate_limit", "server_error", ... (the snake_case of the enum).
std::string_view fault_kind_name (FaultKind kind);
std::optional<FaultKind> fault_kind_from_name (std::string_view name);

struct RecordedPart
{
  std::string name, filename, content_type;
  std::string data;
};

struct RecordedRequest
{
  std::string method, path, content_type;
  // Lower-case names. The Authorization value is recorded as "Bearer [redacted]".
  std::map<std::string, std::string> headers;
  std::string body;                // JSON bodies; empty for multipart (see parts)
  std::vector<RecordedPart> parts; // multipart/form-data, in order
  int status = 0;                  // 0 until the answer is decided
  std::string request_id;          // the x-request-id answered
  std::optional<FaultKind> fault;  // the fault this request consumed
  std::int64_t received_us = 0;    // g_get_monotonic_time () when it arrived
  // What a successful answer carried (answer-record.h): the final images' SHA-256 and usage.
  std::vector<std::string> answer_image_sha256;
  std::string answer_usage_json;
};

class TestServer
{
public:
  struct Options
  {
    std::string api_key; // empty: any non-empty Bearer token is accepted
    std::uint16_t port = 0; // 0: any free port
    bool log_requests = false; // one line per request on stderr
    // HTTPS with this PEM certificate and key (tests/tls makes them); empty: plain HTTP.
    std::string tls_certificate_file {};
    std::string tls_key_file {};
  };

  // Listens on 127.0.0.1 in its own thread with its own GMainContext. Null (with a warning)
  // when the port cannot be bound.
  static std::unique_ptr<TestServer> start (const Options &options);
  ~TestServer ();

  TestServer (const TestServer &) = delete;
  TestServer &operator= (const TestServer &) = delete;

  std::string base_url () const; // "http://127.0.0.1:PORT/v1" (https:// with TLS)
  std::uint16_t port () const;

  // Each API request (a known route, past authentication) consumes the front fault, if any.
  void push_fault (Fault fault);
  std::size_t pending_faults () const;

  // A copy of the records, oldest first (the newest 500 are kept).
  std::vector<RecordedRequest> requests () const;
  // Forgets the recorded requests and the pending faults (stored responses stay valid).
  void clear ();

  // The /__admin/requests document for `requests`: [{method, path, headers, content_type,
  // status, request_id, fault, received (seconds, monotonic: only differences mean
  // something), answer_images (the SHA-256 of each final image sent), answer_usage (the usage
  // object sent, or null), json (the parsed body when it is JSON) or body (other text),
  // parts: [{name, filename, content_type, size, sha256, value (text parts only)}]}].
  static std::string requests_json (const std::vector<RecordedRequest> &requests);

  struct State; // the server thread's side

private:
  TestServer ();
  std::unique_ptr<State> state_;
};

} // namespace gptimage::testing
