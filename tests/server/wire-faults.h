// Faults below the rules of HTTP, which libsoup's server would never write: the connection is
// taken from libsoup and the bytes are written by hand. A request that is never answered, a
// body that stops half-way and stays open, a Content-Length that lies either way, a data line
// or a body of hundreds of megabytes (written as fast as the client reads, never held), a
// stream of small events that never ends, chunks of binary garbage.
#pragma once

#include "reply.h"
#include "test-server.h"

namespace gptimage::testing {

// no_headers, stall_mid_body, long_content_length, short_content_length, huge_sse_line,
// huge_body, huge_announced_body, event_flood and garbage_body.
bool is_wire_fault (FaultKind kind);

// Whether the fault sends part of the real answer (which the route must make first).
bool wire_fault_uses_answer (FaultKind kind);

// Takes `msg`'s connection and writes what `fault` says, from the server's thread: the call
// returns at once and the writing goes on from the thread-default main context. `answer` is
// the route's real reply when wire_fault_uses_answer. A connection left open (no_headers,
// stall_mid_body) is closed when the client closes it, or when `stop` is cancelled. Returns
// the status written (0 for none).
int deliver_wire_fault (SoupServerMessage *msg, const Fault &fault, const Reply &answer,
                        const std::string &request_id, GCancellable *stop);

} // namespace gptimage::testing
