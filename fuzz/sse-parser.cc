// The SSE parser on any bytes, cut into reads anywhere: the events must be those of the same
// stream read in one piece (sse-parser.h promises it), and nothing may crash.
#include "gptimage/sse-parser.h"

#include "arrival.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

std::vector<gptimage::SseEvent>
events_of (const gptimage_fuzz::Arrival &arrival)
{
  std::vector<gptimage::SseEvent> events;
  gptimage::SseParser parser;
  auto sink = [&events] (gptimage::SseEvent &&event) { events.push_back (std::move (event)); };
  arrival.each_piece ([&] (std::string_view piece) {
    // Only an event past max_event_size (65 MiB) fails, far beyond any input libFuzzer makes.
    if (!parser.feed (piece.data (), piece.size (), sink))
      {
        std::fprintf (stderr, "feed failed on a %zu-byte input\n", arrival.text.size ());
        std::abort ();
      }
    if (parser.emitted () != events.size ())
      {
        std::fprintf (stderr, "emitted () is %zu after %zu events\n", parser.emitted (),
                      events.size ());
        std::abort ();
      }
  });
  parser.finish (sink);
  return events;
}

bool
same (const gptimage::SseEvent &a, const gptimage::SseEvent &b)
{
  return a.event == b.event && a.data == b.data && a.id == b.id;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput (const std::uint8_t *data, std::size_t size)
{
  gptimage_fuzz::Arrival arrival = gptimage_fuzz::arrival_of (data, size);
  std::vector<gptimage::SseEvent> in_pieces = events_of (arrival);
  arrival.piece_sizes.clear ();
  std::vector<gptimage::SseEvent> whole = events_of (arrival);
  if (in_pieces.size () != whole.size ())
    {
      std::fprintf (stderr, "%zu events in pieces, %zu whole\n", in_pieces.size (),
                    whole.size ());
      std::abort ();
    }
  for (std::size_t i = 0; i < whole.size (); ++i)
    if (!same (in_pieces[i], whole[i]))
      {
        std::fprintf (stderr, "event %zu differs when the stream is cut into pieces\n", i);
        std::abort ();
      }
  return 0;
}
