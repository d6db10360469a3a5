#include "response-recorder.h"

#include "gptimage/atomic-file.h"
#include "gptimage/lifted-json.h"

namespace gptimage::cli {

namespace {

std::string
json_string (const std::string &text)
{
  JsonNodePtr node (json_node_new (JSON_NODE_VALUE));
  json_node_set_string (node.get (), text.c_str ());
  return take_string (json_to_string (node.get (), FALSE));
}

// Text that may stand inside a JSON string as it is.
bool
is_plain_ascii (std::string_view text)
{
  for (char c : text)
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
      return false;
  return true;
}

// Appends an event's data as it goes into the saved list: the JSON value it holds, compact,
// or the text as a JSON string when it is not JSON. Image strings are lifted out first
// (lifted-json.h) and put back as they came, so that a 20 MB image is not scanned into a
// JSON tree and written out again character by character.
void
append_data_json (std::string &out, const std::string &data)
{
  LiftedJson lifted = lift_image_strings (data);
  bool plain = true;
  for (std::string_view value : lifted.values)
    plain = plain && is_plain_ascii (value);
  const std::string &parsed_text = lifted.values.empty () || !plain ? data : lifted.skeleton;
  JsonNodePtr root (json_from_string (parsed_text.c_str (), nullptr));
  if (!root)
    {
      out += json_string (data);
      return;
    }
  std::string compact = take_string (json_to_string (root.get (), FALSE));
  if (&parsed_text == &data)
    {
      out += compact;
      return;
    }
  // Each token, quoted, stands for one lifted string: put the text back in its place.
  std::size_t from = 0;
  while (from < compact.size ())
    {
      std::size_t open = compact.find ('"', from);
      if (open == std::string::npos)
        break;
      std::size_t close = compact.find ('"', open + 1);
      while (close != std::string::npos && compact[close - 1] == '\\')
        {
          std::size_t backslashes = 0;
          while (compact[close - 1 - backslashes] == '\\')
            ++backslashes;
          if (backslashes % 2 == 0)
            break;
          close = compact.find ('"', close + 1);
        }
      if (close == std::string::npos)
        break;
      out.append (compact, from, open + 1 - from);
      std::string_view contents (compact.data () + open + 1, close - open - 1);
      const std::string_view *raw = lifted.find (contents);
      out.append (raw ? *raw : contents);
      out += '"';
      from = close + 1;
    }
  out.append (compact, from, std::string::npos);
}

} // namespace

void
ResponseRecorder::record_body (GBytes *body)
{
  if (!enabled_)
    return;
  body_.reset (body ? g_bytes_ref (body) : nullptr);
}

void
ResponseRecorder::record_event (const SseEvent &event)
{
  if (!enabled_)
    return;
  events_.push_back (event);
}

Status
ResponseRecorder::save (const std::string &path) const
{
  if (body_)
    {
      gsize size = 0;
      const void *data = g_bytes_get_data (body_.get (), &size);
      return write_file_atomically (path, data, size);
    }
  std::size_t room = 4;
  for (const auto &event : events_)
    room += event.data.size () + event.event.size () + 64;
  std::string text;
  text.reserve (room); // one allocation for a list that can hold several 20 MB images
  text += "[";
  for (std::size_t i = 0; i < events_.size (); ++i)
    {
      text += i == 0 ? "\n" : ",\n";
      text += "  {\n    \"event\" : ";
      text += json_string (events_[i].event);
      text += ",\n    \"data\" : ";
      append_data_json (text, events_[i].data);
      text += "\n  }";
    }
  text += events_.empty () ? "]" : "\n]";
  return write_file_atomically (path, text.data (), text.size ());
}

} // namespace gptimage::cli
