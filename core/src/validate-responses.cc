#include "gptimage/glib-ptr.h"
#include "gptimage/i18n.h"
#include "gptimage/models.h"
#include "gptimage/validate.h"

#include "data-url.h"
#include "validate-private.h"

#include <json-glib/json-glib.h>

#include <optional>

namespace gptimage {

using namespace validate_detail;

namespace {

// Metadata limits of the OpenAPI `Metadata` schema.
constexpr guint kMaxMetadataPairs = 16;
constexpr glong kMaxMetadataKeyChars = 64;
constexpr glong kMaxMetadataValueChars = 512;

// The parsed root when `text` is one JSON object; null otherwise.
JsonNodePtr
parse_json_object (const std::string &text)
{
  ObjectPtr<JsonParser> parser (json_parser_new ());
  if (!json_parser_load_from_data (parser.get (), text.c_str (), static_cast<gssize> (text.size ()),
                                   nullptr))
    return nullptr;
  JsonNode *root = json_parser_get_root (parser.get ());
  if (!root || !JSON_NODE_HOLDS_OBJECT (root))
    return nullptr;
  return JsonNodePtr (json_node_copy (root));
}

// The row's own check lets through its words and text that starts like an object.
Status
check_tool_choice (const std::string &choice)
{
  if (choice.starts_with ('{') && !parse_json_object (choice))
    return Error::invalid ("tool_choice", choice, _("is not a valid JSON object"));
  return {};
}

Status
check_metadata (const std::string &metadata)
{
  JsonNodePtr root = parse_json_object (metadata);
  if (!root)
    return Error::invalid ("metadata", metadata, _("must be a JSON object"));
  JsonObject *object = json_node_get_object (root.get ());
  if (json_object_get_size (object) > kMaxMetadataPairs)
    return Error::invalid ("metadata", metadata,
                           /* Translators: %u is the most keys metadata may hold (16). */
                           printf_string (_("may hold at most %u keys"), kMaxMetadataPairs));
  std::string broken; // the first broken rule, if any
  json_object_foreach_member (
    object,
    [] (JsonObject *, const gchar *name, JsonNode *node, gpointer data) {
      auto *rule = static_cast<std::string *> (data);
      if (!rule->empty ())
        return;
      if (g_utf8_strlen (name, -1) > kMaxMetadataKeyChars)
        /* Translators: %ld is the longest key allowed, in characters (64). */
        *rule = printf_string (_("keys must be at most %ld characters"), kMaxMetadataKeyChars);
      else if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        /* Translators: %s is the metadata key, as the user wrote it. */
        *rule = printf_string (_("the value of \"%s\" must be a string"), name);
      else if (g_utf8_strlen (json_node_get_string (node), -1) > kMaxMetadataValueChars)
        /* Translators: %ld is the longest value allowed, in characters (512). */
        *rule = printf_string (_("values must be at most %ld characters"),
                               kMaxMetadataValueChars);
    },
    &broken);
  if (!broken.empty ())
    return Error::invalid ("metadata", metadata, broken);
  return {};
}

bool
has_prefix_nocase (std::string_view text, std::string_view prefix)
{
  return text.size () >= prefix.size ()
         && g_ascii_strncasecmp (text.data (), prefix.data (), prefix.size ()) == 0;
}

Status
check_url (const std::string &param, const std::string &url)
{
  if (has_prefix_nocase (url, "http://") || has_prefix_nocase (url, "https://"))
    {
      UriPtr uri (g_uri_parse (url.c_str (), G_URI_FLAGS_NONE, nullptr));
      if (uri && g_uri_get_host (uri.get ()) && *g_uri_get_host (uri.get ()))
        return {};
    }
  return Error::invalid (param, url, _("must be an http:// or https:// URL"));
}

Status
check_data_url (const std::string &param, const std::string &url)
{
  auto comma = url.find (',');
  std::string_view header = std::string_view (url).substr (0, comma);
  if (!has_prefix_nocase (url, "data:image/") || comma == std::string::npos
      || !header.ends_with (";base64") || comma + 1 == url.size ())
    return Error::invalid (param, url,
                           /* Translators: data:image/...;base64,... is the form to type. */
                           _("must be a data:image/...;base64,... URL"));
  return {};
}

// The name of a reference that is not a local file, as validation names it.
std::string
ref_param (const InputImageRef &ref, bool is_mask)
{
  using Kind = InputImageRef::Kind;
  switch (ref.kind)
    {
    case Kind::url:
      return is_mask ? "mask_url" : "input_image_url";
    case Kind::data_url:
      return is_mask ? "mask_data_url" : "input_image_data_url";
    case Kind::file_id:
      return is_mask ? "mask_file_id" : "input_image_file_id";
    case Kind::file:
      break;
    }
  return is_mask ? "mask" : "input_image";
}

// URLs and file ids go into the JSON body as text: UTF-8, and not empty. A file id is short.
Status
check_ref_text (const InputImageRef &ref, bool is_mask)
{
  const std::string param = ref_param (ref, is_mask);
  if (!g_utf8_validate (ref.value.data (), static_cast<gssize> (ref.value.size ()), nullptr))
    return Error::invalid (param, ref.value, _("must be valid UTF-8 text"));
  if (ref.value.empty ())
    return Error::invalid (param, ref.value, _("must not be empty"));
  const glong chars = g_utf8_strlen (ref.value.data (), static_cast<gssize> (ref.value.size ()));
  if (ref.kind == InputImageRef::Kind::file_id && chars > kMaxIdChars)
    return Error::invalid (param, ref.value,
                           /* Translators: %1$lld is the most characters allowed, %2$lld how
                              many the value has. */
                           printf_string (_("must be at most %lld characters (it has %lld)"),
                                          static_cast<long long> (kMaxIdChars),
                                          static_cast<long long> (chars)));
  return {};
}

// The pixels of files and data: URLs are checked as on the edits route; `info` receives their
// size when it is known.
Status
check_image_ref (const InputImageRef &ref, bool is_mask, std::optional<ImageInfo> *info)
{
  using Kind = InputImageRef::Kind;
  if (ref.kind != Kind::file)
    if (auto status = check_ref_text (ref, is_mask); !status)
      return status;
  switch (ref.kind)
    {
    case Kind::file:
      {
        const std::string param = is_mask ? "mask" : "input_image";
        auto checked = is_mask ? check_mask_file (param, ref.value)
                               : check_image_file (param, ref.value);
        if (!checked)
          return std::move (checked).error ();
        if (info)
          *info = *checked;
        return {};
      }
    case Kind::url:
      return check_url (ref_param (ref, is_mask), ref.value);
    case Kind::data_url:
      {
        const std::string param = ref_param (ref, is_mask);
        if (auto status = check_data_url (param, ref.value); !status)
          return status;
        BytesPtr bytes = decode_data_url (ref.value);
        if (!bytes)
          return Error::invalid (param, ref.value, _("the payload is not valid base64"));
        gsize size = 0;
        const auto *data
          = static_cast<const std::uint8_t *> (g_bytes_get_data (bytes.get (), &size));
        auto checked = check_image_data (param, ref.value, data, size);
        if (is_mask)
          checked = check_mask_rules (param, ref.value, std::move (checked));
        if (!checked)
          return std::move (checked).error ();
        if (info)
          *info = *checked;
        return {};
      }
    case Kind::file_id:
      return {};
    }
  return {};
}

} // namespace

Status
validate_responses (const ResponsesParams &params, std::vector<std::string> *warnings)
{
  if (auto status = check_model_name (params.model); !status)
    return status;
  if (is_gpt_image_model (params.model))
    return Error::invalid ("model", params.model,
                           /* Translators: Responses is the API's name; gpt-5.4 a model name. */
                           _("a GPT image model cannot be the top-level Responses model; use a "
                             "text model such as gpt-5.4 and set the tool model instead"));
  std::string_view tool_model
    = params.tool_model && !params.tool_model->empty () ? std::string_view (*params.tool_model)
                                                       : kDefaultToolModel;

  if (params.input_texts.empty ())
    return Error::invalid ("input_text", "", _("at least one input text is required"));
  for (const auto &text : params.input_texts)
    if (auto status = check_prompt_text ("input_text", text); !status)
      return status;

  // The table's rules first (choices, ranges, the tool model's capabilities), then what the
  // table cannot say: the JSON objects and an edit's need for an image.
  const ImageOptions &options = params.image;
  if (auto status = validate_image_options (options, tool_model, Route::responses, warnings);
      !status)
    return status;
  if (!options.tool_choice.empty ())
    if (auto status = check_tool_choice (options.tool_choice); !status)
      return status;
  if (!options.metadata.empty ())
    if (auto status = check_metadata (options.metadata); !status)
      return status;
  // The API fails a forced edit with no image in context.
  if (options.action == "edit" && params.input_images.empty ()
      && options.previous_response_id.empty ())
    return Error::invalid ("action", options.action,
                           /* Translators: edit is a value of action and previous_response_id
                              a parameter: keep both. */
                           _("edit needs an input image or a previous_response_id"));

  std::optional<ImageInfo> first; // known when the first image is a file or a data: URL
  for (std::size_t i = 0; i < params.input_images.size (); ++i)
    if (auto status = check_image_ref (params.input_images[i], false, i == 0 ? &first : nullptr);
        !status)
      return status;
  if (params.mask)
    {
      std::optional<ImageInfo> mask;
      if (auto status = check_image_ref (*params.mask, true, &mask); !status)
        return status;
      // As on the edits route: the API applies the mask to the first image.
      if (mask && first)
        if (auto status = check_mask_size (params.mask->kind == InputImageRef::Kind::file
                                             ? "mask"
                                             : "mask_data_url",
                                           params.mask->value, *mask, *first);
            !status)
          return status;
    }
  return {};
}

} // namespace gptimage
