// Keeps the raw response for --save-response: the JSON body, or the list of SSE events.
#pragma once

#include "gptimage/error.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/sse-parser.h"

#include <string>
#include <vector>

namespace gptimage::cli {

class ResponseRecorder
{
public:
  // A recorder that is not `enabled` keeps nothing: an SSE event can hold a 20 MB image, and
  // copying every one only pays when --save-response asked for them.
  explicit ResponseRecorder (bool enabled) : enabled_ (enabled) {}

  void record_body (GBytes *body);
  void record_event (const SseEvent &event);
  bool empty () const { return !body_ && events_.empty (); }

  // The body as received, or a JSON array of {"event", "data"} where data is the parsed JSON
  // payload (or the raw text when it is not JSON). Written atomically.
  Status save (const std::string &path) const;

private:
  bool enabled_;
  BytesPtr body_;
  std::vector<SseEvent> events_;
};

} // namespace gptimage::cli
