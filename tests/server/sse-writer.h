// Server-sent events as the server puts them on the wire. Every event is written in two or
// three HTTP chunks split at awkward places (inside a field name, mid-line, and for CRLF events
// between '\r' and '\n'), and some events use CRLF line ends, so clients must parse the stream
// the way the SSE rules say rather than the way a friendly server happens to write it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gptimage::testing {

class SseWriter
{
public:
  // `event: <type>` then `data: <json>`. Every third event uses CRLF line ends.
  void event (std::string_view type, std::string_view data);
  // `: <text>`, which clients must ignore.
  void comment (std::string_view text);
  // `data: [DONE]`.
  void done ();

  std::size_t size () const { return events_.size (); }
  // The whole text of each event, in order.
  const std::vector<std::string> &events () const { return events_; }
  std::vector<std::string> take () { return std::move (events_); }

private:
  std::vector<std::string> events_;
};

// The chunks one event is written in; concatenated they give `event` back.
std::vector<std::string> split_event (const std::string &event, std::size_t salt);

} // namespace gptimage::testing
