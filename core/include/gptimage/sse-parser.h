// Incremental Server-Sent Events parser (the WHATWG event-stream format).
#pragma once

#include "gptimage/error.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace gptimage {

struct SseEvent
{
  std::string event; // the `event:` field; empty when the stream gave none
  std::string data;  // `data:` lines joined with '\n'
  std::string id;
};

// Feed it bytes as they arrive, split anywhere (inside a line, inside a CRLF, inside a UTF-8
// sequence). Handles LF, CR and CRLF line ends, multi-line data, comments (':' lines) and
// fields without a value, and a UTF-8 byte order mark at the start. An event is emitted at each
// blank line that ends one with data; `id` persists across events, as the format says. A sink
// that does not move the event's data away lends its buffer to the next event.
//
// An event (its data, name and any unfinished line) may hold at most `max_event_size` bytes:
// past that, feed fails and the parser takes nothing more, so that a server sending one
// endless line cannot make it hold more than the limit.
class SseParser
{
public:
  using EventSink = std::function<void (SseEvent &&)>;

  explicit SseParser (std::size_t max_event_size = SIZE_MAX) : max_event_size_ (max_event_size) {}

  // Fails (ErrorKind::protocol, naming the limit) once an event grows past max_event_size;
  // every later call fails the same way.
  Status feed (const char *data, std::size_t size, const EventSink &sink);
  // End of stream: emits a final event that was not followed by a blank line.
  void finish (const EventSink &sink);

  // The event still being received, for a reader that works on it as it arrives: its name
  // and data so far, and its place in the stream (the number of events emitted before it;
  // while the sink has an event, that event's place).
  const std::string &pending_event () const { return pending_.event; }
  std::string_view pending_data () const { return pending_.data; }
  std::size_t emitted () const { return emitted_; }

private:
  void process_line (std::string_view line, const EventSink &sink);
  // Once an unfinished line shows itself to be a data line, its value goes straight into the
  // event's data as it arrives: a 20 MB base64 image is copied once, never through `line_`.
  void start_data_value ();
  void append_data_value (std::string_view piece);
  void dispatch (const EventSink &sink);
  std::size_t held () const; // bytes of the event being received

  std::size_t max_event_size_;
  bool overflowed_ = false;
  std::string line_;           // the start of an unfinished line that is not (yet) a data line
  bool in_data_value_ = false; // the unfinished line is a data line, `line_` is not used
  bool value_started_ = false; // past the place where a space after "data:" is dropped
  bool last_was_cr_ = false;
  SseEvent pending_;
  bool has_data_ = false;
  std::size_t emitted_ = 0;
  std::size_t bom_matched_ = 0; // bytes of a leading UTF-8 BOM seen so far
  bool started_ = false;        // past the place where a BOM could be
};

} // namespace gptimage
