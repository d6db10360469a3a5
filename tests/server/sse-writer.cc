#include "sse-writer.h"

#include <algorithm>

namespace gptimage::testing {

void
SseWriter::event (std::string_view type, std::string_view data)
{
  const char *eol = events_.size () % 3 == 2 ? "\r\n" : "\n";
  std::string text;
  text.reserve (type.size () + data.size () + 20);
  text.append ("event: ").append (type).append (eol);
  text.append ("data: ").append (data).append (eol).append (eol);
  events_.push_back (std::move (text));
}

void
SseWriter::comment (std::string_view text)
{
  events_.push_back (": " + std::string (text) + "\n\n");
}

void
SseWriter::done ()
{
  events_.push_back ("data: [DONE]\n\n");
}

std::vector<std::string>
split_event (const std::string &event, std::size_t salt)
{
  std::vector<std::size_t> cuts;
  // Inside "event" or "data", so a field name arrives in two reads.
  cuts.push_back (std::min<std::size_t> (3 + salt % 3, event.size () / 2));
  // Between '\r' and '\n' of the first CRLF, if any.
  auto crlf = event.find ("\r\n");
  if (crlf != std::string::npos)
    cuts.push_back (crlf + 1);
  // An odd offset in the middle, most likely inside the JSON.
  cuts.push_back ((event.size () / 2) | 1);

  std::sort (cuts.begin (), cuts.end ());
  std::vector<std::string> chunks;
  std::size_t start = 0;
  for (std::size_t cut : cuts)
    {
      if (cut <= start || cut >= event.size ())
        continue;
      chunks.push_back (event.substr (start, cut - start));
      start = cut;
    }
  chunks.push_back (event.substr (start));
  return chunks;
}

} // namespace gptimage::testing
