// POST /responses with the image_generation tool.
//
// Local images travel as data: URLs of up to ~67 MB of base64 each. Building those as strings and
// handing them to json-glib would copy them three times, so the JSON is generated with short
// placeholder strings and the final body is spliced together in one pre-sized buffer, each file
// base64-encoded straight into its place.
#include "gptimage/request.h"

#include "gptimage/i18n.h"

#include "data-url.h"
#include "json-serialize.h"
#include "mapped-file.h"
#include "request-fields.h"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace gptimage {

namespace {

// A local file to be sent as a data: URL.
struct InlineFile
{
  BytesPtr bytes;
  std::string mime_type;
};

// Placeholders carry a random nonce; a body where one does not occur exactly once (a user's
// text that happens to contain it) is rebuilt with another nonce.
std::string
make_nonce ()
{
  char text[33];
  std::snprintf (text, sizeof text, "%08x%08x%08x%08x", g_random_int (), g_random_int (),
                 g_random_int (), g_random_int ());
  return text;
}

std::string
placeholder (const std::string &nonce, std::size_t index)
{
  return "gpt-image-data-url-" + nonce + "-" + std::to_string (index);
}

Result<JsonNodePtr>
parse_object (const char *param, const std::string &text)
{
  std::string reason;
  JsonNodePtr node = parse_json (text.data (), text.size (), &reason);
  if (!node)
    return Error::invalid (param, text,
                           /* Translators: %s is the JSON parser's reason. */
                           printf_string (_("not valid JSON: %s"), reason.c_str ()));
  if (!JSON_NODE_HOLDS_OBJECT (node.get ()))
    return Error::invalid (param, text, _("must be a JSON object"));
  return node;
}

JsonNodePtr
image_generation_choice ()
{
  ObjectPtr<JsonBuilder> builder (json_builder_new ());
  json_builder_begin_object (builder.get ());
  json_builder_set_member_name (builder.get (), "type");
  json_builder_add_string_value (builder.get (), "image_generation");
  json_builder_end_object (builder.get ());
  return JsonNodePtr (json_builder_get_root (builder.get ()));
}

// Unset or "image_generation": the hosted-tool object; text that starts with '{': the parsed
// object; any other word (validation knows which): that string.
Result<JsonNodePtr>
tool_choice_node (const std::string &tool_choice)
{
  if (tool_choice.empty () || tool_choice == "image_generation")
    return image_generation_choice ();
  auto first = tool_choice.find_first_not_of (" \t\r\n");
  if (first != std::string::npos && tool_choice[first] == '{')
    return parse_object ("tool_choice", tool_choice);
  JsonNodePtr node (json_node_new (JSON_NODE_VALUE));
  json_node_set_string (node.get (), tool_choice.c_str ());
  return node;
}

class BodyBuilder
{
public:
  BodyBuilder (const ResponsesParams &params, const std::string &nonce, JsonNode *tool_choice,
               JsonNode *metadata)
    : params_ (params), nonce_ (nonce), tool_choice_ (tool_choice), metadata_ (metadata)
  {
  }

  JsonNodePtr build ()
  {
    auto *b = builder_.get ();
    json_builder_begin_object (b);
    member ("model", params_.model);

    json_builder_set_member_name (b, "input");
    json_builder_begin_array (b);
    json_builder_begin_object (b);
    member ("role", "user");
    json_builder_set_member_name (b, "content");
    json_builder_begin_array (b);
    for (const auto &text : params_.input_texts)
      {
        json_builder_begin_object (b);
        member ("type", "input_text");
        member ("text", text);
        json_builder_end_object (b);
      }
    for (const auto &image : params_.input_images)
      {
        json_builder_begin_object (b);
        member ("type", "input_image");
        image_reference (image);
        json_builder_end_object (b);
      }
    json_builder_end_array (b);
    json_builder_end_object (b);
    json_builder_end_array (b);

    json_builder_set_member_name (b, "tools");
    json_builder_begin_array (b);
    tool ();
    json_builder_end_array (b);

    json_builder_set_member_name (b, "tool_choice");
    json_builder_add_value (b, json_node_copy (tool_choice_));
    // Always sent, so that a reader of the body sees which kind of answer to expect.
    json_builder_set_member_name (b, "stream");
    json_builder_add_boolean_value (b, params_.image.stream);
    for (const auto &field : responses_fields (params_.image, Place::top))
      if (field.name != "stream")
        add_field (field);
    if (metadata_)
      {
        json_builder_set_member_name (b, "metadata");
        json_builder_add_value (b, json_node_copy (metadata_));
      }
    json_builder_end_object (b);
    return JsonNodePtr (json_builder_get_root (b));
  }

  std::size_t placeholders () const { return next_placeholder_; }

private:
  void tool ()
  {
    const ImageOptions &image = params_.image;
    auto *b = builder_.get ();
    json_builder_begin_object (b);
    member ("type", "image_generation");
    optional_member ("model", params_.tool_model);
    for (const auto &field : responses_fields (image, Place::tool))
      add_field (field);
    if (params_.mask)
      {
        json_builder_set_member_name (b, "input_image_mask");
        json_builder_begin_object (b);
        image_reference (*params_.mask);
        json_builder_end_object (b);
      }
    json_builder_end_object (b);
  }

  // "file_id" for Files API ids, "image_url" for everything else; a local file gets the next
  // placeholder, in the order the files were read.
  void image_reference (const InputImageRef &ref)
  {
    switch (ref.kind)
      {
      case InputImageRef::Kind::file_id:
        member ("file_id", ref.value);
        return;
      case InputImageRef::Kind::file:
        member ("image_url", placeholder (nonce_, next_placeholder_++));
        return;
      case InputImageRef::Kind::url:
      case InputImageRef::Kind::data_url:
        break;
      }
    member ("image_url", ref.value);
  }

  void member (const char *name, const std::string &value)
  {
    json_builder_set_member_name (builder_.get (), name);
    json_builder_add_string_value (builder_.get (), value.c_str ());
  }
  void optional_member (const char *name, const std::optional<std::string> &value)
  {
    if (value)
      member (name, *value);
  }
  void add_field (const RequestField &field)
  {
    json_builder_set_member_name (builder_.get (), field.name.c_str ());
    if (const auto *text = std::get_if<std::string> (&field.value))
      json_builder_add_string_value (builder_.get (), text->c_str ());
    else if (const auto *number = std::get_if<int> (&field.value))
      json_builder_add_int_value (builder_.get (), *number);
    else
      json_builder_add_boolean_value (builder_.get (), std::get<bool> (field.value));
  }

  const ResponsesParams &params_;
  const std::string &nonce_;
  JsonNode *tool_choice_;
  JsonNode *metadata_;
  ObjectPtr<JsonBuilder> builder_{ json_builder_new () };
  std::size_t next_placeholder_ = 0;
};

// Where each placeholder's text sits inside `json` (between its quotes), in file order; empty
// when one does not occur exactly once.
std::vector<std::size_t>
find_placeholders (const std::string &json, const std::string &nonce, std::size_t count)
{
  std::vector<std::size_t> positions;
  for (std::size_t i = 0; i < count; ++i)
    {
      std::string quoted = "\"" + placeholder (nonce, i) + "\"";
      auto at = json.find (quoted);
      if (at == std::string::npos || json.find (quoted, at + 1) != std::string::npos)
        return {};
      positions.push_back (at + 1);
    }
  if (!std::is_sorted (positions.begin (), positions.end ()))
    return {};
  return positions;
}

Result<BytesPtr>
splice_body (const std::string &json, const std::string &nonce,
             const std::vector<std::size_t> &positions, const std::vector<InlineFile> &files)
{
  std::size_t total = json.size () + data_url_slack;
  for (std::size_t i = 0; i < files.size (); ++i)
    total += data_url_length (files[i].mime_type, g_bytes_get_size (files[i].bytes.get ()))
             - placeholder (nonce, i).size ();
  if (total > std::numeric_limits<guint>::max ())
    return Error::io_error (_("the request body would exceed 4 GB"));

  ByteArrayPtr out (g_byte_array_sized_new (static_cast<guint> (total)));
  std::size_t copied = 0;
  for (std::size_t i = 0; i < files.size (); ++i)
    {
      g_byte_array_append (out.get (), reinterpret_cast<const guint8 *> (json.data () + copied),
                           static_cast<guint> (positions[i] - copied));
      append_data_url (out.get (), files[i].mime_type, files[i].bytes.get ());
      copied = positions[i] + placeholder (nonce, i).size ();
    }
  g_byte_array_append (out.get (), reinterpret_cast<const guint8 *> (json.data () + copied),
                       static_cast<guint> (json.size () - copied));
  return BytesPtr (g_byte_array_free_to_bytes (out.release ()));
}

Result<InlineFile>
read_inline_file (const std::string &path)
{
  auto bytes = map_file_bytes (path);
  if (!bytes)
    return std::move (bytes).error ();
  InlineFile file;
  file.mime_type = local_image_mime_type (path, bytes->get ());
  file.bytes = std::move (bytes.value ());
  return file;
}

} // namespace

Result<HttpRequest>
build_responses_request (const std::string &base_url, const ResponsesParams &params)
{
  auto tool_choice = tool_choice_node (params.image.tool_choice);
  if (!tool_choice)
    return std::move (tool_choice).error ();
  JsonNodePtr metadata;
  if (!params.image.metadata.empty ())
    {
      auto parsed = parse_object ("metadata", params.image.metadata);
      if (!parsed)
        return std::move (parsed).error ();
      metadata = std::move (parsed.value ());
    }

  // Read in the order the placeholders are handed out: input images, then the mask.
  std::vector<InlineFile> files;
  std::vector<const InputImageRef *> refs;
  for (const auto &image : params.input_images)
    refs.push_back (&image);
  if (params.mask)
    refs.push_back (&*params.mask);
  for (const auto *ref : refs)
    if (ref->kind == InputImageRef::Kind::file)
      {
        auto file = read_inline_file (ref->value);
        if (!file)
          return std::move (file).error ();
        files.push_back (std::move (file.value ()));
      }

  HttpRequest request;
  request.route = Route::responses;
  request.url = base_url + "/responses";
  request.stream = params.image.stream;
  request.limits = response_limits_for (Route::responses, params.image);
  request.content_type = "application/json";

  for (int attempt = 0; attempt < 8; ++attempt)
    {
      std::string nonce = make_nonce ();
      BodyBuilder builder (params, nonce, tool_choice->get (), metadata.get ());
      JsonNodePtr root = builder.build ();
      std::string json = json_to_string (root.get (), false);
      if (files.empty ())
        {
          request.body.reset (g_bytes_new (json.data (), json.size ()));
          return request;
        }
      auto positions = find_placeholders (json, nonce, files.size ());
      if (positions.size () != files.size ())
        continue;
      auto body = splice_body (json, nonce, positions, files);
      if (!body)
        return std::move (body).error ();
      request.body = std::move (body.value ());
      return request;
    }
  Error error;
  error.kind = ErrorKind::usage;
  error.message = _("cannot place the input images in the request body");
  return error;
}

} // namespace gptimage
