// A JSON response body as the transport reads it (core/src/transport.cc): its image strings
// decoded and checked while it arrives (watch_body with the text so far, which moves as the
// buffer grows), then the whole body parsed and its final images checked.
#include "gptimage/response-parser.h"

#include "arrival.h"
#include "final-images.h"

extern "C" int
LLVMFuzzerTestOneInput (const std::uint8_t *data, std::size_t size)
{
  gptimage_fuzz::Arrival arrival = gptimage_fuzz::arrival_of (data, size);
  gptimage::ImageCollector collector;
  // A body with a Content-Length when it arrives in pieces of even sizes, without otherwise.
  std::size_t expected = arrival.piece_sizes.size () % 2 == 0 ? arrival.text.size () : 0;
  std::string so_far;
  arrival.each_piece ([&] (std::string_view piece) {
    so_far.append (piece);
    so_far.shrink_to_fit (); // moves the text, as the transport's growing buffer may
    collector.watch_body (so_far, expected);
  });
  if (collector.add_json_body (so_far.data (), so_far.size ()))
    gptimage_fuzz::check_final_images (collector);
  return 0;
}
