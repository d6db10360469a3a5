// An event stream as the transport reads it (core/src/transport.cc): the SSE parser fed read by
// read, the image events watched while they arrive, each complete event given to the collector
// until it is done or fails, and the final images checked.
#include "gptimage/response-parser.h"

#include "arrival.h"
#include "final-images.h"

extern "C" int
LLVMFuzzerTestOneInput (const std::uint8_t *data, std::size_t size)
{
  gptimage_fuzz::Arrival arrival = gptimage_fuzz::arrival_of (data, size);
  gptimage::SseParser parser;
  gptimage::ImageCollector collector;
  bool failed = false;
  auto sink = [&] (gptimage::SseEvent &&event) {
    if (failed || collector.done ())
      return;
    collector.watch_event (parser.emitted (), event.event, event.data);
    failed = !collector.add_event (event);
  };
  arrival.each_piece ([&] (std::string_view piece) {
    if (failed || collector.done ())
      return; // the transport stops reading
    if (!parser.feed (piece.data (), piece.size (), sink))
      {
        failed = true; // an event past its limit: the transport stops reading too
        return;
      }
    if (!failed && !collector.done ())
      collector.watch_event (parser.emitted (), parser.pending_event (), parser.pending_data ());
  });
  if (!failed && !collector.done ())
    parser.finish (sink);
  if (!failed)
    gptimage_fuzz::check_final_images (collector);
  return 0;
}
