#include "gptimage/sse-parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace gptimage;

namespace {

// A stream as servers send it: a BOM, keep-alive comments, CRLF and LF and lone CR line ends,
// multi-line data, fields without a space or without a colon, an event without data, a
// [DONE] marker and a last event that no blank line ends.
const std::string stream_text = "\xEF\xBB\xBF"
                                ": keep-alive\r\n"
                                "event: image_generation.partial_image\r\n"
                                "data: {\"type\":\"image_generation.partial_image\",\"b64_json\":\"AAAA\"}\r\n"
                                "\r\n"
                                "event: multi\n"
                                "data: line one\n"
                                ":comment between data lines\n"
                                "data:line two\n"
                                "data:  two spaces\n"
                                "id: 7\n"
                                "\n"
                                "data: plain\r"
                                "\r"
                                "event: no-data-so-no-event\n"
                                "\n"
                                "retry: 1000\n"
                                "data\n"
                                "\n"
                                "data: caf\xC3\xA9 \xE2\x9C\x93\r\n"
                                "\r\n"
                                "data: [DONE]\r\n"
                                "\r\n"
                                "event: trailing\n"
                                "data: no blank line";

struct Expected
{
  std::string event, data, id;
};

const std::vector<Expected> expected_events = {
  { "image_generation.partial_image",
    "{\"type\":\"image_generation.partial_image\",\"b64_json\":\"AAAA\"}", "" },
  { "multi", "line one\nline two\n two spaces", "7" },
  { "", "plain", "7" },
  { "", "", "7" },
  { "", "caf\xC3\xA9 \xE2\x9C\x93", "7" },
  { "", "[DONE]", "7" },
  { "trailing", "no blank line", "7" },
};

void
feed (SseParser &parser, std::string_view text, const SseParser::EventSink &sink)
{
  EXPECT_TRUE (parser.feed (text.data (), text.size (), sink));
}

// Feeds `text` in pieces cut at `cuts` (ascending offsets), then finishes.
std::vector<SseEvent>
parse_pieces (const std::string &text, const std::vector<std::size_t> &cuts)
{
  std::vector<SseEvent> events;
  SseParser parser;
  auto sink = [&events] (SseEvent &&event) { events.push_back (std::move (event)); };
  std::size_t start = 0;
  for (std::size_t cut : cuts)
    {
      EXPECT_TRUE (parser.feed (text.data () + start, cut - start, sink));
      start = cut;
    }
  EXPECT_TRUE (parser.feed (text.data () + start, text.size () - start, sink));
  parser.finish (sink);
  return events;
}

::testing::AssertionResult
matches_expected (const std::vector<SseEvent> &events)
{
  if (events.size () != expected_events.size ())
    return ::testing::AssertionFailure () << events.size () << " events, expected "
                                          << expected_events.size ();
  for (std::size_t i = 0; i < events.size (); ++i)
    if (events[i].event != expected_events[i].event || events[i].data != expected_events[i].data
        || events[i].id != expected_events[i].id)
      return ::testing::AssertionFailure ()
             << "event " << i << ": {" << events[i].event << "|" << events[i].data << "|"
             << events[i].id << "}";
  return ::testing::AssertionSuccess ();
}

} // namespace

TEST (SseParser, WholeStream)
{
  EXPECT_TRUE (matches_expected (parse_pieces (stream_text, {})));
}

TEST (SseParser, EverySingleSplitPoint)
{
  for (std::size_t cut = 0; cut <= stream_text.size (); ++cut)
    EXPECT_TRUE (matches_expected (parse_pieces (stream_text, { cut }))) << "cut at " << cut;
}

TEST (SseParser, EveryPairOfSplitPoints)
{
  for (std::size_t a = 0; a <= stream_text.size (); ++a)
    for (std::size_t b = a; b <= stream_text.size (); ++b)
      {
        auto result = matches_expected (parse_pieces (stream_text, { a, b }));
        if (!result)
          {
            ADD_FAILURE () << "cuts at " << a << ", " << b << ": " << result.message ();
            return;
          }
      }
}

TEST (SseParser, ByteByByte)
{
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < stream_text.size (); ++i)
    cuts.push_back (i);
  EXPECT_TRUE (matches_expected (parse_pieces (stream_text, cuts)));
}

TEST (SseParser, CrAtEndOfFeedThenLfIsOneLineEnd)
{
  std::vector<SseEvent> events;
  SseParser parser;
  auto sink = [&events] (SseEvent &&event) { events.push_back (std::move (event)); };
  feed (parser, "data: a\r", sink);
  EXPECT_TRUE (events.empty ());
  // The LF completes the CRLF; only the next CRLF is the blank line.
  feed (parser, "\n", sink);
  EXPECT_TRUE (events.empty ());
  feed (parser, "data: b\r\n\r\n", sink);
  ASSERT_EQ (events.size (), 1u);
  EXPECT_EQ (events[0].data, "a\nb");
}

TEST (SseParser, TwoCrsAreTwoLineEnds)
{
  std::vector<SseEvent> events;
  SseParser parser;
  auto sink = [&events] (SseEvent &&event) { events.push_back (std::move (event)); };
  feed (parser, "data: x\r", sink);
  feed (parser, "\r", sink);
  ASSERT_EQ (events.size (), 1u);
  EXPECT_EQ (events[0].data, "x");
}

TEST (SseParser, BomOnlyAtTheStart)
{
  // A BOM split over three feeds is dropped; one later in the stream is data.
  std::vector<SseEvent> events;
  SseParser parser;
  auto sink = [&events] (SseEvent &&event) { events.push_back (std::move (event)); };
  feed (parser, "\xEF", sink);
  feed (parser, "\xBB", sink);
  feed (parser, "\xBF" "data: 1\n\n", sink);
  feed (parser, "data: \xEF\xBB\xBFx\n\n", sink);
  ASSERT_EQ (events.size (), 2u);
  EXPECT_EQ (events[0].data, "1");
  EXPECT_EQ (events[1].data, "\xEF\xBB\xBFx");
}

TEST (SseParser, NoBomLeavesFirstLineIntact)
{
  auto events = parse_pieces ("data: first\n\n", { 1 });
  ASSERT_EQ (events.size (), 1u);
  EXPECT_EQ (events[0].data, "first");
}

TEST (SseParser, CommentsAndBlankLinesAloneMakeNoEvent)
{
  auto events = parse_pieces (": ping\n\n: ping\r\n\r\n\n\nevent: lonely\n\n", {});
  EXPECT_TRUE (events.empty ());
}

TEST (SseParser, LargeDataLineAcrossManyFeeds)
{
  std::string payload (3 * 1024 * 1024 + 17, 'Q');
  for (std::size_t i = 0; i < payload.size (); i += 997)
    payload[i] = static_cast<char> ('A' + i % 26);
  std::string text = "event: image_generation.completed\r\ndata: " + payload + "\r\n\r\n";
  std::vector<std::size_t> cuts;
  for (std::size_t i = 65536; i < text.size (); i += 65536)
    cuts.push_back (i);
  auto events = parse_pieces (text, cuts);
  ASSERT_EQ (events.size (), 1u);
  EXPECT_EQ (events[0].event, "image_generation.completed");
  EXPECT_EQ (events[0].data, payload);
}

TEST (SseParser, FinishWithoutTrailingEventEmitsNothingAndResets)
{
  std::vector<SseEvent> events;
  SseParser parser;
  auto sink = [&events] (SseEvent &&event) { events.push_back (std::move (event)); };
  feed (parser, "data: one\n\n", sink);
  parser.finish (sink);
  EXPECT_EQ (events.size (), 1u);
  // After finish the parser starts a new stream (a BOM is allowed again).
  feed (parser, "\xEF\xBB\xBF" "data: two", sink);
  parser.finish (sink);
  ASSERT_EQ (events.size (), 2u);
  EXPECT_EQ (events[1].data, "two");
}

TEST (SseParser, LongDataLinesSplitAtEveryAwkwardPlace)
{
  // Two data lines of one event, each longer than any feed, with the split points around the
  // field name, the colon, the optional space and the line ends.
  std::string first (70000, 'a');
  std::string second = " " + std::string (70000, 'b') + ":x"; // keeps its second space
  std::string text = "event: big\r\ndata: " + first + "\r\ndata:  " + second.substr (1)
                     + "\r\n\r\ndata: after\n\n";
  std::string expected = first + "\n" + second;
  std::vector<std::size_t> marks;
  for (std::size_t at = 0; at < text.size (); at = text.find ("data", at + 1))
    for (std::size_t d = 0; d < 8 && at + d <= text.size (); ++d)
      marks.push_back (at + d);
  for (std::size_t at = text.find ('\r'); at != std::string::npos; at = text.find ('\r', at + 1))
    marks.push_back (at + 1);
  for (std::size_t mark : marks)
    for (std::size_t step : { std::size_t (4096), std::size_t (65536) })
      {
        std::vector<std::size_t> cuts { mark };
        for (std::size_t at = mark + step; at < text.size (); at += step)
          cuts.push_back (at);
        auto events = parse_pieces (text, cuts);
        ASSERT_EQ (events.size (), 2u) << "cut at " << mark;
        EXPECT_EQ (events[0].event, "big");
        ASSERT_EQ (events[0].data.size (), expected.size ()) << "cut at " << mark;
        EXPECT_TRUE (events[0].data == expected) << "cut at " << mark;
        EXPECT_EQ (events[1].data, "after") << "cut at " << mark;
      }
}

TEST (SseParser, DataLineCutByTheEndOfTheStream)
{
  std::string payload (100000, 'Z');
  auto events = parse_pieces ("event: last\ndata: " + payload, { 5, 20, 50000 });
  ASSERT_EQ (events.size (), 1u);
  EXPECT_EQ (events[0].event, "last");
  EXPECT_TRUE (events[0].data == payload);
}

TEST (SseParser, ASinkThatKeepsNothingLendsTheBufferToTheNextEvent)
{
  std::vector<std::string> seen;
  const char *first_buffer = nullptr;
  bool reused = false;
  SseParser parser;
  auto sink = [&] (SseEvent &&event) {
    seen.push_back (event.data); // a copy: the event keeps its buffer
    if (!first_buffer)
      first_buffer = event.data.data ();
    else
      reused = event.data.data () == first_buffer;
  };
  std::string big (200000, 'x');
  std::string text = "data: " + big + "\n\ndata: " + big.substr (1) + "y\n\ndata: short\n\n";
  for (std::size_t at = 0; at < text.size (); at += 4096)
    EXPECT_TRUE (
        parser.feed (text.data () + at, std::min<std::size_t> (4096, text.size () - at), sink));
  ASSERT_EQ (seen.size (), 3u);
  EXPECT_EQ (seen[0], big);
  EXPECT_EQ (seen[1], big.substr (1) + "y");
  EXPECT_EQ (seen[2], "short");
  EXPECT_TRUE (reused);
}

TEST (SseParser, TheEventBeingReceivedCanBeReadAsItArrives)
{
  SseParser parser;
  std::vector<SseEvent> events;
  auto sink = [&] (SseEvent &&event) {
    EXPECT_EQ (parser.emitted (), events.size ()); // the event's own place
    events.push_back (std::move (event));
  };
  feed (parser, "data: first\n\nevent: big\ndata: abc", sink);
  EXPECT_EQ (parser.emitted (), 1u);
  EXPECT_EQ (parser.pending_event (), "big");
  EXPECT_EQ (parser.pending_data (), "abc");
  feed (parser, "def", sink);
  EXPECT_EQ (parser.pending_data (), "abcdef");
  feed (parser, "\ndata: ghi\n", sink);
  EXPECT_EQ (parser.pending_data (), "abcdef\nghi");
  feed (parser, "\n", sink);
  EXPECT_EQ (parser.emitted (), 2u);
  ASSERT_EQ (events.size (), 2u);
  EXPECT_EQ (events[1].data, "abcdef\nghi");
  EXPECT_EQ (parser.pending_data (), "");
}

TEST (SseParser, AnEventPastTheLimitFailsAndNothingPastItIsHeld)
{
  SseParser parser (1000);
  std::vector<SseEvent> events;
  auto sink = [&events] (SseEvent &&event) { events.push_back (std::move (event)); };
  // Under the limit: events of up to 1000 bytes, however they are split.
  std::string fits = "event: a\ndata: " + std::string (990, 'x') + "\n\n";
  ASSERT_TRUE (parser.feed (fits.data (), fits.size (), sink));
  ASSERT_EQ (events.size (), 1u);
  // One endless line, fed in pieces: the feed that passes the limit fails, and every later one.
  std::string start = "event: b\ndata: ";
  ASSERT_TRUE (parser.feed (start.data (), start.size (), sink));
  std::string piece (300, 'y');
  int accepted = 0;
  Status status;
  while ((status = parser.feed (piece.data (), piece.size (), sink)))
    ++accepted;
  EXPECT_EQ (accepted, 3); // 900 bytes of data and the event name fit; 1200 do not
  EXPECT_EQ (status.error ().kind, ErrorKind::protocol);
  EXPECT_NE (status.error ().message.find ("larger than the limit of 1000 bytes"), std::string::npos)
      << status.error ().message;
  EXPECT_FALSE (parser.feed ("\n\n", 2, sink));
  EXPECT_EQ (events.size (), 1u);
  EXPECT_LE (parser.pending_data ().size (), 1000u);
}

TEST (SseParser, ALongLineThatIsNoDataLineCountsToo)
{
  for (std::string prefix : { ": ", "event: ", "unknown-field: ", "x" })
    {
      SCOPED_TRACE (prefix);
      SseParser parser (1000);
      auto sink = [] (SseEvent &&) { ADD_FAILURE () << "no event"; };
      std::string line = prefix + std::string (2000, 'z');
      EXPECT_FALSE (parser.feed (line.data (), line.size (), sink));
    }
}

TEST (SseParser, ManyEventsUnderTheLimitPass)
{
  SseParser parser (100);
  int count = 0;
  auto sink = [&count] (SseEvent &&) { ++count; };
  std::string event = "data: " + std::string (90, 'q') + "\r\n\r\n";
  for (int i = 0; i < 1000; ++i)
    ASSERT_TRUE (parser.feed (event.data (), event.size (), sink));
  EXPECT_EQ (count, 1000);
}
