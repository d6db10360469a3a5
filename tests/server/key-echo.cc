#include "key-echo.h"

#include "faults.h"

namespace gptimage::testing {

namespace {

// The key in JSON escapes a JSON reader turns back into it: every other character as
// \u00XX (hex case alternating), '/' as \/.
std::string
escaped_key (std::string_view key)
{
  std::string out;
  for (std::size_t i = 0; i < key.size (); ++i)
    {
      char c = key[i];
      if (c == '/')
        out += "\\/";
      else if (i % 2 == 1 || c == '"' || c == '\\')
        {
          char escape[8];
          g_snprintf (escape, sizeof escape, i % 4 == 1 ? "\\u%04x" : "\\u%04X",
                      static_cast<unsigned char> (c));
          out += escape;
        }
      else
        out += c;
    }
  return out;
}

// The key as sent, inside a JSON string (a key has no quote or backslash; escape them anyway).
std::string
plain_key (std::string_view key)
{
  std::string out;
  for (char c : key)
    {
      if (c == '"' || c == '\\')
        out += '\\';
      out += c;
    }
  return out;
}

Reply
error_reply_echoing (std::string_view key)
{
  // Written as text: a JSON writer would undo the escapes.
  Reply reply = json_reply ("{\"error\":{\"message\":\"Incorrect API key provided: "
                                + plain_key (key) + " (also known as " + escaped_key (key)
                                + "). You can find your API key at "
                                  "https:\\/\\/platform.openai.com\\/account\\/api-keys.\","
                                  "\"type\":\"invalid_request_error\",\"param\":\""
                                + escaped_key (key) + "\",\"code\":\"invalid_api_key\"}}",
                            401);
  return reply;
}

// An `error` event that quotes the key, escaped and then as sent. The reply writer cuts an
// event in the middle: a tail as long as the head puts that cut inside the key as sent.
std::string
error_event_echoing (std::string_view key)
{
  std::string head = "event: error\ndata: {\"type\":\"error\",\"code\":\"invalid_api_key\","
                     "\"message\":\"Incorrect API key "
                     + escaped_key (key) + " provided: ";
  std::string tail = "\",\"param\":null,\"padding\":\"";
  std::size_t end_size = std::string ("\"}\n\n").size ();
  if (tail.size () + end_size < head.size ())
    tail.append (head.size () - tail.size () - end_size, ' ');
  return head + plain_key (key) + tail + "\"}\n\n";
}

// Stands for the revised prompt until the answer is JSON text, where the escapes go in as
// they are (a JSON writer would undo them).
constexpr std::string_view placeholder = "@@gpt-image-test-server-key@@";

void
replace_placeholder (std::string &text, const std::string &prompt)
{
  for (std::size_t at; (at = text.find (placeholder)) != std::string::npos;)
    text.replace (at, placeholder.size (), prompt);
}

} // namespace

bool
is_key_echo (FaultKind kind)
{
  return kind == FaultKind::key_echo_error || kind == FaultKind::key_echo_stream_error
         || kind == FaultKind::key_echo_revised_prompt;
}

std::string
bearer_key (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (
      soup_server_message_get_request_headers (msg), "Authorization");
  std::string_view auth = header ? header : "";
  return auth.starts_with ("Bearer ") ? std::string (auth.substr (7)) : std::string ();
}

Delivery
echo_key (FaultKind kind, std::string_view key, Reply &reply)
{
  if (kind == FaultKind::key_echo_error
      || (kind == FaultKind::key_echo_stream_error && !reply.stream))
    {
      reply = error_reply_echoing (key);
      return Delivery::whole;
    }
  if (reply.status != 200)
    return Delivery::whole; // the request itself was refused: that answer stands
  if (kind == FaultKind::key_echo_stream_error)
    {
      reply.failure_events = { error_event_echoing (key) };
      return Delivery::failed;
    }
  set_revised_prompts (reply, placeholder, true);
  std::string prompt = "A cat, drawn for the key " + plain_key (key) + " alias " + escaped_key (key);
  replace_placeholder (reply.body, prompt);
  for (std::string &event : reply.events)
    replace_placeholder (event, prompt);
  return Delivery::whole;
}

} // namespace gptimage::testing
