#include "images-route.h"

#include "api-error.h"
#include "api-rules.h"
#include "image-answer.h"
#include "image-synth.h"
#include "json-text.h"
#include "sse-writer.h"

#include <algorithm>
#include <optional>

namespace gptimage::testing {

namespace {

constexpr std::size_t max_image_bytes = 50u * 1024 * 1024;
constexpr int max_images = 16;

// What to render once a request has passed the checks.
struct ImagesJob
{
  ImageSettings settings;
  std::string prompt;
  int n = 1;
  bool stream = false;
  bool edit = false;
  RgbaImage input; // edits: the first image
  std::optional<RgbaImage> mask;
  int input_images = 0;
  ImageDefect defect = ImageDefect::none;
};

// The members both Images routes share, after the route's own member list was enforced.
Result<ImagesJob>
check_images_request (const Fields &fields)
{
  ImagesJob job;
  auto model = check_model (fields);
  if (!model)
    return model.error ();
  auto prompt = check_prompt (fields);
  if (!prompt)
    return prompt.error ();
  job.prompt = *prompt;
  ModelRules rules = model_rules (*model);

  auto n = fields.integer ("n", 1, 10);
  if (!n)
    return n.error ();
  job.n = static_cast<int> (n->value_or (1));
  auto stream = fields.boolean ("stream");
  if (!stream)
    return stream.error ();
  job.stream = stream->value_or (false);

  if (fields.has ("response_format") && !rules.response_format)
    return unknown_parameter ("response_format");
  auto response_format = fields.choice ("response_format", { "url", "b64_json" });
  if (!response_format)
    return response_format.error ();
  if (fields.has ("style") && rules.image_model)
    return unknown_parameter ("style");
  auto style = fields.choice ("style", { "vivid", "natural" });
  if (!style)
    return style.error ();
  auto user = fields.string ("user");
  if (!user)
    return user.error ();

  auto settings = check_image_settings (fields, *model);
  if (!settings)
    return settings.error ();
  job.settings = std::move (settings).value ();
  if (job.settings.partial_images > 0 && !job.stream)
    job.settings.partial_images = 0; // only a stream carries partial images

  if (job.stream && job.n > 1)
    return invalid_request ({}, {}, "Streaming is only supported with n=1.");
  return job;
}

Result<RgbaImage>
render (const ImagesJob &job, int variant)
{
  std::uint64_t seed = prompt_seed (job.prompt, static_cast<unsigned> (variant));
  const ImageSettings &s = job.settings;
  if (job.edit)
    return edit_image (job.input, job.mask ? &*job.mask : nullptr, seed, s.width, s.height,
                       s.transparent ());
  return synthesize_image (seed, s.width, s.height, s.transparent ());
}

Reply
answer (const ImagesJob &job)
{
  const ImageSettings &s = job.settings;
  gint64 created = unix_now ();
  if (!job.stream)
    {
      JsonArrayPtr data (json_array_new ());
      for (int i = 0; i < job.n; ++i)
        {
          auto image = render (job, i);
          auto b64 = image ? encode_final_image (*image, s, job.defect)
                           : Result<std::string> (image.error ());
          if (!b64)
            return server_error_reply (b64.error ());
          JsonObjectPtr item = new_json_object ();
          json_object_set_string_member (item.get (), "b64_json", b64->c_str ());
          json_object_set_string_member (item.get (), "revised_prompt",
                                         revised_prompt (job.prompt).c_str ());
          json_array_add_object_element (data.get (), item.release ());
        }
      JsonObjectPtr root = new_json_object ();
      json_object_set_int_member (root.get (), "created", created);
      set_array (root.get (), "data", std::move (data));
      add_echo_fields (root.get (), s);
      set_object (root.get (), "usage", images_usage (s, job.prompt, job.input_images, job.n));
      return json_reply (json_object_to_string (root.get ()));
    }

  const char *prefix = job.edit ? "image_edit" : "image_generation";
  auto image = render (job, 0);
  if (!image)
    return server_error_reply (image.error ());
  Reply reply;
  reply.stream = true;
  SseWriter sse;
  sse.comment ("gpt-image test server");
  for (int k = 0; k < s.partial_images; ++k)
    {
      auto b64 = encode_base64_image (partial_preview (*image, k, s.partial_images), s);
      if (!b64)
        return server_error_reply (b64.error ());
      if (k == 0)
        {
          reply.drop_after = sse.size () + 1;
          reply.drop_splits_next = false;
        }
      JsonObjectPtr event = new_json_object ();
      json_object_set_string_member (event.get (), "type",
                                     (std::string (prefix) + ".partial_image").c_str ());
      json_object_set_string_member (event.get (), "b64_json", b64->c_str ());
      json_object_set_int_member (event.get (), "created_at", created);
      add_echo_fields (event.get (), s);
      json_object_set_int_member (event.get (), "partial_image_index", k);
      sse.event (std::string (prefix) + ".partial_image", json_object_to_string (event.get ()));
    }
  auto b64 = encode_final_image (*image, s, job.defect);
  if (!b64)
    return server_error_reply (b64.error ());
  if (s.partial_images == 0)
    {
      reply.drop_after = sse.size ();
      reply.drop_splits_next = true;
    }
  JsonObjectPtr event = new_json_object ();
  json_object_set_string_member (event.get (), "type",
                                 (std::string (prefix) + ".completed").c_str ());
  json_object_set_string_member (event.get (), "b64_json", b64->c_str ());
  json_object_set_int_member (event.get (), "created_at", created);
  add_echo_fields (event.get (), s);
  set_object (event.get (), "usage", images_usage (s, job.prompt, job.input_images, 1));
  sse.event (std::string (prefix) + ".completed", json_object_to_string (event.get ()));
  sse.done ();
  reply.events = sse.take ();

  // For a stream_error fault: what replaces the rest of the stream.
  JsonObjectPtr failure = new_json_object ();
  json_object_set_string_member (failure.get (), "type", "error");
  set_object (failure.get (), "error",
              error_object (api_error (500, "server_error", "server_error", {},
                                       "The server had an error while generating the image.")));
  SseWriter failure_events;
  failure_events.event ("error", json_object_to_string (failure.get ()));
  reply.failure_events = failure_events.take ();
  return reply;
}

// Multipart values are text; the schema's integers and booleans must parse as such.
Result<JsonNodePtr>
typed_value (const std::string &name, const std::string &text)
{
  JsonNodePtr node (json_node_alloc ());
  if (name == "n" || name == "output_compression" || name == "partial_images")
    {
      const char *s = text.c_str ();
      bool negative = *s == '-';
      std::size_t digits = text.size () - (negative ? 1 : 0);
      bool ok = digits > 0 && digits <= 12;
      for (const char *p = s + (negative ? 1 : 0); ok && *p; ++p)
        ok = g_ascii_isdigit (*p);
      if (!ok)
        return invalid_type (name, "an integer", "a string");
      json_node_init_int (node.get (), g_ascii_strtoll (s, nullptr, 10));
      return node;
    }
  if (name == "stream")
    {
      if (text != "true" && text != "false")
        return invalid_type (name, "a boolean", "a string");
      json_node_init_boolean (node.get (), text == "true");
      return node;
    }
  json_node_init_string (node.get (), text.c_str ());
  return node;
}

enum class FieldStyle
{
  none,
  simple,   // image
  brackets, // image[]
  indexed,  // image[0], image[1], ...
};

Error
bad_image_file (std::string param, std::string code, std::string message)
{
  return invalid_request (std::move (param), std::move (code), std::move (message));
}

// Declared MIME type and the bytes must agree on PNG, JPEG or WebP.
Result<ImageInfo>
check_image_part (const FormPart &part, const std::string &param)
{
  if (part.data.size () >= max_image_bytes)
    return bad_image_file (param, "image_file_too_large",
                           "Invalid file '" + param + "': files must be smaller than 50 MB.");
  ImageFormat declared = ImageFormat::unknown;
  for (ImageFormat f : { ImageFormat::png, ImageFormat::jpeg, ImageFormat::webp })
    if (part.content_type == image_mime_type (f))
      declared = f;
  if (declared == ImageFormat::unknown)
    return bad_image_file (param, "unsupported_file_mimetype",
                           "Invalid file '" + param + "': unsupported mimetype ('"
                               + (part.content_type.empty () ? "none" : part.content_type)
                               + "'). Supported file formats are 'image/jpeg', 'image/png', and "
                                 "'image/webp'.");
  auto info = probe_image (part.data.data (), part.data.size ());
  if (!info || info->format != declared)
    return bad_image_file (param, "invalid_image_format",
                           "Invalid file '" + param + "': the data is not a valid "
                               + part.content_type + " file.");
  return info;
}

} // namespace

Reply
handle_generation (std::string_view content_type, std::string_view body, ImageDefect defect)
{
  auto root = parse_json_request (content_type, body);
  if (!root)
    return error_reply (root.error ());
  Fields fields (json_node_get_object (root->get ()));
  if (auto known = fields.only ({ "prompt", "model", "n", "quality", "response_format",
                                  "output_format", "output_compression", "stream",
                                  "partial_images", "size", "moderation", "background", "style",
                                  "user", "complexity" });
      !known)
    return error_reply (known.error ());
  auto job = check_images_request (fields);
  if (!job)
    return error_reply (job.error ());
  job->defect = defect;
  return answer (*job);
}

Reply
handle_edit (std::string_view content_type, const Result<std::vector<FormPart>> &form,
             ImageDefect defect)
{
  if (!media_type_is (content_type, "multipart/form-data"))
    return error_reply (invalid_request ({}, "unsupported_content_type",
                                         "Unsupported content type: '" + std::string (content_type)
                                             + "'. The test server accepts only "
                                               "'multipart/form-data' on /v1/images/edits."));
  if (!form)
    return error_reply (invalid_request ({}, {}, "Could not parse the multipart form: "
                                                     + form.error ().message));

  static const std::vector<std::string_view> text_fields
      = { "prompt", "model", "n", "size", "quality", "background", "output_format",
          "output_compression", "input_fidelity", "stream", "partial_images", "response_format",
          "user", "complexity" };
  JsonObjectPtr object = new_json_object ();
  std::vector<const FormPart *> images;
  const FormPart *mask = nullptr;
  FieldStyle style = FieldStyle::none;
  for (const FormPart &part : form.value ())
    {
      const std::string &name = part.name;
      FieldStyle this_style = FieldStyle::none;
      if (name == "image")
        this_style = FieldStyle::simple;
      else if (name == "image[]")
        this_style = FieldStyle::brackets;
      else if (name.rfind ("image[", 0) == 0 && name.back () == ']')
        {
          std::string expected = "image[" + std::to_string (images.size ()) + "]";
          if (name != expected)
            return error_reply (invalid_request (name, "invalid_value",
                                                 "Invalid field name '" + name + "': expected '"
                                                     + expected + "' next."));
          this_style = FieldStyle::indexed;
        }
      if (this_style != FieldStyle::none)
        {
          if (style != FieldStyle::none && style != this_style)
            return error_reply (invalid_request (name, "invalid_value",
                                                 "Mixed field names for 'image': use one of "
                                                 "'image', 'image[]' or 'image[N]'."));
          style = this_style;
          if (!part.has_filename)
            return error_reply (invalid_type (name, "a file", "a string"));
          images.push_back (&part);
          continue;
        }
      if (name == "mask")
        {
          if (mask)
            return error_reply (invalid_request ("mask", "duplicate_parameter",
                                                 "Duplicate parameter: 'mask'."));
          if (!part.has_filename)
            return error_reply (invalid_type ("mask", "a file", "a string"));
          mask = &part;
          continue;
        }
      if (std::find (text_fields.begin (), text_fields.end (), name) == text_fields.end ())
        return error_reply (unknown_parameter (name));
      if (part.has_filename)
        return error_reply (invalid_type (name, "a string", "a file"));
      if (json_object_has_member (object.get (), name.c_str ()))
        return error_reply (invalid_request (name, "duplicate_parameter",
                                             "Duplicate parameter: '" + name + "'."));
      auto value = typed_value (name, part.data);
      if (!value)
        return error_reply (value.error ());
      json_object_set_member (object.get (), name.c_str (), value->release ());
    }

  Fields fields (object.get ());
  auto job = check_images_request (fields);
  if (!job)
    return error_reply (job.error ());
  job->edit = true;
  job->defect = defect;

  if (images.empty ())
    return error_reply (missing_parameter ("image"));
  if (images.size () > max_images)
    return error_reply (invalid_request ("image", "array_above_max_length",
                                         "Invalid 'image': array too long. Expected an array "
                                         "with maximum length 16, but got an array with length "
                                             + std::to_string (images.size ()) + " instead."));
  for (const FormPart *part : images)
    {
      auto info = check_image_part (*part, part->name);
      if (!info)
        return error_reply (info.error ());
    }
  auto first = decode_image (images[0]->data.data (), images[0]->data.size ());
  if (!first)
    return error_reply (bad_image_file (images[0]->name, "invalid_image",
                                        "Invalid file '" + images[0]->name
                                            + "': the image could not be decoded."));
  job->input = std::move (first).value ();
  job->input_images = static_cast<int> (images.size ());

  if (mask)
    {
      if (mask->content_type != "image/png"
          || sniff_image_format (mask->data.data (), mask->data.size ()) != ImageFormat::png)
        return error_reply (invalid_request ("mask", "invalid_value",
                                             "Invalid mask: the mask must be a PNG file "
                                             "(Content-Type image/png)."));
      auto info = check_image_part (*mask, "mask");
      if (!info)
        return error_reply (info.error ());
      if (!info->has_alpha)
        return error_reply (invalid_request ("mask", "invalid_value",
                                             "Invalid mask: the mask must have an alpha channel."));
      if (info->width != job->input.width || info->height != job->input.height)
        return error_reply (invalid_request (
            "mask", "invalid_value",
            "Invalid mask: the mask is " + std::to_string (info->width) + "x"
                + std::to_string (info->height) + " but the first image is "
                + std::to_string (job->input.width) + "x" + std::to_string (job->input.height)
                + "; they must have the same dimensions."));
      auto decoded = decode_image (mask->data.data (), mask->data.size ());
      if (!decoded)
        return error_reply (invalid_request ("mask", "invalid_value",
                                             "Invalid mask: the PNG could not be decoded."));
      job->mask = std::move (decoded).value ();
    }
  return answer (*job);
}

} // namespace gptimage::testing
