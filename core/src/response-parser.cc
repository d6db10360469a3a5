#include "gptimage/response-parser.h"

#include "gptimage/arriving-image.h"
#include "gptimage/base64.h"
#include "gptimage/i18n.h"
#include "gptimage/image-codec.h"

#include <cstring>
#include <optional>
#include <string_view>

namespace gptimage {

namespace {

constexpr std::size_t snippet_limit = 200;

JsonNode *
member (JsonObject *object, const char *name)
{
  return object ? json_object_get_member (object, name) : nullptr;
}

// The member's string, or null when it is absent, null or not a string.
const char *
member_string (JsonObject *object, const char *name)
{
  JsonNode *node = member (object, name);
  if (!node || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return nullptr;
  return json_node_get_string (node);
}

// A scalar as text: compatible servers send codes as numbers now and then.
std::string
member_text (JsonObject *object, const char *name)
{
  JsonNode *node = member (object, name);
  if (!node || !JSON_NODE_HOLDS_VALUE (node))
    return {};
  GType type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return json_node_get_string (node);
  if (type == G_TYPE_INT64)
    return std::to_string (json_node_get_int (node));
  if (type == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node) ? "true" : "false";
  if (type == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      return g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node));
    }
  return {};
}

int
member_int (JsonObject *object, const char *name)
{
  JsonNode *node = member (object, name);
  if (!node || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  GType type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return static_cast<int> (json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    return static_cast<int> (json_node_get_double (node));
  return 0;
}

JsonObject *
member_object (JsonObject *object, const char *name)
{
  JsonNode *node = member (object, name);
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : nullptr;
}

JsonArray *
member_array (JsonObject *object, const char *name)
{
  JsonNode *node = member (object, name);
  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : nullptr;
}

JsonObject *
element_object (JsonArray *array, guint i)
{
  JsonNode *node = json_array_get_element (array, i);
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : nullptr;
}

std::string
compact_json (JsonNode *node)
{
  return take_string (json_to_string (node, FALSE));
}

// `why`, when given, receives the parser's message on failure.
JsonNodePtr
parse_json (const char *data, std::size_t size, std::string *why = nullptr)
{
  if (size == 0)
    return nullptr;
  ObjectPtr<JsonParser> parser (json_parser_new ());
  ErrorOut error;
  if (!json_parser_load_from_data (parser.get (), data, static_cast<gssize> (size), error.out ()))
    {
      if (why)
        *why = error.message ();
      return nullptr;
    }
  return JsonNodePtr (json_parser_steal_root (parser.get ()));
}

// One line of at most about snippet_limit bytes of valid UTF-8, for error messages: runs of
// white space become one space, and bytes that are neither printable ASCII nor valid UTF-8
// are written \xHH (binary garbage stays visible, and cannot drive a terminal).
std::string
body_snippet (const char *data, std::size_t size)
{
  std::string out;
  bool space = false;
  std::size_t i = 0;
  while (i < size && out.size () < snippet_limit)
    {
      auto c = static_cast<unsigned char> (data[i]);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        {
          space = !out.empty ();
          ++i;
          continue;
        }
      if (space)
        out += ' ';
      space = false;
      if (c >= 0x80)
        {
          gunichar u = g_utf8_get_char_validated (data + i, static_cast<gssize> (size - i));
          int length = u < 0x80 || u >= 0xfffffffe ? 0 : g_unichar_to_utf8 (u, nullptr);
          if (length > 0 && (u < 0x80 || u > 0x9f)) // C1 controls are escaped
            {
              out.append (data + i, static_cast<std::size_t> (length));
              i += static_cast<std::size_t> (length);
              continue;
            }
        }
      if (c < 0x20 || c >= 0x7f)
        {
          char escaped[8];
          g_snprintf (escaped, sizeof escaped, "\\x%02x", c);
          out += escaped;
        }
      else
        out += static_cast<char> (c);
      ++i;
    }
  if (i < size)
    out += "\u2026";
  return out;
}

// What a body that should have been a JSON document holds, for the error that says it is not.
std::string
not_json_detail (const char *data, std::size_t size, const std::string &parse_error)
{
  if (size == 0)
    return _("the response body is empty");
  if (parse_error.empty ())
    /* Translators: the body's size such as "2 KiB", then the start of the body as the server
       sent it. */
    return printf_string (_("the response is not JSON (%s): \"%s\""),
                          byte_size_text (size).c_str (), body_snippet (data, size).c_str ());
  /* Translators: the body's size such as "2 KiB", the JSON parser's own error message, then the
     start of the body as the server sent it. */
  return printf_string (_("the response is not JSON (%s; %s): \"%s\""),
                        byte_size_text (size).c_str (), parse_error.c_str (),
                        body_snippet (data, size).c_str ());
}

// An API error from {"message", "type", "code", "param"}; the Responses `error` event carries
// these at its top level, where "type" is the event's own type and not the error's.
Error
api_error_from (JsonObject *fields, bool with_type, std::string_view fallback)
{
  Error e;
  e.kind = ErrorKind::api;
  e.message = member_text (fields, "message");
  if (with_type)
    e.type = member_text (fields, "type");
  e.code = member_text (fields, "code");
  e.param = member_text (fields, "param");
  if (e.message.empty ())
    e.message = std::string (fallback);
  return e;
}

// Base64 to bytes, validated and decoded in one pass into a buffer the GBytes takes over.
Result<BytesPtr>
decode_image_text (std::string_view view)
{
  if (view.starts_with ("data:"))
    {
      std::size_t comma = view.find (',');
      if (comma == std::string_view::npos
          || view.substr (0, comma).find (";base64") == std::string_view::npos)
        return Error::protocol_error (_("the image data URL is not base64"));
      view.remove_prefix (comma + 1);
    }
  std::size_t bound = base64_decoded_bound (view.size ());
  auto *buffer = static_cast<std::uint8_t *> (g_malloc (bound + 1));
  // Line breaks are skipped: wrapped base64 arrives as escaped "\n" in JSON, and as raw line
  // breaks when a server splits one string over several SSE data lines (json-glib accepts
  // those, and so did this parser before image strings were lifted out).
  std::optional<std::size_t> size = decode_base64 (view, buffer, LineBreaks::skip);
  if (!size)
    {
      g_free (buffer);
      return Error::protocol_error (_("the image data is not valid base64"));
    }
  // Wrapped base64 decodes to less than the bound: give the slack back when it is worth it.
  if (bound - *size > 4096)
    buffer = static_cast<std::uint8_t *> (g_realloc (buffer, *size + 1));
  return BytesPtr (g_bytes_new_take (buffer, *size));
}

bool
is_image_event (std::string_view type)
{
  return type == "image_generation.partial_image" || type == "image_edit.partial_image"
         || type == "image_generation.completed" || type == "image_edit.completed"
         || type == "response.image_generation_call.partial_image"
         || type == "response.output_item.done" || type == "response.completed"
         || type == "response.failed" || type == "response.incomplete" || type == "error";
}

} // namespace

Error
parse_api_error (int http_status, const char *body, std::size_t size, std::string request_id)
{
  Error e;
  e.kind = ErrorKind::http;
  JsonNodePtr root = parse_json (body, size);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root.get ())
                           ? json_node_get_object (root.get ()) : nullptr;
  if (JsonObject *fields = member_object (object, "error"))
    e = api_error_from (fields, true, {});
  else if (const char *text = member_string (object, "error"))
    {
      e.kind = ErrorKind::api;
      e.message = text;
    }
  else
    e.message = body_snippet (body, size);
  if (e.message.empty ())
    {
      const char *phrase = soup_status_get_phrase (static_cast<guint> (http_status));
      e.message = phrase ? phrase : _("request failed");
    }
  e.http_status = http_status;
  e.request_id = std::move (request_id);
  return e;
}

struct ImageCollector::Candidate
{
  bool partial = false;
  int index = 0;
  ImageText b64;
  std::string output_format;
  std::string size;
  std::string revised_prompt;
  std::string item_id;
};

// Image strings of a body that is still arriving, decoded as they come.
struct ImageCollector::Watch
{
  struct Arrived
  {
    std::size_t start;  // of the string's contents in the body
    std::size_t length;
    std::shared_ptr<ArrivingImage> image;
  };

  ImageStringFinder finder;
  bool stopped = false; // something to leave to add_json_body came up
  std::shared_ptr<ArrivingImage> current;
  Base64Stream base64;
  std::size_t start = 0;
  std::size_t cursor = 0; // how far the current string was decoded
  std::vector<Arrived> arrived;
};

ImageCollector::ImageCollector (ImageSink on_partial, ImageSink on_final)
  : on_partial_ (std::move (on_partial)), on_final_ (std::move (on_final))
{
}

ImageCollector::~ImageCollector () = default;

void
ImageCollector::watch_body (std::string_view text, std::size_t expected_size)
{
  if (!body_watch_)
    body_watch_ = std::make_unique<Watch> ();
  watch_text (*body_watch_, text, expected_size);
}

void
ImageCollector::watch_event (std::size_t place, std::string_view name, std::string_view data)
{
  if (name != "image_generation.completed" && name != "image_edit.completed"
      && name != "response.output_item.done")
    {
      event_watch_.reset (); // partials need no check; response.completed repeats an image
      return;
    }
  if (!event_watch_ || event_place_ != place)
    {
      event_watch_ = std::make_unique<Watch> ();
      event_place_ = place;
    }
  watch_text (*event_watch_, data, 0);
}

void
ImageCollector::forget_watched ()
{
  body_watch_.reset ();
  event_watch_.reset ();
}

void
ImageCollector::watch_text (Watch &w, std::string_view text, std::size_t expected_size)
{
  while (!w.stopped)
    {
      if (!w.current)
        {
          std::optional<std::size_t> start = w.finder.next_start (text);
          if (!start)
            return;
          std::size_t estimate = expected_size > *start ? (expected_size - *start) / 4 * 3 + 3 : 0;
          w.current = std::make_shared<ArrivingImage> (estimate);
          w.base64 = Base64Stream ();
          w.start = w.cursor = *start;
        }
      if (w.cursor > text.size ())
        {
          w.current.reset (); // not the text it was watching: leave it to add_json_body
          w.stopped = true;
          return;
        }
      std::string_view fresh = text.substr (w.cursor);
      std::size_t quote = fresh.find ('"');
      std::string_view piece = fresh.substr (0, quote);
      // Escapes (or a data: URL) are left to the JSON parser and decode_image_text.
      std::uint8_t *room = w.current->room (base64_decoded_bound (piece.size ()) + 3);
      std::optional<std::size_t> decoded = piece.find ('\\') == std::string_view::npos
                                               ? w.base64.feed (piece, room)
                                               : std::nullopt;
      if (!decoded)
        {
          w.current.reset (); // abandoned
          w.stopped = true;
          return;
        }
      w.current->add (*decoded);
      w.cursor += piece.size ();
      if (quote == std::string_view::npos)
        return;
      if (w.base64.finish ())
        {
          w.current->finish ();
          w.arrived.push_back ({ w.start, w.cursor - w.start, std::move (w.current) });
        }
      w.current.reset ();
      w.finder.skip_string (w.cursor);
    }
}

Status
ImageCollector::add_image (const Candidate &candidate)
{
  if (candidate.b64.text.empty ())
    return {}; // e.g. an image_generation_call that is still in progress
  if (candidate.b64.text.size () > max_image_text)
    return image_too_large_error (candidate.b64.text.size ());
  if (candidate.partial && limits_ && result_.partial_count >= limits_->partial_images)
    return too_many_partial_images_error (*limits_);

  GeneratedImage image;
  image.partial = candidate.partial;
  // Decoded (and being checked) while the body arrived?
  if (watched_ && text_ && candidate.b64.lifted)
    for (const Watch::Arrived &arrived : watched_->arrived)
      if (candidate.b64.text.data () == text_ + arrived.start
          && candidate.b64.text.size () == arrived.length)
        {
          image.data = arrived.image->bytes ();
          image.arrival = arrived.image;
        }
  if (!image.data)
    {
      Result<BytesPtr> decoded = decode_image_text (candidate.b64.text);
      if (!decoded)
        return std::move (decoded).error ();
      image.data = std::move (decoded).value ();
    }
  gsize size = 0;
  const void *bytes = g_bytes_get_data (image.data.get (), &size);
  // The bytes are the truth; the echoes only help when the format is one we do not know.
  image.announced_format = candidate.output_format.empty () ? tool_format_
                                                             : candidate.output_format;
  ImageFormat sniffed = sniff_image_format (bytes, size);
  if (sniffed != ImageFormat::unknown)
    image.output_format = image_format_name (sniffed);
  else
    image.output_format = image.announced_format;
  image.size = candidate.size.empty () ? tool_size_ : candidate.size;
  image.revised_prompt = candidate.revised_prompt;
  image.item_id = candidate.item_id;

  if (candidate.partial)
    {
      image.index = candidate.index;
      ++result_.partial_count;
      if (on_partial_)
        on_partial_ (image);
      return {};
    }

  // Few finals, and images of equal size that differ do so early: comparing the bytes costs
  // next to nothing and, unlike a digest, cannot be fooled.
  for (GeneratedImage &kept : result_.images)
    if (g_bytes_equal (kept.data.get (), image.data.get ()))
      {
        if (kept.revised_prompt.empty ())
          kept.revised_prompt = std::move (image.revised_prompt);
        if (kept.item_id.empty ())
          kept.item_id = std::move (image.item_id);
        return {};
      }
  if (limits_ && result_.images.size () >= static_cast<std::size_t> (limits_->final_images))
    return too_many_images_error (*limits_);
  image.index = static_cast<int> (result_.images.size ());
  result_.images.push_back (std::move (image));
  if (on_final_)
    on_final_ (result_.images.back ());
  return {};
}

void
ImageCollector::note_tool_echoes (JsonObject *response)
{
  if (const char *id = member_string (response, "id"))
    result_.response_id = id;
  JsonArray *tools = member_array (response, "tools");
  for (guint i = 0; tools && i < json_array_get_length (tools); ++i)
    {
      JsonObject *tool = element_object (tools, i);
      if (member_text (tool, "type") != "image_generation")
        continue;
      if (std::string format = member_text (tool, "output_format"); !format.empty ())
        tool_format_ = format;
      // A requested "auto" says nothing about the size that came back.
      if (std::string size = member_text (tool, "size"); !size.empty () && size != "auto")
        tool_size_ = size;
    }
}

void
ImageCollector::note_usage (JsonObject *holder)
{
  if (JsonNode *usage = member (holder, "usage"); usage && JSON_NODE_HOLDS_OBJECT (usage))
    result_.usage_json = compact_json (usage);
}

// A finished image_generation_call output item, in a response body or an output_item.done
// event.
ImageCollector::Candidate
ImageCollector::finished_call (JsonObject *item) const
{
  Candidate candidate;
  candidate.b64 = image_text (item, "result");
  candidate.item_id = member_text (item, "id");
  candidate.revised_prompt = member_text (item, "revised_prompt");
  candidate.output_format = member_text (item, "output_format");
  candidate.size = member_text (item, "size");
  return candidate;
}

Status
ImageCollector::add_response_object (JsonObject *response)
{
  note_tool_echoes (response);
  note_usage (response);

  std::string text;
  JsonArray *output = member_array (response, "output");
  for (guint i = 0; output && i < json_array_get_length (output); ++i)
    {
      JsonObject *item = element_object (output, i);
      std::string type = member_text (item, "type");
      if (type == "image_generation_call")
        {
          if (Status status = add_image (finished_call (item)); !status)
            return status;
        }
      else if (type == "message")
        {
          JsonArray *content = member_array (item, "content");
          for (guint j = 0; content && j < json_array_get_length (content); ++j)
            {
              JsonObject *part = element_object (content, j);
              if (member_text (part, "type") != "output_text")
                continue;
              if (!text.empty ())
                text += '\n';
              text += member_text (part, "text");
            }
        }
    }
  if (!text.empty ())
    output_text_ = std::move (text);

  std::string status = member_text (response, "status");
  if (JsonObject *error = member_object (response, "error"))
    return api_error_from (error, true, _("the response failed"));
  if (status == "failed")
    return api_error_from (nullptr, false, _("the response failed"));
  if (status == "incomplete")
    {
      std::string reason = member_text (member_object (response, "incomplete_details"), "reason");
      std::string failed = _("the response is incomplete");
      if (!reason.empty ())
        /* Translators: %s is the reason the API gave, a code such as max_output_tokens: keep
           it. */
        failed = printf_string (_("the response is incomplete (%s)"), reason.c_str ());
      Error e = api_error_from (nullptr, false, failed);
      e.code = reason;
      return e;
    }
  return {};
}

ImageCollector::ImageText
ImageCollector::image_text (JsonObject *object, const char *name) const
{
  const char *text = member_string (object, name);
  if (!text)
    return {};
  if (const std::string_view *raw = lifted_ ? lifted_->find (text) : nullptr)
    return { true, *raw, true };
  return { true, text, false };
}

JsonNodePtr
ImageCollector::parse_lifting_images (const char *data, std::size_t size, LiftedJson &lifted,
                                      std::string *why)
{
  lifted = lift_image_strings (std::string_view (data, size));
  JsonNodePtr root = lifted.values.empty ()
                         ? parse_json (data, size, why)
                         : parse_json (lifted.skeleton.data (), lifted.skeleton.size (), why);
  // json-glib says where, in the text it read (maybe the skeleton): keep only what.
  if (why && !root)
    if (std::size_t at = why->find ("Parse error: "); at != std::string::npos)
      why->erase (0, at);
  return root;
}

Status
ImageCollector::add_json_body (const char *body, std::size_t size)
{
  LiftedJson lifted;
  std::string why;
  JsonNodePtr root = parse_lifting_images (body, size, lifted, &why);
  LiftedScope scope (*this, lifted, body, body_watch_.get ());
  if (!root)
    return Error::protocol_error (not_json_detail (body, size, why));
  if (!JSON_NODE_HOLDS_OBJECT (root.get ()))
    return Error::protocol_error (
        /* Translators: %s is the start of the body as the server sent it. */
        printf_string (_("the response is not a JSON object: %s"),
                       body_snippet (body, size).c_str ()));
  JsonObject *object = json_node_get_object (root.get ());
  done_ = true;

  if (member_array (object, "output") || member_text (object, "object") == "response")
    return add_response_object (object);

  if (JsonObject *error = member_object (object, "error"))
    return api_error_from (error, true, _("the server reported an error"));

  JsonArray *data = member_array (object, "data");
  if (!data)
    return Error::protocol_error (printf_string (
        /* Translators: "data" and "output" are JSON member names: keep them; %s is the start of
           the body as the server sent it. */
        _("the response has neither \"data\" nor \"output\": %s"),
        body_snippet (body, size).c_str ()));
  note_usage (object);
  std::string format = member_text (object, "output_format");
  std::string image_size = member_text (object, "size");
  for (guint i = 0; i < json_array_get_length (data); ++i)
    {
      JsonObject *item = element_object (data, i);
      Candidate candidate;
      candidate.b64 = image_text (item, "b64_json");
      candidate.revised_prompt = member_text (item, "revised_prompt");
      candidate.output_format = format;
      candidate.size = image_size;
      if (Status status = add_image (candidate); !status)
        return status;
    }
  return {};
}

Status
ImageCollector::add_event (const SseEvent &event)
{
  if (event.data == "[DONE]")
    {
      done_ = true;
      return {};
    }
  LiftedJson lifted;
  JsonNodePtr root = parse_lifting_images (event.data.data (), event.data.size (), lifted);
  LiftedScope scope (*this, lifted, event.data.data (), event_watch_.get ());
  if (!root || !JSON_NODE_HOLDS_OBJECT (root.get ()))
    {
      if (is_image_event (event.event))
        return Error::protocol_error (printf_string (
            /* Translators: the first %s is an SSE event name such as image_generation.completed:
               keep it; the second is the start of the event's data as the server sent it. */
            _("the \"%s\" event is not a JSON object: %s"), event.event.c_str (),
            body_snippet (event.data.data (), event.data.size ()).c_str ()));
      return {}; // not ours to understand
    }
  JsonObject *object = json_node_get_object (root.get ());
  std::string type = member_text (object, "type");
  if (type.empty ())
    type = event.event;

  if (JsonObject *error = member_object (object, "error"))
    return api_error_from (error, true, _("the server reported an error"));
  if (event.event == "error" || type == "error")
    return api_error_from (object, false, _("the server reported an error"));

  if (type == "image_generation.partial_image" || type == "image_edit.partial_image"
      || type == "response.image_generation_call.partial_image")
    {
      Candidate candidate;
      candidate.partial = true;
      candidate.index = member_int (object, "partial_image_index");
      candidate.b64 = image_text (object, "b64_json");
      if (!candidate.b64.present)
        candidate.b64 = image_text (object, "partial_image_b64");
      candidate.output_format = member_text (object, "output_format");
      candidate.size = member_text (object, "size");
      candidate.item_id = member_text (object, "item_id");
      return add_image (candidate);
    }
  if (type == "image_generation.completed" || type == "image_edit.completed")
    {
      note_usage (object);
      Candidate candidate;
      candidate.b64 = image_text (object, "b64_json");
      candidate.output_format = member_text (object, "output_format");
      candidate.size = member_text (object, "size");
      candidate.revised_prompt = member_text (object, "revised_prompt");
      done_ = true;
      return add_image (candidate);
    }
  if (type == "response.output_item.done")
    {
      JsonObject *item = member_object (object, "item");
      if (member_text (item, "type") != "image_generation_call")
        return {};
      return add_image (finished_call (item));
    }
  if (type == "response.created" || type == "response.in_progress" || type == "response.queued")
    {
      note_tool_echoes (member_object (object, "response"));
      return {};
    }
  if (type == "response.completed")
    {
      done_ = true;
      if (JsonObject *response = member_object (object, "response"))
        return add_response_object (response);
      return {};
    }
  if (type == "response.failed" || type == "response.incomplete")
    {
      JsonObject *response = member_object (object, "response");
      if (response)
        if (Status status = add_response_object (response); !status)
          return status;
      // No error details: still a failure.
      return api_error_from (nullptr, false,
                             type == "response.failed" ? _("the response failed")
                                                       : _("the response is incomplete"));
    }
  return {}; // an event we do not use: the stream format grows over time
}

} // namespace gptimage
