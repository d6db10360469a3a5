// Puts a Reply on the wire of a SoupServerMessage: a JSON body with Content-Length, or SSE
// events as a chunked text/event-stream (each event in two or three awkward chunks).
//   dropped: the connection is closed abruptly part-way through the body (after the reply's
//            drop point for a stream, after a third of the body otherwise);
//   failed:  a stream ends early with the reply's failure events.
#pragma once

#include "reply.h"

namespace gptimage::testing {

// Call on the server's thread. A `paused` message is unpaused.
enum class Delivery
{
  whole,
  dropped,
  failed,
};

void write_reply (SoupServerMessage *msg, Reply reply, Delivery delivery, bool paused);

} // namespace gptimage::testing
