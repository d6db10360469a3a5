// The key_echo_* faults: a careless server or proxy that repeats the API key the request was
// sent with, as it came and written with JSON escapes (\u00XX, \/), so that clients must keep
// every form of it from the user.
#pragma once

#include "reply-writer.h"
#include "test-server.h"

#include <string>
#include <string_view>

namespace gptimage::testing {

bool is_key_echo (FaultKind kind);

// The token of `Authorization: Bearer TOKEN`; empty when there is none.
std::string bearer_key (SoupServerMessage *msg);

// Applies a key_echo_* fault to the route's answer `reply`:
//   key_echo_error:           a 401 invalid_api_key whose message quotes the key, as sent and
//                             escaped, and whose param holds it escaped;
//   key_echo_stream_error:    streams: after the first partial image, an `error` event whose
//                             message quotes the key, escaped and as sent, the latter split over
//                             two HTTP chunks; other requests: the 401 above;
//   key_echo_revised_prompt:  the real answer, with a revised_prompt beside every image that
//                             quotes the key as sent and escaped.
// Returns how the answer goes on the wire.
Delivery echo_key (FaultKind kind, std::string_view key, Reply &reply);

} // namespace gptimage::testing
