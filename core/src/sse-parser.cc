#include "gptimage/sse-parser.h"

#include "gptimage/response-limits.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace gptimage {

namespace {

constexpr char utf8_bom[] = "\xEF\xBB\xBF";
constexpr std::string_view data_prefix = "data:";
constexpr std::size_t big_event_bytes = 1024 * 1024;

// The next CR or LF in [p, end), or end.
const char *
find_line_end (const char *p, const char *end)
{
  const auto *lf = static_cast<const char *> (std::memchr (p, '\n', end - p));
  const char *limit = lf ? lf : end;
  const auto *cr = static_cast<const char *> (std::memchr (p, '\r', limit - p));
  return cr ? cr : limit;
}

} // namespace

Status
SseParser::feed (const char *data, std::size_t size, const EventSink &sink)
{
  if (overflowed_)
    return sse_event_too_large_error (max_event_size_);
  const char *p = data;
  const char *end = data + size;

  // A BOM may only open the stream, and may itself arrive split across feeds.
  while (!started_ && p < end)
    {
      if (*p == utf8_bom[bom_matched_])
        {
          ++p;
          if (++bom_matched_ == 3)
            started_ = true;
        }
      else
        {
          started_ = true;
          line_.append (utf8_bom, bom_matched_); // not a BOM after all: ordinary bytes
        }
    }

  while (p < end)
    {
      if (last_was_cr_)
        {
          last_was_cr_ = false;
          if (*p == '\n') // the second half of a CRLF, maybe in a later feed
            {
              ++p;
              continue;
            }
        }
      const char *eol = find_line_end (p, end);
      // Checked before the piece is taken: nothing past the limit is ever held.
      std::size_t room = max_event_size_ - std::min (held (), max_event_size_);
      if (static_cast<std::size_t> (eol - p) > room)
        {
          overflowed_ = true;
          line_.clear ();
          pending_.data.clear ();
          return sse_event_too_large_error (max_event_size_);
        }
      if (in_data_value_)
        append_data_value (std::string_view (p, eol - p));
      else if (eol == end)
        {
          line_.append (p, end - p);
          if (std::string_view (line_).starts_with (data_prefix))
            start_data_value ();
        }
      else if (line_.empty ())
        process_line (std::string_view (p, eol - p), sink);
      else
        {
          line_.append (p, eol - p);
          process_line (line_, sink);
          line_.clear ();
        }
      if (eol == end)
        break;
      in_data_value_ = false; // the line ended
      last_was_cr_ = *eol == '\r';
      p = eol + 1;
    }
  return {};
}

std::size_t
SseParser::held () const
{
  return pending_.data.size () + line_.size () + pending_.event.size ();
}

void
SseParser::finish (const EventSink &sink)
{
  if (!line_.empty ())
    process_line (line_, sink);
  dispatch (sink);
  *this = SseParser (max_event_size_);
}

void
SseParser::start_data_value ()
{
  if (has_data_)
    pending_.data += '\n';
  else
    pending_.data.clear ();
  has_data_ = true;
  in_data_value_ = true;
  value_started_ = false;
  std::string_view rest = std::string_view (line_).substr (data_prefix.size ());
  append_data_value (rest);
  line_.clear ();
}

void
SseParser::append_data_value (std::string_view piece)
{
  if (!value_started_ && !piece.empty ())
    {
      value_started_ = true;
      if (piece.front () == ' ')
        piece.remove_prefix (1);
    }
  // Past a megabyte the event is an image: room for the largest event is reserved at once,
  // so that doubling never holds two copies of a big one (room not written to costs no memory).
  if (max_event_size_ != SIZE_MAX && pending_.data.size () + piece.size () > big_event_bytes
      && pending_.data.capacity () < max_event_size_)
    pending_.data.reserve (max_event_size_);
  pending_.data.append (piece);
}

void
SseParser::process_line (std::string_view line, const EventSink &sink)
{
  if (line.empty ())
    {
      dispatch (sink);
      return;
    }
  if (line.front () == ':')
    return; // comment (servers send them as keep-alives)

  std::string_view field = line;
  std::string_view value;
  if (std::size_t colon = line.find (':'); colon != std::string_view::npos)
    {
      field = line.substr (0, colon);
      value = line.substr (colon + 1);
      if (!value.empty () && value.front () == ' ')
        value.remove_prefix (1);
    }

  if (field == "data")
    {
      if (has_data_)
        {
          pending_.data += '\n';
          pending_.data.append (value);
        }
      else
        pending_.data.assign (value);
      has_data_ = true;
    }
  else if (field == "event")
    pending_.event.assign (value);
  else if (field == "id")
    {
      if (value.find ('\0') == std::string_view::npos)
        pending_.id.assign (value);
    }
  // "retry" and unknown fields are ignored.
}

void
SseParser::dispatch (const EventSink &sink)
{
  if (!has_data_)
    {
      pending_.event.clear ();
      return;
    }
  SseEvent event;
  event.event = std::move (pending_.event);
  event.data = std::move (pending_.data);
  event.id = pending_.id; // the last event id carries over to later events
  pending_.event.clear ();
  pending_.data.clear ();
  has_data_ = false;
  sink (std::move (event));
  ++emitted_;
  // A sink that only read the event leaves its data behind: the next event fills the same
  // buffer. The events of an image stream are of one size, so the buffer grows once per
  // stream, not once per image.
  pending_.data = std::move (event.data);
  pending_.data.clear ();
}

} // namespace gptimage
