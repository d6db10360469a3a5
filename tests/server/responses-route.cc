#include "responses-route.h"

#include "api-error.h"
#include "api-rules.h"
#include "image-answer.h"
#include "image-synth.h"
#include "json-text.h"
#include "sse-writer.h"

#include <algorithm>
#include <optional>

namespace gptimage::testing {

void
ResponseStore::put (std::shared_ptr<const StoredResponse> response)
{
  std::lock_guard lock (mutex_);
  by_id_[response->id] = response;
  if (!response->call_id.empty ())
    by_call_[response->call_id] = response;
  order_.push_back (response);
  while (order_.size () > capacity)
    {
      by_id_.erase (order_.front ()->id);
      by_call_.erase (order_.front ()->call_id);
      order_.pop_front ();
    }
}

std::shared_ptr<const StoredResponse>
ResponseStore::find_response (const std::string &id) const
{
  std::lock_guard lock (mutex_);
  auto it = by_id_.find (id);
  return it == by_id_.end () ? nullptr : it->second;
}

std::shared_ptr<const StoredResponse>
ResponseStore::find_call (const std::string &call_id) const
{
  std::lock_guard lock (mutex_);
  auto it = by_call_.find (call_id);
  return it == by_call_.end () ? nullptr : it->second;
}

void
ResponseStore::clear ()
{
  std::lock_guard lock (mutex_);
  by_id_.clear ();
  by_call_.clear ();
  order_.clear ();
}

namespace {

constexpr std::size_t max_data_url_chars = 20971520;

struct ResponsesJob
{
  std::string model;
  bool stream = false;
  bool store = true;
  std::shared_ptr<const StoredResponse> previous;
  std::string prompt;
  std::optional<RgbaImage> input_image;            // the first image in the input
  std::shared_ptr<const RgbaImage> referenced;     // an image_generation_call input item
  int input_images = 0;
  ImageSettings settings;
  std::string action = "auto";
  std::optional<RgbaImage> mask;
  bool tool_choice_none = false;
  JsonNodePtr tools;       // echoed back
  JsonNodePtr tool_choice; // echoed back
  JsonNodePtr metadata;    // echoed back
  std::string user;
  std::string instructions;
};

std::string
random_id (std::string_view prefix)
{
  std::string uuid = take_string (g_uuid_string_random ());
  uuid.erase (std::remove (uuid.begin (), uuid.end (), '-'), uuid.end ());
  return std::string (prefix) + uuid;
}

bool
starts_with (std::string_view s, std::string_view prefix)
{
  return s.substr (0, prefix.size ()) == prefix;
}

struct DecodedImage
{
  ImageInfo info;
  RgbaImage pixels;
};

// An input_image URL or a mask URL: a data: URL must hold a real PNG, JPEG or WebP of the
// declared type. The server never fetches http(s) URLs; it stands in a picture derived from
// the URL.
Result<DecodedImage>
image_from_url (const std::string &url, const std::string &param)
{
  if (starts_with (url, "data:"))
    {
      auto comma = url.find (',');
      std::string header = url.substr (5, comma == std::string::npos ? 0 : comma - 5);
      const std::string suffix = ";base64";
      if (comma == std::string::npos || header.size () <= suffix.size ()
          || header.compare (header.size () - suffix.size (), suffix.size (), suffix) != 0)
        return invalid_request (param, "invalid_image_url",
                                "Invalid '" + param
                                    + "': expected a base64 data URL such as "
                                      "'data:image/png;base64,...'.");
      std::string mime = header.substr (0, header.size () - suffix.size ());
      std::string_view payload = std::string_view (url).substr (comma + 1);
      bool valid = !payload.empty () && payload.size () % 4 == 0;
      for (std::size_t i = 0; valid && i < payload.size (); ++i)
        {
          char c = payload[i];
          valid = g_ascii_isalnum (c) || c == '+' || c == '/'
                  || (c == '=' && i + 2 >= payload.size ());
        }
      if (!valid)
        return invalid_request (param, "invalid_base64_image",
                                "Invalid '" + param + "': the data URL is not valid base64.");
      ImageFormat declared = ImageFormat::unknown;
      for (ImageFormat f : { ImageFormat::png, ImageFormat::jpeg, ImageFormat::webp })
        if (mime == image_mime_type (f))
          declared = f;
      if (declared == ImageFormat::unknown)
        return invalid_request (param, "unsupported_image_media_type",
                                "Invalid '" + param + "': unsupported image media type '" + mime
                                    + "'. Supported are 'image/png', 'image/jpeg' and "
                                      "'image/webp'.");
      std::string text (payload);
      gsize length = 0;
      CharPtr bytes (reinterpret_cast<gchar *> (g_base64_decode (text.c_str (), &length)));
      auto info = probe_image (bytes.get (), length);
      if (!info || info->format != declared)
        return invalid_request (param, "invalid_image_format",
                                "Invalid '" + param + "': the data is not a valid " + mime
                                    + " image.");
      auto pixels = decode_image (bytes.get (), length);
      if (!pixels)
        return invalid_request (param, "invalid_image",
                                "Invalid '" + param + "': the image could not be decoded.");
      return DecodedImage { *info, std::move (pixels).value () };
    }
  if (starts_with (url, "http://") || starts_with (url, "https://"))
    {
      UriPtr uri (g_uri_parse (url.c_str (), G_URI_FLAGS_NONE, nullptr));
      if (!uri || !g_uri_get_host (uri.get ()) || !*g_uri_get_host (uri.get ()))
        return invalid_request (param, "invalid_image_url",
                                "Invalid '" + param + "': '" + url + "' is not a valid URL.");
      DecodedImage image;
      image.pixels = synthesize_image (prompt_seed (url), 1024, 1024, false);
      image.info = { ImageFormat::png, 1024, 1024, false };
      return image;
    }
  return invalid_request (param, "invalid_image_url",
                          "Invalid '" + param
                              + "': expected an http(s) URL or a base64 data URL.");
}

// A file id stands for a picture derived from the id (there is no Files API here).
RgbaImage
image_from_file_id (const std::string &file_id)
{
  return synthesize_image (prompt_seed (file_id), 1024, 1024, false);
}

Status
check_content_part (JsonNode *node, const std::string &param, bool user, ResponsesJob &job,
                    std::string &text_out)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid_type (param, "an object", json_type_name (node));
  Fields part (json_node_get_object (node), param + ".");
  auto type = part.string ("type");
  if (!type)
    return type.error ();
  if (!*type)
    return missing_parameter (part.param ("type"));
  if (**type == "input_text")
    {
      if (auto known = part.only ({ "type", "text" }); !known)
        return known;
      auto text = part.string ("text");
      if (!text)
        return text.error ();
      if (!*text)
        return missing_parameter (part.param ("text"));
      if (user)
        {
          if (!text_out.empty ())
            text_out += "\n";
          text_out += **text;
        }
      return {};
    }
  if (**type == "input_image")
    {
      if (auto known = part.only ({ "type", "image_url", "file_id", "detail" }); !known)
        return known;
      auto url = part.string ("image_url");
      if (!url)
        return url.error ();
      auto file_id = part.string ("file_id");
      if (!file_id)
        return file_id.error ();
      auto detail = part.choice ("detail", { "low", "high", "auto", "original" });
      if (!detail)
        return detail.error ();
      if (*url && *file_id)
        return invalid_request (param, "invalid_value",
                                "Invalid '" + param
                                    + "': provide either 'image_url' or 'file_id', not both.");
      if (!*url && !*file_id)
        return missing_parameter (part.param ("image_url"));
      RgbaImage pixels;
      if (*url)
        {
          auto decoded = image_from_url (**url, part.param ("image_url"));
          if (!decoded)
            return decoded.error ();
          pixels = std::move (decoded->pixels);
        }
      else
        pixels = image_from_file_id (**file_id);
      if (!job.input_image)
        job.input_image = std::move (pixels);
      ++job.input_images;
      return {};
    }
  return invalid_request (part.param ("type"), "invalid_value",
                          "Invalid value: '" + **type
                              + "'. The test server supports the content types 'input_text' "
                                "and 'input_image'.");
}

Status
check_input (const Fields &fields, ResponsesJob &job, const ResponseStore &store)
{
  JsonNode *input = fields.node ("input");
  if (!input || JSON_NODE_HOLDS_NULL (input))
    return missing_parameter ("input");
  if (JSON_NODE_HOLDS_VALUE (input) && json_node_get_value_type (input) == G_TYPE_STRING)
    {
      job.prompt = json_node_get_string (input);
      return {};
    }
  if (!JSON_NODE_HOLDS_ARRAY (input))
    return invalid_type ("input", "a string or an array", json_type_name (input));
  JsonArray *items = json_node_get_array (input);
  guint count = json_array_get_length (items);
  for (guint i = 0; i < count; ++i)
    {
      std::string param = "input[" + std::to_string (i) + "]";
      JsonNode *node = json_array_get_element (items, i);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid_type (param, "an object", json_type_name (node));
      Fields item (json_node_get_object (node), param + ".");
      auto type = item.string ("type");
      if (!type)
        return type.error ();
      if (*type && **type == "image_generation_call")
        {
          if (auto known = item.only ({ "type", "id" }); !known)
            return known;
          auto id = item.string ("id");
          if (!id)
            return id.error ();
          if (!*id)
            return missing_parameter (item.param ("id"));
          auto found = store.find_call (**id);
          if (!found || !found->image)
            return invalid_request (item.param ("id"), "invalid_value",
                                    "Invalid '" + item.param ("id") + "': no image generation "
                                    "call with id '" + **id + "' was found.");
          if (!job.referenced)
            job.referenced = found->image;
          continue;
        }
      if (*type && **type != "message")
        return invalid_request (item.param ("type"), "invalid_value",
                                "Invalid value: '" + **type
                                    + "'. The test server supports input items of type "
                                      "'message' and 'image_generation_call'.");
      if (auto known = item.only ({ "type", "role", "content" }); !known)
        return known;
      auto role = item.choice ("role", { "user", "system", "developer", "assistant" });
      if (!role)
        return role.error ();
      if (!*role)
        return missing_parameter (item.param ("role"));
      bool user = **role == "user";
      JsonNode *content = item.node ("content");
      if (!content || JSON_NODE_HOLDS_NULL (content))
        return missing_parameter (item.param ("content"));
      if (JSON_NODE_HOLDS_VALUE (content) && json_node_get_value_type (content) == G_TYPE_STRING)
        {
          if (user)
            job.prompt += (job.prompt.empty () ? "" : "\n") + std::string (json_node_get_string (content));
          continue;
        }
      if (!JSON_NODE_HOLDS_ARRAY (content))
        return invalid_type (item.param ("content"), "a string or an array",
                             json_type_name (content));
      JsonArray *parts = json_node_get_array (content);
      for (guint j = 0; j < json_array_get_length (parts); ++j)
        {
          std::string part_param = item.param ("content") + "[" + std::to_string (j) + "]";
          if (auto ok = check_content_part (json_array_get_element (parts, j), part_param, user,
                                            job, job.prompt);
              !ok)
            return ok;
        }
    }
  return {};
}

Status
check_tool (JsonNode *node, const std::string &param, ResponsesJob &job)
{
  Fields tool (json_node_get_object (node), param + ".");
  if (auto known = tool.only ({ "type", "model", "quality", "size", "output_format",
                                "output_compression", "moderation", "background",
                                "input_fidelity", "input_image_mask", "partial_images",
                                "action" });
      !known)
    return known;
  auto model = tool.string ("model");
  if (!model)
    return model.error ();
  std::string tool_model = model->value_or ("gpt-image-2");
  if (model_not_found (model_rules (tool_model)))
    return api_error (404, "invalid_request_error", "model_not_found", tool.param ("model"),
                      "The model `" + tool_model
                          + "` does not exist or you do not have access to it.");
  auto settings = check_image_settings (tool, tool_model, "tools");
  if (!settings)
    return settings.error ();
  job.settings = std::move (settings).value ();
  auto action = tool.choice ("action", { "auto", "generate", "edit" });
  if (!action)
    return action.error ();
  job.action = action->value_or ("auto");

  JsonNode *mask = tool.node ("input_image_mask");
  if (mask && !JSON_NODE_HOLDS_NULL (mask))
    {
      std::string mask_param = tool.param ("input_image_mask");
      if (!JSON_NODE_HOLDS_OBJECT (mask))
        return invalid_type (mask_param, "an object", json_type_name (mask));
      Fields ref (json_node_get_object (mask), mask_param + ".");
      if (auto known = ref.only ({ "image_url", "file_id" }); !known)
        return known;
      auto url = ref.string ("image_url");
      if (!url)
        return url.error ();
      auto file_id = ref.string ("file_id");
      if (!file_id)
        return file_id.error ();
      if (*url && *file_id)
        return invalid_request (mask_param, "invalid_value",
                                "Invalid '" + mask_param
                                    + "': provide either 'image_url' or 'file_id', not both.");
      if (!*url && !*file_id)
        return missing_parameter (ref.param ("image_url"));
      if (*url)
        {
          if ((*url)->size () > max_data_url_chars)
            return invalid_request (ref.param ("image_url"), "string_above_max_length",
                                    "Invalid '" + ref.param ("image_url")
                                        + "': string too long. Expected a string with maximum "
                                          "length 20971520.");
          auto decoded = image_from_url (**url, ref.param ("image_url"));
          if (!decoded)
            return decoded.error ();
          if (starts_with (**url, "data:"))
            {
              if (decoded->info.format != ImageFormat::png || !decoded->info.has_alpha)
                return invalid_request ("tools", "invalid_value",
                                        "Invalid mask: the input_image_mask must be a PNG with "
                                        "an alpha channel.");
              job.mask = std::move (decoded->pixels);
            }
        }
    }
  return {};
}

Status
check_tools (const Fields &fields, ResponsesJob &job)
{
  JsonNode *tools = fields.node ("tools");
  if (!tools || JSON_NODE_HOLDS_NULL (tools))
    return invalid_request ("tools", "missing_required_parameter",
                            "The test server needs an image_generation tool in 'tools'.");
  if (!JSON_NODE_HOLDS_ARRAY (tools))
    return invalid_type ("tools", "an array", json_type_name (tools));
  JsonArray *array = json_node_get_array (tools);
  bool found = false;
  for (guint i = 0; i < json_array_get_length (array); ++i)
    {
      std::string param = "tools[" + std::to_string (i) + "]";
      JsonNode *node = json_array_get_element (array, i);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid_type (param, "an object", json_type_name (node));
      Fields tool (json_node_get_object (node), param + ".");
      auto type = tool.string ("type");
      if (!type)
        return type.error ();
      if (!*type)
        return missing_parameter (tool.param ("type"));
      if (**type != "image_generation")
        return invalid_request (tool.param ("type"), "invalid_value",
                                "Invalid value: '" + **type
                                    + "'. The test server supports only the 'image_generation' "
                                      "tool.");
      if (found)
        return invalid_request (param, "invalid_value",
                                "Invalid '" + param + "': only one image_generation tool is allowed.");
      found = true;
      if (auto ok = check_tool (node, param, job); !ok)
        return ok;
    }
  if (!found)
    return invalid_request ("tools", "invalid_value",
                            "The test server needs an image_generation tool in 'tools'.");
  job.tools.reset (json_node_copy (tools));
  return {};
}

Status
check_tool_choice (const Fields &fields, ResponsesJob &job)
{
  JsonNode *choice = fields.node ("tool_choice");
  if (!choice || JSON_NODE_HOLDS_NULL (choice))
    {
      job.tool_choice.reset (json_node_init_string (json_node_alloc (), "auto"));
      return {};
    }
  if (JSON_NODE_HOLDS_VALUE (choice) && json_node_get_value_type (choice) == G_TYPE_STRING)
    {
      std::string value = json_node_get_string (choice);
      static const std::vector<std::string_view> modes = { "none", "auto", "required" };
      if (std::find (modes.begin (), modes.end (), value) == modes.end ())
        return invalid_choice ("tool_choice", value, modes);
      job.tool_choice_none = value == "none";
    }
  else if (JSON_NODE_HOLDS_OBJECT (choice))
    {
      Fields object (json_node_get_object (choice), "tool_choice.");
      if (auto known = object.only ({ "type" }); !known)
        return known;
      auto type = object.choice ("type", { "image_generation" });
      if (!type)
        return type.error ();
      if (!*type)
        return missing_parameter ("tool_choice.type");
    }
  else
    return invalid_type ("tool_choice", "a string or an object", json_type_name (choice));
  job.tool_choice.reset (json_node_copy (choice));
  return {};
}

Status
check_metadata (const Fields &fields, ResponsesJob &job)
{
  JsonNode *metadata = fields.node ("metadata");
  if (!metadata || JSON_NODE_HOLDS_NULL (metadata))
    return {};
  if (!JSON_NODE_HOLDS_OBJECT (metadata))
    return invalid_type ("metadata", "an object", json_type_name (metadata));
  JsonObject *object = json_node_get_object (metadata);
  if (json_object_get_size (object) > 16)
    return invalid_request ("metadata", "object_above_max_properties",
                            "Invalid 'metadata': too many properties. Expected an object with "
                            "at most 16 properties.");
  struct Scan
  {
    std::optional<Error> error;
  } scan;
  json_object_foreach_member (
      object,
      [] (JsonObject *, const gchar *name, JsonNode *value, gpointer data) {
        auto *s = static_cast<Scan *> (data);
        if (s->error)
          return;
        std::string param = std::string ("metadata.") + name;
        if (std::string_view (name).size () > 64)
          s->error = invalid_request (param, "string_above_max_length",
                                      "Invalid 'metadata': keys must be at most 64 characters.");
        else if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
          s->error = invalid_type (param, "a string", json_type_name (value));
        else if (std::string_view (json_node_get_string (value)).size () > 512)
          s->error = invalid_request (param, "string_above_max_length",
                                      "Invalid 'metadata': values must be at most 512 "
                                      "characters.");
      },
      &scan);
  if (scan.error)
    return *scan.error;
  job.metadata.reset (json_node_copy (metadata));
  return {};
}

Result<ResponsesJob>
check_request (const Fields &fields, const ResponseStore &store)
{
  ResponsesJob job;
  if (auto known = fields.only ({ "model", "input", "tools", "tool_choice", "metadata",
                                  "previous_response_id", "stream", "user", "store",
                                  "instructions", "background", "max_tool_calls", "text",
                                  "prompt", "top_logprobs", "temperature", "top_p",
                                  "safety_identifier", "prompt_cache_key",
                                  "prompt_cache_retention", "prompt_cache_options",
                                  "service_tier", "truncation", "reasoning", "include",
                                  "parallel_tool_calls", "moderation", "stream_options",
                                  "conversation", "context_management", "max_output_tokens" });
      !known)
    return known.error ();

  auto model = fields.string ("model");
  if (!model)
    return model.error ();
  if (!*model)
    return missing_parameter ("model");
  if (model_rules (**model).image_model)
    return invalid_request ("model", "unsupported_model",
                            "The model '" + **model
                                + "' is not supported as the Responses API model; use a "
                                  "mainline model and set the image model on the "
                                  "image_generation tool.");
  job.model = **model;

  auto stream = fields.boolean ("stream");
  if (!stream)
    return stream.error ();
  job.stream = stream->value_or (false);
  auto store_flag = fields.boolean ("store");
  if (!store_flag)
    return store_flag.error ();
  job.store = store_flag->value_or (true);
  auto user = fields.string ("user");
  if (!user)
    return user.error ();
  job.user = user->value_or ("");
  auto instructions = fields.string ("instructions");
  if (!instructions)
    return instructions.error ();
  job.instructions = instructions->value_or ("");

  auto previous = fields.string ("previous_response_id");
  if (!previous)
    return previous.error ();
  if (*previous)
    {
      if (fields.has ("conversation"))
        return invalid_request ("previous_response_id", "invalid_value",
                                "'previous_response_id' cannot be used together with "
                                "'conversation'.");
      job.previous = store.find_response (**previous);
      if (!job.previous)
        return invalid_request ("previous_response_id", "previous_response_not_found",
                                "Previous response with id '" + **previous + "' not found.");
    }

  if (auto ok = check_metadata (fields, job); !ok)
    return ok.error ();
  if (auto ok = check_tools (fields, job); !ok)
    return ok.error ();
  if (auto ok = check_tool_choice (fields, job); !ok)
    return ok.error ();
  if (auto ok = check_input (fields, job, store); !ok)
    return ok.error ();
  return job;
}

JsonObjectPtr
response_usage (const ResponsesJob &job, bool image)
{
  long long input = 20 + static_cast<long long> (job.prompt.size ()) / 4 + 323LL * job.input_images;
  long long output = image ? 64 : 16;
  JsonObjectPtr usage = new_json_object ();
  json_object_set_int_member (usage.get (), "input_tokens", input);
  JsonObjectPtr input_details = new_json_object ();
  json_object_set_int_member (input_details.get (), "cached_tokens", 0);
  set_object (usage.get (), "input_tokens_details", std::move (input_details));
  json_object_set_int_member (usage.get (), "output_tokens", output);
  JsonObjectPtr output_details = new_json_object ();
  json_object_set_int_member (output_details.get (), "reasoning_tokens", 0);
  set_object (usage.get (), "output_tokens_details", std::move (output_details));
  json_object_set_int_member (usage.get (), "total_tokens", input + output);
  return usage;
}

// The Response object; `output` may be null (an in-progress response has no output yet).
JsonObjectPtr
response_object (const ResponsesJob &job, const std::string &id, gint64 created,
                 const char *status, JsonArrayPtr output, bool image)
{
  JsonObjectPtr r = new_json_object ();
  json_object_set_string_member (r.get (), "id", id.c_str ());
  json_object_set_string_member (r.get (), "object", "response");
  json_object_set_int_member (r.get (), "created_at", created);
  json_object_set_string_member (r.get (), "status", status);
  json_object_set_null_member (r.get (), "error");
  json_object_set_null_member (r.get (), "incomplete_details");
  set_string_or_null (r.get (), "instructions", job.instructions);
  json_object_set_string_member (r.get (), "model", job.model.c_str ());
  set_array (r.get (), "output", output ? std::move (output) : JsonArrayPtr (json_array_new ()));
  json_object_set_boolean_member (r.get (), "parallel_tool_calls", TRUE);
  set_string_or_null (r.get (), "previous_response_id", job.previous ? job.previous->id : "");
  json_object_set_boolean_member (r.get (), "store", job.store);
  json_object_set_member (r.get (), "tool_choice", json_node_copy (job.tool_choice.get ()));
  json_object_set_member (r.get (), "tools", json_node_copy (job.tools.get ()));
  if (job.metadata)
    json_object_set_member (r.get (), "metadata", json_node_copy (job.metadata.get ()));
  else
    set_object (r.get (), "metadata", new_json_object ());
  set_string_or_null (r.get (), "user", job.user);
  if (std::string_view (status) == "completed")
    set_object (r.get (), "usage", response_usage (job, image));
  else
    json_object_set_null_member (r.get (), "usage");
  return r;
}

JsonObjectPtr
image_call_item (const std::string &call_id, const char *status, const std::string *result,
                 const std::string &prompt)
{
  JsonObjectPtr item = new_json_object ();
  json_object_set_string_member (item.get (), "type", "image_generation_call");
  json_object_set_string_member (item.get (), "id", call_id.c_str ());
  json_object_set_string_member (item.get (), "status", status);
  if (result)
    {
      json_object_set_string_member (item.get (), "result", result->c_str ());
      json_object_set_string_member (item.get (), "revised_prompt",
                                     revised_prompt (prompt).c_str ());
    }
  else
    json_object_set_null_member (item.get (), "result");
  return item;
}

JsonObjectPtr
message_item (const std::string &id, const char *status, bool with_text)
{
  JsonObjectPtr item = new_json_object ();
  json_object_set_string_member (item.get (), "type", "message");
  json_object_set_string_member (item.get (), "id", id.c_str ());
  json_object_set_string_member (item.get (), "status", status);
  json_object_set_string_member (item.get (), "role", "assistant");
  JsonArrayPtr content (json_array_new ());
  if (with_text)
    {
      JsonObjectPtr text = new_json_object ();
      json_object_set_string_member (text.get (), "type", "output_text");
      json_object_set_string_member (text.get (), "text",
                                     "No image was generated because tool_choice is 'none'.");
      set_array (text.get (), "annotations", JsonArrayPtr (json_array_new ()));
      json_array_add_object_element (content.get (), text.release ());
    }
  set_array (item.get (), "content", std::move (content));
  return item;
}

JsonArrayPtr
one_item (JsonObjectPtr item)
{
  JsonArrayPtr array (json_array_new ());
  json_array_add_object_element (array.get (), item.release ());
  return array;
}

class EventSequence
{
public:
  explicit EventSequence (SseWriter &sse) : sse_ (sse) {}

  // A payload that starts with its "type".
  static JsonObjectPtr payload (const char *type)
  {
    JsonObjectPtr object = new_json_object ();
    json_object_set_string_member (object.get (), "type", type);
    return object;
  }

  // Adds the sequence number, then writes the event.
  void emit (JsonObjectPtr payload)
  {
    json_object_set_int_member (payload.get (), "sequence_number", next_++);
    std::string type = json_object_get_string_member (payload.get (), "type");
    sse_.event (type, json_object_to_string (payload.get ()));
  }

  void emit_response (const char *type, JsonObjectPtr response)
  {
    JsonObjectPtr p = payload (type);
    set_object (p.get (), "response", std::move (response));
    emit (std::move (p));
  }

  void emit_item (const char *type, JsonObjectPtr item)
  {
    JsonObjectPtr p = payload (type);
    json_object_set_int_member (p.get (), "output_index", 0);
    set_object (p.get (), "item", std::move (item));
    emit (std::move (p));
  }

  void emit_call (const char *type, const std::string &call_id)
  {
    JsonObjectPtr p = payload (type);
    json_object_set_int_member (p.get (), "output_index", 0);
    json_object_set_string_member (p.get (), "item_id", call_id.c_str ());
    emit (std::move (p));
  }

private:
  SseWriter &sse_;
  gint64 next_ = 0;
};

Reply
answer (ResponsesJob &job, ResponseStore &store, ImageDefect defect)
{
  std::string id = random_id ("resp_");
  gint64 created = unix_now ();
  auto stored = std::make_shared<StoredResponse> ();
  stored->id = id;
  stored->image = job.previous ? job.previous->image : nullptr;

  if (job.tool_choice_none)
    {
      std::string message_id = random_id ("msg_");
      if (job.store)
        store.put (stored);
      if (!job.stream)
        return json_reply (json_object_to_string (
            response_object (job, id, created, "completed",
                             one_item (message_item (message_id, "completed", true)), false)
                .get ()));
      Reply reply;
      reply.stream = true;
      SseWriter sse;
      EventSequence events (sse);
      events.emit_response ("response.created",
                            response_object (job, id, created, "in_progress", nullptr, false));
      events.emit_response ("response.in_progress",
                            response_object (job, id, created, "in_progress", nullptr, false));
      events.emit_item ("response.output_item.added", message_item (message_id, "in_progress", false));
      reply.drop_after = sse.size ();
      events.emit_item ("response.output_item.done", message_item (message_id, "completed", true));
      events.emit_response ("response.completed",
                            response_object (job, id, created, "completed",
                                             one_item (message_item (message_id, "completed", true)),
                                             false));
      reply.events = sse.take ();
      return reply;
    }

  // The image to edit: an input image, else a referenced call, else the conversation's last.
  std::shared_ptr<const RgbaImage> base;
  if (job.input_image)
    base = std::make_shared<const RgbaImage> (std::move (*job.input_image));
  else if (job.referenced)
    base = job.referenced;
  else if (job.previous)
    base = job.previous->image;
  bool edit = job.action == "edit" || (job.action == "auto" && base);
  if (edit && !base)
    return error_reply (invalid_request ("tools", "invalid_value",
                                         "The image_generation tool was asked to edit, but there "
                                         "is no image in the input or the conversation."));
  const ImageSettings &s = job.settings;
  if (edit && job.mask && (job.mask->width != base->width || job.mask->height != base->height))
    return error_reply (invalid_request (
        "tools", "invalid_value",
        "Invalid mask: the input_image_mask is " + std::to_string (job.mask->width) + "x"
            + std::to_string (job.mask->height) + " but the image to edit is "
            + std::to_string (base->width) + "x" + std::to_string (base->height) + "."));

  std::uint64_t seed = prompt_seed (job.prompt);
  auto image = std::make_shared<RgbaImage> (
      edit ? edit_image (*base, job.mask ? &*job.mask : nullptr, seed, s.width, s.height,
                         s.transparent ())
           : synthesize_image (seed, s.width, s.height, s.transparent ()));
  auto b64 = encode_final_image (*image, s, defect);
  if (!b64)
    return server_error_reply (b64.error ());

  std::string call_id = random_id ("ig_");
  stored->call_id = call_id;
  stored->image = image;
  if (job.store)
    store.put (stored);

  if (!job.stream)
    return json_reply (json_object_to_string (
        response_object (job, id, created, "completed",
                         one_item (image_call_item (call_id, "completed", &*b64, job.prompt)), true)
            .get ()));

  Reply reply;
  reply.stream = true;
  SseWriter sse;
  EventSequence events (sse);
  events.emit_response ("response.created",
                        response_object (job, id, created, "in_progress", nullptr, false));
  events.emit_response ("response.in_progress",
                        response_object (job, id, created, "in_progress", nullptr, false));
  events.emit_item ("response.output_item.added",
                    image_call_item (call_id, "in_progress", nullptr, job.prompt));
  events.emit_call ("response.image_generation_call.in_progress", call_id);
  events.emit_call ("response.image_generation_call.generating", call_id);
  for (int k = 0; k < s.partial_images; ++k)
    {
      auto partial = encode_base64_image (partial_preview (*image, k, s.partial_images), s);
      if (!partial)
        return server_error_reply (partial.error ());
      if (k == 0)
        {
          reply.drop_after = sse.size () + 1;
          reply.drop_splits_next = false;
        }
      JsonObjectPtr payload
          = EventSequence::payload ("response.image_generation_call.partial_image");
      json_object_set_int_member (payload.get (), "output_index", 0);
      json_object_set_string_member (payload.get (), "item_id", call_id.c_str ());
      json_object_set_int_member (payload.get (), "partial_image_index", k);
      json_object_set_string_member (payload.get (), "partial_image_b64", partial->c_str ());
      add_echo_fields (payload.get (), s);
      events.emit (std::move (payload));
    }
  events.emit_call ("response.image_generation_call.completed", call_id);
  if (s.partial_images == 0)
    {
      reply.drop_after = sse.size ();
      reply.drop_splits_next = true;
    }
  events.emit_item ("response.output_item.done",
                    image_call_item (call_id, "completed", &*b64, job.prompt));
  events.emit_response ("response.completed",
                        response_object (job, id, created, "completed",
                                         one_item (image_call_item (call_id, "completed", &*b64,
                                                                    job.prompt)),
                                         true));
  reply.events = sse.take ();

  // For a stream_error fault: response.failed replaces the rest of the stream.
  JsonObjectPtr failed = response_object (job, id, created, "failed", nullptr, false);
  JsonObjectPtr error = new_json_object ();
  json_object_set_string_member (error.get (), "code", "server_error");
  json_object_set_string_member (error.get (), "message",
                                 "The server had an error while generating the image.");
  set_object (failed.get (), "error", std::move (error));
  JsonObjectPtr payload = EventSequence::payload ("response.failed");
  set_object (payload.get (), "response", std::move (failed));
  json_object_set_int_member (payload.get (), "sequence_number",
                              static_cast<gint64> (reply.drop_after));
  SseWriter failure_events;
  failure_events.event ("response.failed", json_object_to_string (payload.get ()));
  reply.failure_events = failure_events.take ();
  return reply;
}

} // namespace

Reply
handle_response (std::string_view content_type, std::string_view body, ResponseStore &store,
                 ImageDefect defect)
{
  auto root = parse_json_request (content_type, body);
  if (!root)
    return error_reply (root.error ());
  Fields fields (json_node_get_object (root->get ()));
  auto job = check_request (fields, store);
  if (!job)
    return error_reply (job.error ());
  return answer (*job, store, defect);
}

} // namespace gptimage::testing
