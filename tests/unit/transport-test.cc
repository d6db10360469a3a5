// The transport against a real HTTP server on 127.0.0.1: success in every image location,
// typed errors, retries and their delays, timeouts, cancellation and dropped streams.
#include "gptimage/transport.h"

#include "gptimage/arriving-image.h"
#include "gptimage/image-codec.h"
#include "loopback-server.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace gptimage;
using gptimage::test::LoopbackServer;
using gptimage::test::Reply;
using gptimage::test::ReplyStep;

namespace {

std::string
make_png (std::uint8_t seed)
{
  RgbaImage image;
  image.width = 5;
  image.height = 4;
  image.pixels.assign (5 * 4 * 4, seed);
  auto encoded = encode_image (image, ImageFormat::png);
  if (!encoded)
    return {};
  return std::string (encoded->begin (), encoded->end ());
}

std::string
b64 (const std::string &bytes)
{
  return take_string (g_base64_encode (reinterpret_cast<const guchar *> (bytes.data ()),
                                       bytes.size ()));
}

std::string
bytes_of (GBytes *bytes)
{
  gsize size = 0;
  const auto *data = static_cast<const char *> (g_bytes_get_data (bytes, &size));
  return std::string (data ? data : "", size);
}

std::string
event (const std::string &name, const std::string &data)
{
  return "event: " + name + "\r\ndata: " + data + "\r\n\r\n";
}

std::string
images_body (const std::string &image)
{
  return R"({"created":1,"data":[{"b64_json":")" + b64 (image)
         + R"("}],"output_format":"png","usage":{"total_tokens":9}})";
}

const std::string request_body = R"({"model":"gpt-image-2","prompt":"a fox"})";

HttpRequest
make_request (const std::string &url, bool stream = false)
{
  HttpRequest request;
  request.url = url;
  request.stream = stream;
  request.limits.partial_images = stream ? 3 : 0; // the API's most
  request.content_type = "application/json";
  request.body.reset (g_bytes_new (request_body.data (), request_body.size ()));
  return request;
}

TransportOptions
fast_options ()
{
  TransportOptions options;
  options.api_key = "fake-key-test-key";
  options.organization = "org-1";
  options.project = "proj-1";
  options.timeout_seconds = 10;
  options.initial_backoff_seconds = 0.01;
  options.max_backoff_seconds = 0.05;
  options.user_agent = "gpt-image-test/1";
  return options;
}

double
seconds_since (gint64 start_us)
{
  return static_cast<double> (g_get_monotonic_time () - start_us) / G_USEC_PER_SEC;
}

struct Recorder : TransportObserver
{
  struct Image
  {
    bool partial;
    int index;
    std::string bytes;
    gint64 when_us;
  };
  struct Retry
  {
    int attempt;
    double delay;
    Error reason;
  };
  std::vector<Image> images; // partial and final, in order of arrival
  std::vector<int> body_statuses;
  std::vector<std::string> bodies;
  std::vector<SseEvent> events;
  std::vector<Retry> retries;

  void on_partial_image (const GeneratedImage &image) override
  {
    images.push_back ({ true, image.index, bytes_of (image.data.get ()), g_get_monotonic_time () });
  }
  void on_final_image (const GeneratedImage &image) override
  {
    images.push_back ({ false, image.index, bytes_of (image.data.get ()), g_get_monotonic_time () });
  }
  void on_response_body (int status, GBytes *body) override
  {
    body_statuses.push_back (status);
    bodies.push_back (bytes_of (body));
  }
  void on_sse_event (const SseEvent &e) override { events.push_back (e); }
  void on_retry (int attempt, double delay, const Error &reason) override
  {
    retries.push_back ({ attempt, delay, reason });
  }

  int finals () const
  {
    int n = 0;
    for (const Image &i : images)
      n += i.partial ? 0 : 1;
    return n;
  }
};

gboolean
cancel_now (gpointer cancellable)
{
  g_cancellable_cancel (G_CANCELLABLE (cancellable));
  return G_SOURCE_REMOVE;
}

const std::string png_a = make_png (30);
const std::string png_b = make_png (140);
const std::string png_c = make_png (250);

} // namespace

TEST (Transport, JsonSuccessSendsTheRightRequest)
{
  LoopbackServer server;
  server.push (Reply::json (200, images_body (png_a)).header ("x-request-id", "req_ok"));
  Recorder recorder;
  HttpRequest request = make_request (server.url ());
  auto result = send_request (request, fast_options (), nullptr, &recorder);
  ASSERT_TRUE (result.ok ()) << result.error ().describe ();
  ASSERT_EQ (result->images.size (), 1u);
  EXPECT_EQ (bytes_of (result->images[0].data.get ()), png_a);
  EXPECT_EQ (result->images[0].output_format, "png");
  EXPECT_EQ (result->request_id, "req_ok");
  EXPECT_EQ (result->http_status, 200);
  EXPECT_EQ (result->usage_json, R"({"total_tokens":9})");
  ASSERT_EQ (recorder.bodies.size (), 1u);
  EXPECT_EQ (recorder.body_statuses[0], 200);
  EXPECT_EQ (recorder.bodies[0], images_body (png_a));
  EXPECT_EQ (recorder.finals (), 1);

  auto requests = server.requests ();
  ASSERT_EQ (requests.size (), 1u);
  const auto &sent = requests[0];
  EXPECT_EQ (sent.method, "POST");
  EXPECT_EQ (sent.path, "/v1/images/generations");
  EXPECT_EQ (sent.body, request_body);
  EXPECT_EQ (sent.headers.at ("authorization"), "Bearer fake-key-test-key");
  EXPECT_EQ (sent.headers.at ("content-type"), "application/json");
  EXPECT_EQ (sent.headers.at ("accept"), "application/json");
  EXPECT_EQ (sent.headers.at ("openai-organization"), "org-1");
  EXPECT_EQ (sent.headers.at ("openai-project"), "proj-1");
  EXPECT_EQ (sent.headers.at ("user-agent"), "gpt-image-test/1");
}

TEST (Transport, ImagesOfAJsonBodyCanBeCheckedWhileItArrives)
{
  RgbaImage noise;
  noise.width = 256;
  noise.height = 256;
  noise.pixels.resize (256 * 256 * 4);
  for (std::size_t i = 0; i < noise.pixels.size (); ++i)
    noise.pixels[i] = static_cast<std::uint8_t> ((i * 2654435761u) >> 13);
  auto encoded = encode_image (noise, ImageFormat::png);
  ASSERT_TRUE (encoded.ok ());
  std::string png (encoded->begin (), encoded->end ());
  LoopbackServer server;
  server.push (Reply::json (200, images_body (png)));
  TransportOptions options = fast_options ();
  options.check_while_receiving = true;
  auto result = send_request (make_request (server.url ()), options, nullptr, nullptr);
  ASSERT_TRUE (result.ok ()) << result.error ().describe ();
  ASSERT_EQ (result->images.size (), 1u);
  EXPECT_EQ (bytes_of (result->images[0].data.get ()), png);
  ASSERT_TRUE (result->images[0].arrival);
  auto verdict = result->images[0].arrival->verdict ();
  ASSERT_TRUE (verdict.has_value ());
  EXPECT_TRUE (verdict->ok ());

  // And in a stream, the image of the completed event.
  std::string completed = event ("image_generation.completed",
                                 R"({"type":"image_generation.completed","b64_json":")" + b64 (png)
                                     + R"("})");
  // The completed event in three chunks, a little apart: it is read in several pieces.
  std::size_t third = completed.size () / 3;
  server.push (Reply::sse ({ { 0, event ("image_generation.partial_image",
                                         R"({"type":"image_generation.partial_image","b64_json":")"
                                             + b64 (png_a) + R"(","partial_image_index":0})") },
                             { 0, completed.substr (0, third) },
                             { 20, completed.substr (third, third) },
                             { 20, completed.substr (2 * third) } }));
  auto streamed = send_request (make_request (server.url (), true), options, nullptr, nullptr);
  ASSERT_TRUE (streamed.ok ()) << streamed.error ().describe ();
  ASSERT_EQ (streamed->images.size (), 1u);
  EXPECT_EQ (bytes_of (streamed->images[0].data.get ()), png);
  ASSERT_TRUE (streamed->images[0].arrival);
  auto streamed_verdict = streamed->images[0].arrival->verdict ();
  ASSERT_TRUE (streamed_verdict.has_value ());
  EXPECT_TRUE (streamed_verdict->ok ());
}

TEST (Transport, NoAuthorizationWithoutKeyAndStreamAccept)
{
  LoopbackServer server;
  server.push (Reply::sse ({ { 0, event ("image_generation.completed",
                                          R"({"type":"image_generation.completed","b64_json":")"
                                              + b64 (png_a) + R"("})") } }));
  TransportOptions options = fast_options ();
  options.api_key.clear ();
  options.organization.reset ();
  auto result = send_request (make_request (server.url (), true), options, nullptr, nullptr);
  ASSERT_TRUE (result.ok ()) << result.error ().describe ();
  auto sent = server.requests ().at (0);
  EXPECT_EQ (sent.headers.count ("authorization"), 0u);
  EXPECT_EQ (sent.headers.count ("openai-organization"), 0u);
  EXPECT_EQ (sent.headers.at ("accept"), "text/event-stream");
}

struct Location
{
  const char *name;
  bool stream;
  std::string body; // JSON body or SSE text
};

TEST (Transport, EveryImageLocation)
{
  std::string item = R"({"type":"image_generation_call","id":"ig_1","status":"completed","result":")"
                     + b64 (png_b) + R"("})";
  const Location locations[] = {
    { "data[].b64_json", false, images_body (png_b) },
    { "output[].result", false, R"({"id":"resp_1","object":"response","output":[)" + item + "]}" },
    { "image_generation.completed", true,
      event ("image_generation.completed",
             R"({"type":"image_generation.completed","b64_json":")" + b64 (png_b) + R"("})") },
    { "image_edit.completed", true,
      event ("image_edit.completed",
             R"({"type":"image_edit.completed","b64_json":")" + b64 (png_b) + R"("})") },
    { "response.output_item.done", true,
      event ("response.output_item.done",
             R"({"type":"response.output_item.done","output_index":0,"item":)" + item + "}") },
    { "response.completed", true,
      event ("response.completed",
             R"({"type":"response.completed","response":{"id":"resp_1","output":[)" + item + "]}}") },
  };
  for (const Location &location : locations)
    {
      SCOPED_TRACE (location.name);
      LoopbackServer server;
      if (location.stream)
        server.push (Reply::sse ({ { 0, location.body } }));
      else
        server.push (Reply::json (200, location.body));
      Recorder recorder;
      auto result = send_request (make_request (server.url (), location.stream), fast_options (),
                                  nullptr, &recorder);
      ASSERT_TRUE (result.ok ()) << result.error ().describe ();
      ASSERT_EQ (result->images.size (), 1u);
      EXPECT_EQ (bytes_of (result->images[0].data.get ()), png_b);
      EXPECT_EQ (recorder.finals (), 1);
      EXPECT_EQ (recorder.events.size (), location.stream ? 1u : 0u);
    }
}

TEST (Transport, SameImageInOutputItemDoneAndCompletedIsDeliveredOnce)
{
  LoopbackServer server;
  std::string item = R"({"type":"image_generation_call","id":"ig_1","status":"completed","result":")"
                     + b64 (png_a) + R"("})";
  server.push (Reply::sse ({
      { 0, event ("response.created", R"({"type":"response.created","response":{"id":"resp_d"}})") },
      { 10, event ("response.output_item.done",
                   R"({"type":"response.output_item.done","output_index":0,"item":)" + item + "}") },
      { 10, event ("response.completed", R"({"type":"response.completed","response":{"id":"resp_d",)"
                                         R"("output":[)" + item + R"(],"usage":{"total_tokens":4}}})") },
  }));
  Recorder recorder;
  auto result = send_request (make_request (server.url ("/v1/responses"), true), fast_options (),
                              nullptr, &recorder);
  ASSERT_TRUE (result.ok ()) << result.error ().describe ();
  EXPECT_EQ (result->images.size (), 1u);
  EXPECT_EQ (recorder.finals (), 1);
  EXPECT_EQ (result->response_id, "resp_d");
  EXPECT_EQ (result->usage_json, R"({"total_tokens":4})");
}

TEST (Transport, PartialsArriveInOrderAsTheyAreSent)
{
  LoopbackServer server;
  auto partial = [] (int index, const std::string &image) {
    return event ("image_generation.partial_image",
                  R"({"type":"image_generation.partial_image","partial_image_index":)"
                      + std::to_string (index) + R"(,"b64_json":")" + b64 (image) + R"("})");
  };
  std::string done = event ("image_generation.completed",
                            R"({"type":"image_generation.completed","b64_json":")" + b64 (png_c)
                                + R"("})");
  // The first event arrives in three pieces, cut inside its data line and its CRLF.
  std::string first = ": keep-alive\r\n" + partial (0, png_a);
  server.push (Reply::sse ({
      { 0, first.substr (0, 40) },
      { 20, first.substr (40, first.size () - 41) },
      { 20, first.substr (first.size () - 1) },
      { 100, partial (1, png_b) },
      { 300, done + "data: [DONE]\n\n" },
  }));
  Recorder recorder;
  auto result = send_request (make_request (server.url (), true), fast_options (), nullptr,
                              &recorder);
  ASSERT_TRUE (result.ok ()) << result.error ().describe ();
  ASSERT_EQ (recorder.images.size (), 3u);
  EXPECT_TRUE (recorder.images[0].partial);
  EXPECT_EQ (recorder.images[0].index, 0);
  EXPECT_EQ (recorder.images[0].bytes, png_a);
  EXPECT_TRUE (recorder.images[1].partial);
  EXPECT_EQ (recorder.images[1].index, 1);
  EXPECT_EQ (recorder.images[1].bytes, png_b);
  EXPECT_FALSE (recorder.images[2].partial);
  EXPECT_EQ (recorder.images[2].bytes, png_c);
  // Read incrementally: the partials were delivered well before the final was even sent.
  EXPECT_GT (recorder.images[2].when_us - recorder.images[1].when_us, 200000);
  EXPECT_EQ (result->partial_count, 2);
  ASSERT_EQ (result->images.size (), 1u);
  EXPECT_EQ (bytes_of (result->images[0].data.get ()), png_c);
}

TEST (Transport, ApiErrorBodyGivesAllFields)
{
  LoopbackServer server;
  server.push (Reply::json (400, R"({"error":{"message":"Your request was rejected by the safety system.",)"
                                 R"("type":"image_generation_user_error","param":"prompt","code":"moderation_blocked"}})")
                   .header ("x-request-id", "req_mod"));
  Recorder recorder;
  auto result = send_request (make_request (server.url ()), fast_options (), nullptr, &recorder);
  ASSERT_FALSE (result.ok ());
  const Error &e = result.error ();
  EXPECT_EQ (e.kind, ErrorKind::api);
  EXPECT_EQ (e.http_status, 400);
  EXPECT_EQ (e.type, "image_generation_user_error");
  EXPECT_EQ (e.code, "moderation_blocked");
  EXPECT_EQ (e.param, "prompt");
  EXPECT_EQ (e.message, "Your request was rejected by the safety system.");
  EXPECT_EQ (e.request_id, "req_mod");
  EXPECT_EQ (server.request_count (), 1u); // never retried
  EXPECT_TRUE (recorder.retries.empty ());
  ASSERT_EQ (recorder.body_statuses.size (), 1u);
  EXPECT_EQ (recorder.body_statuses[0], 400);
}

TEST (Transport, NonJson502IsRetriedThenReportedWithTheLastRequestId)
{
  LoopbackServer server;
  for (int i = 1; i <= 3; ++i)
    {
      Reply reply = Reply::json (502, "<html><body>bad gateway " + std::to_string (i) + "</body></html>");
      reply.headers[0].second = "text/html";
      server.push (reply.header ("x-request-id", "req_" + std::to_string (i)));
    }
  Recorder recorder;
  auto result = send_request (make_request (server.url ()), fast_options (), nullptr, &recorder);
  ASSERT_FALSE (result.ok ());
  const Error &e = result.error ();
  EXPECT_EQ (e.kind, ErrorKind::http);
  EXPECT_EQ (e.http_status, 502);
  EXPECT_EQ (e.message, "<html><body>bad gateway 3</body></html>");
  EXPECT_EQ (e.request_id, "req_3");
  EXPECT_EQ (server.request_count (), 3u); // the first attempt and max_retries = 2
  ASSERT_EQ (recorder.retries.size (), 2u);
  EXPECT_EQ (recorder.retries[0].attempt, 1);
  EXPECT_EQ (recorder.retries[1].attempt, 2);
  EXPECT_EQ (recorder.retries[0].reason.request_id, "req_1");
}

TEST (Transport, RateLimitWithRetryAfterThenSuccess)
{
  LoopbackServer server;
  server.push (Reply::json (429, R"({"error":{"message":"Rate limit reached for requests","type":"requests",)"
                                 R"("code":"rate_limit_exceeded"}})")
                   .header ("retry-after-ms", "150"));
  server.push (Reply::json (200, images_body (png_a)));
  Recorder recorder;
  auto result = send_request (make_request (server.url ()), fast_options (), nullptr, &recorder);
  ASSERT_TRUE (result.ok ()) << result.error ().describe ();
  ASSERT_EQ (server.request_count (), 2u);
  ASSERT_EQ (recorder.retries.size (), 1u);
  EXPECT_DOUBLE_EQ (recorder.retries[0].delay, 0.15);
  EXPECT_EQ (recorder.retries[0].reason.http_status, 429);
  auto requests = server.requests ();
  double gap = static_cast<double> (requests[1].monotonic_us - requests[0].monotonic_us) / 1e6;
  EXPECT_GE (gap, 0.14);
  EXPECT_LT (gap, 1.0);
}

TEST (Transport, RetryAfterSecondsIsHonoured)
{
  LoopbackServer server;
  server.push (Reply::json (503, R"({"error":{"message":"overloaded"}})").header ("Retry-After", "1"));
  server.push (Reply::json (200, images_body (png_a)));
  Recorder recorder;
  auto result = send_request (make_request (server.url ()), fast_options (), nullptr, &recorder);
  ASSERT_TRUE (result.ok ()) << result.error ().describe ();
  ASSERT_EQ (recorder.retries.size (), 1u);
  EXPECT_DOUBLE_EQ (recorder.retries[0].delay, 1.0);
  auto requests = server.requests ();
  EXPECT_GE (requests[1].monotonic_us - requests[0].monotonic_us, 950000);
}

TEST (Transport, ServerErrorTwiceThenSuccess)
{
  LoopbackServer server;
  server.push (Reply::json (500, R"({"error":{"message":"boom","type":"server_error"}})"));
  server.push (Reply::json (500, R"({"error":{"message":"boom","type":"server_error"}})"));
  server.push (Reply::json (200, images_body (png_a)).header ("x-request-id", "req_third"));
  Recorder recorder;
  auto result = send_request (make_request (server.url ()), fast_options (), nullptr, &recorder);
  ASSERT_TRUE (result.ok ()) << result.error ().describe ();
  EXPECT_EQ (server.request_count (), 3u);
  ASSERT_EQ (recorder.retries.size (), 2u);
  EXPECT_EQ (result->request_id, "req_third");
  // Backoff within [0.75, 1] x min(0.01 * 2^retry, 0.05).
  EXPECT_GE (recorder.retries[0].delay, 0.0075);
  EXPECT_LE (recorder.retries[0].delay, 0.01);
  EXPECT_GE (recorder.retries[1].delay, 0.015);
  EXPECT_LE (recorder.retries[1].delay, 0.02);
  // Only the bodies of the three attempts were reported, the last one being the success.
  ASSERT_EQ (recorder.body_statuses.size (), 3u);
  EXPECT_EQ (recorder.body_statuses[2], 200);
}

TEST (Transport, MaxRetriesIsConfigurable)
{
  LoopbackServer server;
  for (int i = 0; i < 5; ++i)
    server.push (Reply::json (500, R"({"error":{"message":"boom"}})"));
  TransportOptions options = fast_options ();
  options.max_retries = 0;
  auto result = send_request (make_request (server.url ()), options, nullptr, nullptr);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (server.request_count (), 1u);
  options.max_retries = 3;
  LoopbackServer second;
  for (int i = 0; i < 5; ++i)
    second.push (Reply::json (500, R"({"error":{"message":"boom"}})"));
  result = send_request (make_request (second.url ()), options, nullptr, nullptr);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (second.request_count (), 4u);
}

TEST (Transport, BadRequestAndQuotaAreNeverRetried)
{
  const char *bodies[] = {
    R"({"error":{"message":"Invalid size","type":"invalid_request_error","param":"size","code":"invalid_value"}})",
    R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}})",
  };
  const unsigned statuses[] = { 400, 429 };
  for (int i = 0; i < 2; ++i)
    {
      LoopbackServer server;
      server.push (Reply::json (statuses[i], bodies[i]));
      server.push (Reply::json (200, images_body (png_a)));
      auto result = send_request (make_request (server.url ()), fast_options (), nullptr, nullptr);
      ASSERT_FALSE (result.ok ());
      EXPECT_EQ (result.error ().http_status, static_cast<int> (statuses[i]));
      EXPECT_EQ (server.request_count (), 1u) << bodies[i];
    }
}

TEST (Transport, XShouldRetryOverridesTheStatus)
{
  {
    LoopbackServer server;
    server.push (Reply::json (400, R"({"error":{"message":"try again"}})").header ("x-should-retry", "true"));
    server.push (Reply::json (200, images_body (png_a)));
    auto result = send_request (make_request (server.url ()), fast_options (), nullptr, nullptr);
    EXPECT_TRUE (result.ok ());
    EXPECT_EQ (server.request_count (), 2u);
  }
  {
    LoopbackServer server;
    server.push (Reply::json (503, R"({"error":{"message":"do not"}})").header ("x-should-retry", "false"));
    server.push (Reply::json (200, images_body (png_a)));
    auto result = send_request (make_request (server.url ()), fast_options (), nullptr, nullptr);
    ASSERT_FALSE (result.ok ());
    EXPECT_EQ (result.error ().http_status, 503);
    EXPECT_EQ (server.request_count (), 1u);
  }
}

TEST (Transport, ConnectionRefusedIsRetriedThenANetworkError)
{
  Recorder recorder;
  auto result = send_request (make_request (LoopbackServer::refused_url ()), fast_options (),
                              nullptr, &recorder);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::network);
  EXPECT_EQ (result.error ().http_status, 0);
  EXPECT_NE (result.error ().message.find ("127.0.0.1"), std::string::npos) << result.error ().message;
  ASSERT_EQ (recorder.retries.size (), 2u);
  EXPECT_EQ (recorder.retries[0].reason.kind, ErrorKind::network);
}

TEST (Transport, TimeoutIsReportedAndNotRetried)
{
  LoopbackServer server;
  server.push (Reply::silent ());
  server.push (Reply::json (200, images_body (png_a)));
  TransportOptions options = fast_options ();
  options.timeout_seconds = 1;
  gint64 start = g_get_monotonic_time ();
  auto result = send_request (make_request (server.url ()), options, nullptr, nullptr);
  double elapsed = seconds_since (start);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::timeout);
  EXPECT_NE (result.error ().message.find ("1 s"), std::string::npos) << result.error ().message;
  EXPECT_GE (elapsed, 0.9);
  EXPECT_LT (elapsed, 3.0);
  EXPECT_EQ (server.request_count (), 1u);
}

TEST (Transport, TimeoutCoversASlowBodyToo)
{
  LoopbackServer server;
  Reply reply = Reply::sse ({ { 0, ": hello\n\n" }, { 3000, "data: late\n\n" } });
  server.push (reply);
  TransportOptions options = fast_options ();
  options.timeout_seconds = 1;
  gint64 start = g_get_monotonic_time ();
  auto result = send_request (make_request (server.url (), true), options, nullptr, nullptr);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::timeout);
  EXPECT_LT (seconds_since (start), 2.5);
}

TEST (Transport, CancelMidRequestIsPrompt)
{
  LoopbackServer server;
  server.push (Reply::silent ());
  ObjectPtr<GCancellable> cancellable (g_cancellable_new ());
  g_timeout_add (200, cancel_now, cancellable.get ());
  gint64 start = g_get_monotonic_time ();
  auto result = send_request (make_request (server.url ()), fast_options (), cancellable.get (),
                              nullptr);
  double elapsed = seconds_since (start);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::cancelled);
  EXPECT_GE (elapsed, 0.15);
  EXPECT_LT (elapsed, 1.0);
}

TEST (Transport, CancelDuringARetryWait)
{
  LoopbackServer server;
  server.push (Reply::json (429, R"({"error":{"message":"slow down"}})").header ("retry-after-ms", "5000"));
  server.push (Reply::json (200, images_body (png_a)));
  ObjectPtr<GCancellable> cancellable (g_cancellable_new ());
  g_timeout_add (200, cancel_now, cancellable.get ());
  Recorder recorder;
  gint64 start = g_get_monotonic_time ();
  auto result = send_request (make_request (server.url ()), fast_options (), cancellable.get (),
                              &recorder);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::cancelled);
  EXPECT_LT (seconds_since (start), 1.0);
  ASSERT_EQ (recorder.retries.size (), 1u);
  EXPECT_DOUBLE_EQ (recorder.retries[0].delay, 5.0);
  EXPECT_EQ (server.request_count (), 1u);
}

TEST (Transport, AlreadyCancelledSendsNothing)
{
  LoopbackServer server;
  ObjectPtr<GCancellable> cancellable (g_cancellable_new ());
  g_cancellable_cancel (cancellable.get ());
  auto result = send_request (make_request (server.url ()), fast_options (), cancellable.get (),
                              nullptr);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::cancelled);
  EXPECT_EQ (server.request_count (), 0u);
}

TEST (Transport, StreamDroppedAfterAPartial)
{
  // Broken off mid-chunk (a read error), or closed at a chunk boundary (libsoup sees EOF).
  for (Reply::End end : { Reply::End::drop, Reply::End::eof })
    {
      SCOPED_TRACE (end == Reply::End::drop ? "drop" : "eof");
      LoopbackServer server;
      Reply reply = Reply::sse ({
          { 0, event ("image_generation.partial_image",
                      R"({"type":"image_generation.partial_image","partial_image_index":0,"b64_json":")"
                          + b64 (png_a) + R"("})") },
          { 10, "event: image_generation.completed\r\ndata: {\"type\":\"image_gen" },
      });
      reply.end = end;
      server.push (reply.header ("x-request-id", "req_drop"));
      server.push (Reply::json (200, images_body (png_b)));
      Recorder recorder;
      auto result = send_request (make_request (server.url (), true), fast_options (), nullptr,
                                  &recorder);
      ASSERT_FALSE (result.ok ());
      EXPECT_EQ (result.error ().kind, ErrorKind::network);
      EXPECT_NE (result.error ().message.find ("stream ended before the image was complete"),
                 std::string::npos) << result.error ().message;
      EXPECT_EQ (result.error ().request_id, "req_drop");
      ASSERT_EQ (recorder.images.size (), 1u);
      EXPECT_TRUE (recorder.images[0].partial);
      EXPECT_EQ (recorder.images[0].bytes, png_a);
      EXPECT_EQ (server.request_count (), 1u); // a started stream is never retried
    }
}

TEST (Transport, StreamDroppedAfterAFinalSucceeds)
{
  for (Reply::End end : { Reply::End::drop, Reply::End::eof })
    {
      SCOPED_TRACE (end == Reply::End::drop ? "drop" : "eof");
      LoopbackServer server;
      std::string item = R"({"type":"image_generation_call","id":"ig_1","status":"completed","result":")"
                         + b64 (png_a) + R"("})";
      Reply reply = Reply::sse ({
          { 0, event ("response.output_item.done",
                      R"({"type":"response.output_item.done","output_index":0,"item":)" + item + "}") },
          { 10, "event: response.completed\ndata: {\"type\":\"resp" },
      });
      reply.end = end;
      server.push (reply);
      Recorder recorder;
      auto result = send_request (make_request (server.url ("/v1/responses"), true),
                                  fast_options (), nullptr, &recorder);
      ASSERT_TRUE (result.ok ()) << result.error ().describe ();
      ASSERT_EQ (result->images.size (), 1u);
      EXPECT_EQ (bytes_of (result->images[0].data.get ()), png_a);
      EXPECT_EQ (recorder.finals (), 1);
    }
}

TEST (Transport, StreamThatEndsCleanlyWithoutCompletionIsAnError)
{
  LoopbackServer server;
  server.push (Reply::sse ({ { 0, event ("response.created", R"({"type":"response.created","response":{"id":"r"}})") } }));
  auto result = send_request (make_request (server.url (), true), fast_options (), nullptr, nullptr);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::network);
  EXPECT_EQ (server.request_count (), 1u);
}

TEST (Transport, SseErrorEvent)
{
  LoopbackServer server;
  server.push (Reply::sse ({
      { 0, event ("response.created", R"({"type":"response.created","response":{"id":"resp_e"}})") },
      { 10, event ("error", R"({"type":"error","code":"server_error","message":"Something broke.",)"
                            R"("param":null,"sequence_number":2})") },
  }).header ("x-request-id", "req_sse"));
  Recorder recorder;
  auto result = send_request (make_request (server.url ("/v1/responses"), true), fast_options (),
                              nullptr, &recorder);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::api);
  EXPECT_EQ (result.error ().code, "server_error");
  EXPECT_EQ (result.error ().message, "Something broke.");
  EXPECT_EQ (result.error ().request_id, "req_sse");
  EXPECT_EQ (server.request_count (), 1u);
  EXPECT_EQ (recorder.events.size (), 2u);
}

TEST (Transport, ResponseFailedEvent)
{
  LoopbackServer server;
  server.push (Reply::sse ({
      { 0, event ("response.failed", R"({"type":"response.failed","response":{"id":"resp_f","status":"failed",)"
                                     R"("error":{"code":"image_content_policy_violation","message":"Not allowed."}}})") },
  }));
  auto result = send_request (make_request (server.url ("/v1/responses"), true), fast_options (),
                              nullptr, nullptr);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::api);
  EXPECT_EQ (result.error ().code, "image_content_policy_violation");
  EXPECT_EQ (result.error ().message, "Not allowed.");
}

TEST (Transport, StreamRequestAnsweredWithJson)
{
  LoopbackServer server;
  server.push (Reply::json (200, images_body (png_a)));
  Recorder recorder;
  auto result = send_request (make_request (server.url (), true), fast_options (), nullptr,
                              &recorder);
  ASSERT_TRUE (result.ok ()) << result.error ().describe ();
  EXPECT_EQ (result->images.size (), 1u);
  EXPECT_EQ (recorder.bodies.size (), 1u);
  EXPECT_TRUE (recorder.events.empty ());
}

TEST (Transport, StreamRequestAnsweredWithJsonError)
{
  LoopbackServer server;
  server.push (Reply::json (400, R"({"error":{"message":"Streaming is only supported with n=1.",)"
                                 R"("type":"invalid_request_error","param":"n"}})"));
  auto result = send_request (make_request (server.url (), true), fast_options (), nullptr, nullptr);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().param, "n");
  EXPECT_EQ (result.error ().http_status, 400);
}

TEST (Transport, SuccessBodyThatIsNotJsonIsAProtocolError)
{
  LoopbackServer server;
  Reply reply = Reply::json (200, "<html>captive portal</html>");
  reply.headers[0].second = "text/html";
  server.push (reply.header ("x-request-id", "req_html"));
  auto result = send_request (make_request (server.url ()), fast_options (), nullptr, nullptr);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::protocol);
  EXPECT_EQ (result.error ().request_id, "req_html");
  EXPECT_EQ (server.request_count (), 1u);
}

TEST (Transport, TruncatedSuccessBodyIsANetworkErrorNotRetried)
{
  LoopbackServer server;
  Reply reply = Reply::json (200, images_body (png_a).substr (0, 40));
  reply.end = Reply::End::drop;
  server.push (reply);
  server.push (Reply::json (200, images_body (png_a)));
  auto result = send_request (make_request (server.url ()), fast_options (), nullptr, nullptr);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::network);
  EXPECT_EQ (server.request_count (), 1u);
}

TEST (Transport, ResponseWithoutAnImageSaysWhatTheModelSaid)
{
  LoopbackServer server;
  server.push (Reply::json (200, R"({"id":"resp_t","object":"response","status":"completed","output":[)"
                                 R"({"type":"message","content":[{"type":"output_text","text":"I cannot draw that."}]}]})"));
  auto result = send_request (make_request (server.url ("/v1/responses")), fast_options (), nullptr,
                              nullptr);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::protocol);
  EXPECT_NE (result.error ().message.find ("I cannot draw that."), std::string::npos);
}

TEST (Transport, InvalidUrlFailsWithoutNetwork)
{
  auto result = send_request (make_request ("not a url"), fast_options (), nullptr, nullptr);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::config);
}

// libsoup would drop such a header with a CRITICAL and send the request without it.
TEST (Transport, ControlCharactersInHeaderValuesFailBeforeSending)
{
  struct Row
  {
    const char *name;
    void (*set) (TransportOptions &);
    const char *setting;
  };
  const Row rows[] = {
    { "key with a newline", [] (TransportOptions &o) { o.api_key = "fake-key-first\nsecond"; },
      "OPENAI_API_KEY" },
    { "organization with CRLF",
      [] (TransportOptions &o) { o.organization = "org-1\r\nX-Injected: 1"; },
      "OPENAI_ORGANIZATION" },
    { "project with a tab", [] (TransportOptions &o) { o.project = "proj\t1"; },
      "OPENAI_PROJECT" },
  };
  LoopbackServer server;
  for (const Row &row : rows)
    {
      SCOPED_TRACE (row.name);
      TransportOptions options = fast_options ();
      row.set (options);
      Recorder recorder;
      auto result = send_request (make_request (server.url ()), options, nullptr, &recorder);
      ASSERT_FALSE (result.ok ());
      EXPECT_EQ (result.error ().kind, ErrorKind::config);
      EXPECT_EQ (result.error ().param, row.setting);
      EXPECT_NE (result.error ().message.find ("control characters"), std::string::npos)
        << result.error ().message;
      EXPECT_EQ (result.error ().message.find ("first"), std::string::npos);
      EXPECT_EQ (result.error ().message.find ("second"), std::string::npos);
      EXPECT_TRUE (recorder.retries.empty ());
    }
  EXPECT_EQ (server.request_count (), 0u);
}

TEST (Transport, AsyncWithCallerSessionCallsDoneOnceAndNotBeforeReturning)
{
  LoopbackServer server;
  server.push (Reply::json (200, images_body (png_a)));
  ObjectPtr<SoupSession> session (soup_session_new ());
  MainLoopPtr loop (g_main_loop_new (nullptr, FALSE));
  int calls = 0;
  bool ok = false;
  send_request_async (session.get (), make_request (server.url ()), fast_options (), nullptr,
                      nullptr, [&] (Result<ApiResult> result) {
                        ++calls;
                        ok = result.ok () && result->images.size () == 1;
                        g_main_loop_quit (loop.get ());
                      });
  EXPECT_EQ (calls, 0);
  g_main_loop_run (loop.get ());
  EXPECT_EQ (calls, 1);
  EXPECT_TRUE (ok);
  // Nothing else arrives later.
  while (g_main_context_iteration (nullptr, FALSE))
    ;
  EXPECT_EQ (calls, 1);
}

TEST (Transport, LargeImagesPassThroughIntact)
{
  // 6 MiB of noise behind a PNG signature: ~8 MiB of base64, as a JSON body and as an SSE
  // event written in 64 KiB pieces.
  std::string image = "\x89PNG\r\n\x1a\n";
  image.resize (6 * 1024 * 1024);
  guint32 state = 12345;
  for (std::size_t i = 8; i < image.size (); ++i)
    {
      state = state * 1664525u + 1013904223u;
      image[i] = static_cast<char> (state >> 24);
    }
  std::string sse = event ("image_generation.completed",
                           R"({"type":"image_generation.completed","b64_json":")" + b64 (image)
                               + R"("})");
  std::vector<ReplyStep> pieces;
  for (std::size_t at = 0; at < sse.size (); at += 65536)
    pieces.push_back ({ 0, sse.substr (at, 65536) });

  for (bool stream : { false, true })
    {
      SCOPED_TRACE (stream ? "sse" : "json");
      LoopbackServer server;
      server.push (stream ? Reply::sse (pieces) : Reply::json (200, images_body (image)));
      gint64 start = g_get_monotonic_time ();
      auto result = send_request (make_request (server.url (), stream), fast_options (), nullptr,
                                  nullptr);
      double elapsed = seconds_since (start);
      ASSERT_TRUE (result.ok ()) << result.error ().describe ();
      ASSERT_EQ (result->images.size (), 1u);
      EXPECT_EQ (result->images[0].output_format, "png");
      EXPECT_TRUE (bytes_of (result->images[0].data.get ()) == image);
      RecordProperty (stream ? "sse_seconds" : "json_seconds", std::to_string (elapsed));
      EXPECT_LT (elapsed, 5.0);
    }
}

// A server that repeats the key: nothing the transport hands on (errors, bodies, events,
// images' revised prompts, request ids) holds it, however it came.
TEST (Transport, AnEchoedKeyIsRedactedFromErrorsBodiesAndRequestIds)
{
  const std::string key = fast_options ().api_key;
  const std::string escaped = "fake\\u002dkey\\u002Dtest-key";
  LoopbackServer server;
  server.push (Reply::json (401, R"({"error":{"message":"Incorrect API key provided: )" + key
                                     + R"(.","type":"invalid_request_error","param":")" + escaped
                                     + R"(","code":"invalid_api_key"}})")
                   .header ("x-request-id", "req_" + key));
  Recorder recorder;
  auto result = send_request (make_request (server.url ()), fast_options (), nullptr, &recorder);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().http_status, 401);
  EXPECT_EQ (result.error ().message, "Incorrect API key provided: [redacted].");
  EXPECT_EQ (result.error ().param, "[redacted]");
  EXPECT_EQ (result.error ().request_id, "req_[redacted]");
  ASSERT_EQ (recorder.bodies.size (), 1u);
  EXPECT_EQ (recorder.bodies[0].find ("key-test"), std::string::npos) << recorder.bodies[0];
  EXPECT_NE (recorder.bodies[0].find ("\"param\":\"[redacted]\""), std::string::npos);
}

TEST (Transport, AKeySplitOverReadsOfAStreamIsRedacted)
{
  const std::string key = fast_options ().api_key;
  std::string failure = event ("error", R"({"type":"error","code":"invalid_api_key","message":")"
                                            "Incorrect API key provided: "
                                            + key + R"(","param":null})");
  std::size_t middle = failure.find (key) + key.size () / 2;
  LoopbackServer server;
  server.push (Reply::sse ({
      { 0, event ("image_generation.partial_image",
                  R"({"type":"image_generation.partial_image","b64_json":")" + b64 (png_a)
                      + R"(","partial_image_index":0})") },
      { 0, failure.substr (0, middle) },
      { 30, failure.substr (middle) },
  }));
  Recorder recorder;
  auto result = send_request (make_request (server.url (), true), fast_options (), nullptr,
                              &recorder);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().message, "Incorrect API key provided: [redacted]");
  ASSERT_EQ (recorder.events.size (), 2u);
  EXPECT_EQ (recorder.events[1].data.find ("key-test"), std::string::npos);
  EXPECT_NE (recorder.events[1].data.find ("[redacted]"), std::string::npos);
}

TEST (Transport, ARedactedRevisedPromptLeavesTheImageIntact)
{
  const std::string key = fast_options ().api_key;
  // The key before the image string moves it: what was decoded while it arrived is not used.
  std::string body = R"({"created":1,"data":[{"revised_prompt":"made for fake\u002dkey-test-key",)"
                     R"("b64_json":")" + b64 (png_b) + R"("}],"output_format":"png"})";
  std::string completed = event ("image_generation.completed",
                                 R"({"type":"image_generation.completed","revised_prompt":")" + key
                                     + R"(","b64_json":")" + b64 (png_c) + R"("})");
  TransportOptions options = fast_options ();
  options.check_while_receiving = true;
  for (bool stream : { false, true })
    {
      SCOPED_TRACE (stream ? "sse" : "json");
      LoopbackServer server;
      server.push (stream ? Reply::sse ({ { 0, completed } }) : Reply::json (200, body));
      auto result = send_request (make_request (server.url (), stream), options, nullptr, nullptr);
      ASSERT_TRUE (result.ok ()) << result.error ().describe ();
      ASSERT_EQ (result->images.size (), 1u);
      EXPECT_EQ (bytes_of (result->images[0].data.get ()), stream ? png_c : png_b);
      EXPECT_EQ (result->images[0].revised_prompt,
                 stream ? "[redacted]" : "made for [redacted]");
    }
}
