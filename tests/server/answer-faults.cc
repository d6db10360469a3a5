#include "answer-faults.h"

#include "api-error.h"
#include "json-text.h"

#include <algorithm>
#include <optional>

namespace gptimage::testing {

namespace {

// The API's wording for the statuses it documents; others get a generic message.
struct StatusError
{
  int status;
  const char *type;
  const char *code;
  const char *message;
};

constexpr StatusError status_errors[] = {
  { 400, "invalid_request_error", "", "Invalid request: the test server's http_error fault." },
  { 401, "invalid_request_error", "invalid_api_key",
    "Incorrect API key provided. You can find your API key at "
    "https://platform.openai.com/account/api-keys." },
  { 403, "invalid_request_error", "unsupported_country_region_territory",
    "Country, region, or territory not supported" },
  { 404, "invalid_request_error", "model_not_found",
    "The model 'gpt-image-2' does not exist or you do not have access to it." },
  { 413, "invalid_request_error", "request_too_large",
    "Request too large: the test server's http_error fault." },
  { 429, "requests", "rate_limit_exceeded",
    "Rate limit reached for images per minute (IPM). Please try again later." },
  { 500, "server_error", "",
    "The server had an error while processing your request. Sorry about that!" },
  { 502, "server_error", "", "Bad gateway." },
  { 503, "server_error", "", "The engine is currently overloaded, please try again later." },
};

Reply
status_error_reply (const Fault &fault)
{
  int status = fault.status > 0 ? fault.status : 500;
  Error error = api_error (status, status >= 500 ? "server_error" : "invalid_request_error", {},
                           {}, "HTTP " + std::to_string (status)
                                   + ": the test server's http_error fault.");
  for (const StatusError &known : status_errors)
    if (known.status == status)
      error = api_error (status, known.type, known.code, {}, known.message);
  Reply reply = error_reply (error);
  if (fault.with_retry_after)
    reply.headers.emplace_back (
        "retry-after", std::to_string (static_cast<long long> (fault.retry_after_seconds)));
  return reply;
}

// What a reverse proxy says for an error status, and a captive portal for 200.
Reply
html_reply (int status)
{
  std::string title = status == 200
                          ? std::string ("Sign in to the network")
                          : std::to_string (status) + " "
                                + (soup_status_get_phrase (static_cast<guint> (status))
                                       ? soup_status_get_phrase (static_cast<guint> (status))
                                       : "Error");
  Reply reply;
  reply.status = status;
  reply.content_type = "text/html";
  reply.body = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>"
               + title + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
  return reply;
}

// The type of a whole SSE event text ("event: T" on its first line), or "".
std::string
event_type (const std::string &event)
{
  if (!event.starts_with ("event: "))
    return {};
  std::size_t end = event.find_first_of ("\r\n");
  return event.substr (7, end == std::string::npos ? std::string::npos : end - 7);
}

bool
is_partial_event (const std::string &event)
{
  return event_type (event).ends_with (".partial_image");
}

bool
is_final_image_event (const std::string &event)
{
  std::string type = event_type (event);
  return type == "image_generation.completed" || type == "image_edit.completed"
         || type == "response.output_item.done";
}

// The same image with bytes after its end (which no decoder reads): equal pictures, distinct
// files, so that a client cannot take them for one repeated image.
std::string
distinct_copy (const std::string &base64, int copy)
{
  gsize size = 0;
  CharPtr bytes (reinterpret_cast<gchar *> (g_base64_decode (base64.c_str (), &size)));
  std::string data (bytes.get (), size);
  data += "extra image " + std::to_string (copy);
  return take_string (
      g_base64_encode (reinterpret_cast<const guchar *> (data.data ()), data.size ()));
}

// A copy of `item` whose members are shared with it but for `image_member` and "id", which
// are set anew (json_node_copy would share the whole object).
JsonObject *
item_copy (JsonObject *item, const char *image_member, const std::string &image, int copy)
{
  JsonObject *out = json_object_new ();
  json_object_foreach_member (
      item,
      [] (JsonObject *, const gchar *name, JsonNode *member, gpointer target) {
        json_object_set_member (static_cast<JsonObject *> (target), name,
                                json_node_copy (member));
      },
      out);
  json_object_set_string_member (out, image_member, distinct_copy (image, copy).c_str ());
  if (json_object_has_member (out, "id"))
    json_object_set_string_member (out, "id", ("ig_extra_" + std::to_string (copy)).c_str ());
  return out;
}

// Adds `count` copies of the first image of an Images body (data[]) or a Responses body
// (output[] image_generation_call items), each with distinct bytes.
void
add_extra_images (Reply &reply, int count)
{
  auto root = parse_json (reply.body);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root->get ()))
    return;
  JsonObject *object = json_node_get_object (root->get ());
  const char *list_name = json_object_has_member (object, "data") ? "data" : "output";
  const char *image_member = list_name[0] == 'd' ? "b64_json" : "result";
  JsonNode *list = json_object_get_member (object, list_name);
  if (!list || !JSON_NODE_HOLDS_ARRAY (list))
    return;
  JsonArray *array = json_node_get_array (list);
  JsonObject *first = nullptr;
  for (guint i = 0; i < json_array_get_length (array) && !first; ++i)
    {
      JsonNode *item = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_OBJECT (item)
          && json_object_has_member (json_node_get_object (item), image_member))
        first = json_node_get_object (item);
    }
  if (!first)
    return;
  std::string image = json_object_get_string_member (first, image_member);
  for (int k = 1; k <= count; ++k)
    json_array_add_object_element (array, item_copy (first, image_member, image, k));
  reply.body = json_to_string (root->get ());
}

// Inserts `count` copies of the last partial image event right after it.
void
add_extra_partials (Reply &reply, int count)
{
  auto last = std::find_if (reply.events.rbegin (), reply.events.rend (), is_partial_event);
  if (last == reply.events.rend ())
    return;
  std::string copy = *last;
  reply.events.insert (last.base (), static_cast<std::size_t> (count), copy);
}

// The index of the event after which a stream is cut: after `count` partial events, or after
// the final image's event.
std::optional<std::size_t>
cut_point (const Reply &reply, const Fault &fault)
{
  int partials = 0;
  for (std::size_t i = 0; i < reply.events.size (); ++i)
    {
      const std::string &event = reply.events[i];
      if (fault.kind == FaultKind::drop_after_final && is_final_image_event (event))
        return i + 1;
      if (fault.kind == FaultKind::drop_after_partials && is_partial_event (event))
        {
          if (partials == fault.count)
            return i; // before this one
          if (++partials == fault.count)
            return i + 1;
        }
      if (fault.kind == FaultKind::drop_after_partials && fault.count == 0
          && is_final_image_event (event))
        return i; // no partial image at all: before the final one
    }
  return std::nullopt;
}

} // namespace

bool
answer_fault_replaces (FaultKind kind)
{
  switch (kind)
    {
    case FaultKind::http_error:
    case FaultKind::error_in_200:
    case FaultKind::html_page:
    case FaultKind::malformed_json:
    case FaultKind::empty_body:
      return true;
    default:
      return false;
    }
}

Reply
answer_fault_reply (const Fault &fault)
{
  switch (fault.kind)
    {
    case FaultKind::http_error:
      return status_error_reply (fault);
    case FaultKind::error_in_200:
      return json_reply (error_body (api_error (500, "server_error", "internal_error", {},
                                                "The server had an error while processing "
                                                "your request, and said so under 200.")),
                         200);
    case FaultKind::html_page:
      return html_reply (fault.status > 0 ? fault.status : 200);
    case FaultKind::malformed_json:
      // Single quotes and a missing brace: JSON to a hurried eye, not to a parser.
      return json_reply ("{\"created\": 1700000000, \"data\": [{\"b64_json\": 'iVBORw0KGgo='}]");
    case FaultKind::empty_body:
      return json_reply ({});
    default:
      break;
    }
  return error_reply (api_error (500, "server_error", {}, {}, "not an answer fault"));
}

void
spoil_answer (const Fault &fault, Reply &reply, Delivery &delivery)
{
  if (reply.status != 200)
    return;
  switch (fault.kind)
    {
    case FaultKind::extra_images:
      if (!reply.stream)
        add_extra_images (reply, fault.count);
      break;
    case FaultKind::extra_partials:
      if (reply.stream)
        add_extra_partials (reply, fault.count);
      break;
    case FaultKind::drop_after_partials:
    case FaultKind::drop_after_final:
      if (auto cut = reply.stream ? cut_point (reply, fault) : std::nullopt)
        {
          reply.drop_after = *cut;
          reply.drop_splits_next = true;
          delivery = Delivery::dropped;
        }
      break;
    default:
      break;
    }
}

} // namespace gptimage::testing
