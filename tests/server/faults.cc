#include "faults.h"

#include "answer-faults.h"
#include "api-error.h"
#include "json-text.h"
#include "key-echo.h"

#include <algorithm>
#include <cmath>

namespace gptimage::testing {

namespace {

struct FaultName
{
  FaultKind kind;
  std::string_view name;
};

constexpr FaultName fault_names[] = {
  { FaultKind::rate_limit, "rate_limit" },
  { FaultKind::server_error, "server_error" },
  { FaultKind::unavailable, "unavailable" },
  { FaultKind::drop_mid_stream, "drop_mid_stream" },
  { FaultKind::slow, "slow" },
  { FaultKind::moderation_blocked, "moderation_blocked" },
  { FaultKind::insufficient_quota, "insufficient_quota" },
  { FaultKind::stream_error, "stream_error" },
  { FaultKind::not_an_image, "not_an_image" },
  { FaultKind::wrong_size, "wrong_size" },
  { FaultKind::hostile_text, "hostile_text" },
  { FaultKind::hostile_revised_prompt, "hostile_revised_prompt" },
  { FaultKind::key_echo_error, "key_echo_error" },
  { FaultKind::key_echo_stream_error, "key_echo_stream_error" },
  { FaultKind::key_echo_revised_prompt, "key_echo_revised_prompt" },
  { FaultKind::http_error, "http_error" },
  { FaultKind::error_in_200, "error_in_200" },
  { FaultKind::html_page, "html_page" },
  { FaultKind::malformed_json, "malformed_json" },
  { FaultKind::empty_body, "empty_body" },
  { FaultKind::invalid_base64, "invalid_base64" },
  { FaultKind::extra_partials, "extra_partials" },
  { FaultKind::extra_images, "extra_images" },
  { FaultKind::drop_after_partials, "drop_after_partials" },
  { FaultKind::drop_after_final, "drop_after_final" },
  { FaultKind::no_headers, "no_headers" },
  { FaultKind::stall_mid_body, "stall_mid_body" },
  { FaultKind::long_content_length, "long_content_length" },
  { FaultKind::short_content_length, "short_content_length" },
  { FaultKind::huge_sse_line, "huge_sse_line" },
  { FaultKind::huge_body, "huge_body" },
  { FaultKind::huge_announced_body, "huge_announced_body" },
  { FaultKind::garbage_body, "garbage_body" },
  { FaultKind::event_flood, "event_flood" },
};

Error
bad_faults (std::string message)
{
  return api_error (400, "invalid_request_error", {}, {}, std::move (message));
}

// A number member, or `fallback` when absent; nullopt when it is not a number.
std::optional<double>
number_member (JsonObject *object, const char *name, double fallback)
{
  JsonNode *node = json_object_get_member (object, name);
  if (!node || JSON_NODE_HOLDS_NULL (node))
    return fallback;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return std::nullopt;
  return json_node_get_double (node);
}

} // namespace

std::string_view
fault_kind_name (FaultKind kind)
{
  for (const auto &f : fault_names)
    if (f.kind == kind)
      return f.name;
  return "unknown";
}

std::optional<FaultKind>
fault_kind_from_name (std::string_view name)
{
  for (const auto &f : fault_names)
    if (f.name == name)
      return f.kind;
  return std::nullopt;
}

bool
fault_replaces_answer (FaultKind kind)
{
  switch (kind)
    {
    case FaultKind::rate_limit:
    case FaultKind::server_error:
    case FaultKind::unavailable:
    case FaultKind::moderation_blocked:
    case FaultKind::insufficient_quota:
    case FaultKind::hostile_text:
      return true;
    default:
      return answer_fault_replaces (kind);
    }
}

ImageDefect
fault_defect (FaultKind kind)
{
  switch (kind)
    {
    case FaultKind::not_an_image: return ImageDefect::not_an_image;
    case FaultKind::wrong_size: return ImageDefect::wrong_size;
    case FaultKind::invalid_base64: return ImageDefect::invalid_base64;
    default: return ImageDefect::none;
    }
}

Reply
fault_reply (const Fault &fault, const std::string &request_id)
{
  switch (fault.kind)
    {
    case FaultKind::rate_limit:
      {
        Reply reply = error_reply (api_error (429, "requests", "rate_limit_exceeded", {},
                                              "Rate limit reached for images per minute (IPM): "
                                              "Limit 5, Used 5, Requested 1. Please try again "
                                              "later."));
        double seconds = std::max (0.0, fault.retry_after_seconds);
        reply.headers.emplace_back ("retry-after",
                                    std::to_string (static_cast<long long> (std::ceil (seconds))));
        reply.headers.emplace_back ("retry-after-ms", std::to_string (std::llround (seconds * 1000)));
        reply.headers.emplace_back ("x-ratelimit-remaining-requests", "0");
        return reply;
      }
    case FaultKind::server_error:
    case FaultKind::stream_error: // what a request that is not a stream gets
      return error_reply (api_error (500, "server_error", {}, {},
                                     "The server had an error while processing your request. "
                                     "Sorry about that!"));
    case FaultKind::unavailable:
      return error_reply (api_error (503, "server_error", {}, {},
                                     "The engine is currently overloaded, please try again "
                                     "later."));
    case FaultKind::insufficient_quota:
      return error_reply (api_error (429, "insufficient_quota", "insufficient_quota", {},
                                     "You exceeded your current quota, please check your plan "
                                     "and billing details."));
    case FaultKind::moderation_blocked:
      {
        JsonObjectPtr details = new_json_object ();
        json_object_set_string_member (details.get (), "moderation_stage", "input");
        JsonArrayPtr categories (json_array_new ());
        json_array_add_string_element (categories.get (), "violence");
        set_array (details.get (), "categories", std::move (categories));
        JsonObjectPtr extra = new_json_object ();
        set_object (extra.get (), "moderation_details", std::move (details));
        return error_reply (api_error (400, "image_generation_user_error", "moderation_blocked",
                                       {},
                                       "Your request was rejected by the safety system. If you "
                                       "believe this is an error, contact us at help.openai.com "
                                       "and include the request ID "
                                           + request_id + "."),
                            extra.get ());
      }
    case FaultKind::hostile_text:
      return error_reply (api_error (400, "invalid_request_error\x1b[8m", "hostile\ncode",
                                     "prompt\x07", "Invalid prompt: " + std::string (kHostileText)));
    default:
      if (answer_fault_replaces (fault.kind))
        return answer_fault_reply (fault);
      break;
    }
  return error_reply (api_error (500, "server_error", {}, {}, "unexpected fault"));
}

namespace {

struct RevisedPrompt
{
  std::string text;
  bool beside_every_image;
};

// An image item of any route: data[] items and image events (b64_json), finished
// image_generation_call items (result and status).
bool
is_image_object (JsonObject *object)
{
  return json_object_has_member (object, "b64_json")
         || (json_object_has_member (object, "result")
             && json_object_has_member (object, "status"));
}

void
set_revised_prompts (JsonNode *node, const RevisedPrompt &prompt)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); ++i)
        set_revised_prompts (json_array_get_element (array, i), prompt);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      if (json_object_has_member (object, "revised_prompt")
          || (prompt.beside_every_image && is_image_object (object)))
        json_object_set_string_member (object, "revised_prompt", prompt.text.c_str ());
      json_object_foreach_member (
        object, [] (JsonObject *, const gchar *, JsonNode *member, gpointer data) {
          set_revised_prompts (member, *static_cast<const RevisedPrompt *> (data));
        },
        const_cast<RevisedPrompt *> (&prompt));
    }
}

// The same JSON text with its revised prompts replaced; unchanged when it is not JSON.
std::string
revised_json (const std::string &text, const RevisedPrompt &prompt)
{
  auto root = parse_json (text);
  if (!root)
    return text;
  set_revised_prompts (root->get (), prompt);
  return json_to_string (root->get ());
}

} // namespace

void
set_revised_prompts (Reply &reply, std::string_view text, bool beside_every_image)
{
  RevisedPrompt prompt { std::string (text), beside_every_image };
  if (!reply.stream)
    {
      reply.body = revised_json (reply.body, prompt);
      return;
    }
  // Events are "event: T<eol>data: JSON<eol><eol>"; JSON escapes keep the data on one line.
  for (std::string &event : reply.events)
    {
      std::size_t start = event.find ("data: ");
      if (start == std::string::npos)
        continue;
      start += 6;
      std::size_t end = event.find_first_of ("\r\n", start);
      if (end == std::string::npos)
        continue;
      event.replace (start, end - start, revised_json (event.substr (start, end - start), prompt));
    }
}

void
make_revised_prompts_hostile (Reply &reply)
{
  set_revised_prompts (reply, kHostileText, false);
}

std::string
faults_json (const std::deque<Fault> &faults)
{
  JsonArrayPtr list (json_array_new ());
  for (const Fault &f : faults)
    {
      JsonObjectPtr item = new_json_object ();
      json_object_set_string_member (item.get (), "kind",
                                     std::string (fault_kind_name (f.kind)).c_str ());
      json_object_set_double_member (item.get (), "retry_after", f.retry_after_seconds);
      json_object_set_double_member (item.get (), "delay", f.delay_seconds);
      json_object_set_int_member (item.get (), "status", f.status);
      json_object_set_int_member (item.get (), "count", f.count);
      json_object_set_int_member (item.get (), "bytes", f.bytes);
      json_array_add_object_element (list.get (), item.release ());
    }
  JsonObjectPtr root = new_json_object ();
  set_array (root.get (), "faults", std::move (list));
  return json_object_to_string (root.get ());
}

Result<std::vector<Fault>>
parse_faults_json (std::string_view text)
{
  auto root = parse_json (text);
  if (!root)
    return bad_faults ("The body is not JSON: " + root.error ().message);
  JsonNode *list = root->get ();
  if (JSON_NODE_HOLDS_OBJECT (list))
    list = json_object_get_member (json_node_get_object (list), "faults");
  if (!list || !JSON_NODE_HOLDS_ARRAY (list))
    return bad_faults ("Expected {\"faults\": [{\"kind\": ...}, ...]}.");
  std::vector<Fault> faults;
  JsonArray *array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); ++i)
    {
      JsonNode *node = json_array_get_element (array, i);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bad_faults ("Each fault must be an object.");
      JsonObject *object = json_node_get_object (node);
      JsonNode *kind = json_object_get_member (object, "kind");
      std::string name = kind && JSON_NODE_HOLDS_VALUE (kind)
                                 && json_node_get_value_type (kind) == G_TYPE_STRING
                             ? json_node_get_string (kind)
                             : "";
      auto parsed = fault_kind_from_name (name);
      if (!parsed)
        return bad_faults ("Unknown fault kind '" + name + "'.");
      auto retry_after = number_member (object, "retry_after", 1.0);
      auto delay = number_member (object, "delay", 2.0);
      if (!retry_after || !delay || *retry_after < 0 || *delay < 0)
        return bad_faults ("'retry_after' and 'delay' must be numbers of seconds, 0 or more.");
      auto status = number_member (object, "status", 0);
      auto count = number_member (object, "count", 0);
      auto bytes = number_member (object, "bytes", 0);
      if (!status || !count || !bytes || *status < 0 || *status > 599 || *count < 0
          || *count > 10000 || *bytes < 0 || *bytes > 1e12)
        return bad_faults ("'status' (0-599), 'count' (0-10000) and 'bytes' must be whole "
                           "numbers.");
      Fault fault;
      fault.kind = *parsed;
      fault.retry_after_seconds = *retry_after;
      fault.delay_seconds = *delay;
      fault.status = static_cast<int> (*status);
      fault.count = static_cast<int> (*count);
      fault.bytes = static_cast<std::int64_t> (*bytes);
      fault.with_retry_after = json_object_has_member (object, "retry_after");
      faults.push_back (fault);
    }
  return faults;
}

} // namespace gptimage::testing
