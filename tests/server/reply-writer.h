// Puts a Reply on the wire of a SoupServerMessage: a JSON body with Content-Length, or SSE
// events as a chunked text/event-stream (each event in two or three awkward chunks). With
// `drop` the connection is closed abruptly part-way through the body: after the reply's drop
// point for a stream, after a third of the body otherwise.
#pragma once

#include "reply.h"

namespace gptimage::testing {

// Call on the server's thread. A `paused` message is unpaused.
void write_reply (SoupServerMessage *msg, Reply reply, bool drop, bool paused);

} // namespace gptimage::testing
