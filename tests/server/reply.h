// What a route answers: a status with a JSON body, or a stream of SSE events. The transport
// (reply-writer) decides how it goes on the wire, including the faults that break it.
#pragma once

#include "gptimage/error.h"
#include "gptimage/glib-ptr.h"

#include <string>
#include <utility>
#include <vector>

namespace gptimage::testing {

struct Reply
{
  int status = 200;
  std::string content_type = "application/json";
  std::string body; // when !stream
  std::vector<std::pair<std::string, std::string>> headers;

  bool stream = false;
  std::vector<std::string> events; // whole SSE events, in order

  // Where a broken stream breaks: how many events go out whole first. drop_mid_stream then
  // sends the first chunk of the next event too (when drop_splits_next) and cuts the
  // connection; stream_error sends failure_events (an `error` event or response.failed) and
  // ends the stream cleanly.
  std::size_t drop_after = 0;
  bool drop_splits_next = true;
  std::vector<std::string> failure_events;
};

Reply json_reply (std::string body, int status = 200);
// The API's error body for `error` (its http_status, 400 when unset).
Reply error_reply (const Error &error, JsonObject *extra = nullptr);
// A 500 server_error for a failure inside the server itself (e.g. an image it could not encode).
Reply server_error_reply (const Error &cause);

} // namespace gptimage::testing
