// The bounds of docs/limits.md, enforced by the core's transport against the test server's
// faults over real HTTP: what a hostile or broken server sends past them is refused with an
// error naming the bound, quickly, and what was asked for and arrived intact is delivered.
#include "test-server.h"

#include "gptimage/request.h"
#include "gptimage/transport.h"

#include <gtest/gtest.h>

using namespace gptimage;
using gptimage::testing::Fault;
using gptimage::testing::FaultKind;
using gptimage::testing::TestServer;

namespace {

struct Delivered : TransportObserver
{
  int partials = 0;
  int finals = 0;
  void on_partial_image (const GeneratedImage &) override { ++partials; }
  void on_final_image (const GeneratedImage &) override { ++finals; }
};

class ResponseLimitsTest : public ::testing::Test
{
protected:
  void SetUp () override
  {
    server_ = TestServer::start ({});
    ASSERT_TRUE (server_);
  }

  // A real request as the pipeline builds it: its limits come from n and partial_images.
  Result<ApiResult> generate (int n, bool stream, int partial_images, Fault fault,
                              int timeout_seconds = 20)
  {
    server_->push_fault (fault);
    GenerationsParams params;
    params.model = "gpt-image-2";
    params.prompt = "a fox";
    params.image.size = "1024x1024";
    params.image.quality = "low";
    params.image.n = n;
    params.image.stream = stream;
    if (stream)
      params.image.partial_images = partial_images;
    auto request = build_generations_request (server_->base_url (), params);
    EXPECT_TRUE (request.ok ());
    TransportOptions options;
    options.api_key = "fake-key-limits";
    options.timeout_seconds = timeout_seconds;
    options.max_retries = 0;
    gint64 start = g_get_monotonic_time ();
    auto result = send_request (request.value (), options, nullptr, &delivered_);
    seconds_ = static_cast<double> (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
    return result;
  }

  static std::string message_of (const Result<ApiResult> &result)
  {
    return result ? std::string ("(success)") : result.error ().message;
  }

  std::unique_ptr<TestServer> server_;
  Delivered delivered_;
  double seconds_ = 0;
};

bool
contains (const std::string &text, const std::string &part)
{
  return text.find (part) != std::string::npos;
}

} // namespace

TEST_F (ResponseLimitsTest, AnEndlessSseLineStopsAtTheEventLimit)
{
  Fault fault { FaultKind::huge_sse_line };
  fault.bytes = 400000000;
  auto result = generate (1, true, 2, fault);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().kind, ErrorKind::protocol);
  EXPECT_TRUE (contains (result.error ().message,
                         "an SSE event of the stream is larger than the limit of 65 MiB"))
      << result.error ().message;
  EXPECT_LT (seconds_, 10.0); // it did not read 400 MB, nor wait for the timeout
  EXPECT_FALSE (result.error ().request_id.empty ());
}

TEST_F (ResponseLimitsTest, AStreamPastItsTotalLimitStops)
{
  // Small events of no interest, each far under the event limit, 400 MB of them.
  Fault fault { FaultKind::event_flood };
  fault.bytes = 400000000;
  auto result = generate (1, true, 2, fault);
  ASSERT_FALSE (result.ok ());
  // Two partial images, the final one twice and 8 MiB of other events.
  EXPECT_EQ (result.error ().message,
             "the stream is larger than its limit of 264 MiB (see docs/limits.md); reading "
             "stopped");
  EXPECT_LT (seconds_, 15.0);
}

TEST_F (ResponseLimitsTest, ABodyPastItsLimitIsNotReadToTheEnd)
{
  Fault fault { FaultKind::huge_body };
  fault.bytes = 400000000;
  auto result = generate (1, false, 0, fault);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().message,
             "the response body is larger than its limit of 65 MiB (see docs/limits.md); reading "
             "stopped");
  EXPECT_LT (seconds_, 10.0);
}

TEST_F (ResponseLimitsTest, TheBodyLimitGrowsWithN)
{
  // 100 MB fits the limit of 3 images (193 MiB) and is read whole; its one image string is
  // then too long for an image.
  Fault fault { FaultKind::huge_announced_body };
  fault.bytes = 100000000;
  auto result = generate (3, false, 0, fault);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().message,
             "an image of the response is 95 MiB of base64, over the limit of 64 MiB (48 MiB "
             "decoded; see docs/limits.md)");
  // For one image, the same Content-Length is refused before a byte of the body is read.
  auto single = generate (1, false, 0, fault);
  ASSERT_FALSE (single.ok ());
  EXPECT_EQ (single.error ().message,
             "the response announces a body of 95 MiB (Content-Length), over its limit of 65 MiB "
             "(see docs/limits.md); it was not read");
}

TEST_F (ResponseLimitsTest, PartialImagesPastThoseAskedForStopTheStream)
{
  Fault fault { FaultKind::extra_partials };
  fault.count = 8;
  auto result = generate (1, true, 2, fault);
  ASSERT_FALSE (result.ok ());
  EXPECT_EQ (result.error ().message,
             "the stream sent more partial images than asked for: only 2 were asked for "
             "(partial_images = 2); reading stopped (see docs/limits.md)");
  EXPECT_EQ (delivered_.partials, 2);
  EXPECT_EQ (delivered_.finals, 0);
}

TEST_F (ResponseLimitsTest, ImagesPastThoseAskedForAreRefusedAndTheOthersDelivered)
{
  for (int n : { 1, 2 })
    {
      SCOPED_TRACE (n);
      delivered_ = {};
      Fault fault { FaultKind::extra_images };
      fault.count = 3;
      auto result = generate (n, false, 0, fault);
      ASSERT_FALSE (result.ok ());
      EXPECT_TRUE (contains (result.error ().message, "the response holds more images than the "
                                                          + std::to_string (n)))
          << result.error ().message;
      EXPECT_TRUE (contains (result.error ().message, "(n = " + std::to_string (n) + ")"));
      EXPECT_EQ (delivered_.finals, n);
    }
}

TEST_F (ResponseLimitsTest, WhatIsAskedForPasses)
{
  auto result = generate (2, false, 0, { FaultKind::slow, 1, 0 });
  ASSERT_TRUE (result.ok ()) << result.error ().message;
  EXPECT_EQ (result->images.size (), 2u);
  auto streamed = generate (1, true, 3, { FaultKind::slow, 1, 0 });
  ASSERT_TRUE (streamed.ok ()) << streamed.error ().message;
  EXPECT_EQ (streamed->partial_count, 3);
}

TEST_F (ResponseLimitsTest, ContentLengthThatLies)
{
  // Longer than the body: the body arrives whole, then the connection closes. The image in it
  // is delivered, and the error says what happened.
  auto longer = generate (1, false, 0, { FaultKind::long_content_length });
  ASSERT_FALSE (longer.ok ());
  EXPECT_EQ (longer.error ().kind, ErrorKind::network);
  EXPECT_TRUE (contains (longer.error ().message, "the connection closed after "))
      << longer.error ().message;
  EXPECT_TRUE (contains (longer.error ().message, "bytes the response announced (Content-Length)"));
  EXPECT_EQ (delivered_.finals, 1);
  // Shorter: half the JSON is all that is read.
  delivered_ = {};
  auto shorter = generate (1, false, 0, { FaultKind::short_content_length });
  ASSERT_FALSE (shorter.ok ());
  EXPECT_EQ (shorter.error ().kind, ErrorKind::protocol);
  EXPECT_TRUE (contains (shorter.error ().message, "the response is not JSON ("))
      << shorter.error ().message;
  EXPECT_TRUE (contains (shorter.error ().message, "Parse error"));
  EXPECT_EQ (delivered_.finals, 0);
}

TEST_F (ResponseLimitsTest, EmptyAndGarbageBodiesSayWhatCame)
{
  auto empty = generate (1, false, 0, { FaultKind::empty_body });
  ASSERT_FALSE (empty.ok ());
  EXPECT_EQ (empty.error ().message, "the response body is empty");
  auto garbage = generate (1, false, 0, { FaultKind::garbage_body });
  ASSERT_FALSE (garbage.ok ());
  const std::string &message = garbage.error ().message;
  EXPECT_TRUE (contains (message, "the response is not JSON (2 KiB; ")) << message;
  EXPECT_TRUE (contains (message, "\\x")) << message; // bytes shown escaped
  EXPECT_LT (message.size (), 300u);
  for (char c : message)
    EXPECT_FALSE (static_cast<unsigned char> (c) < 0x20);
}
