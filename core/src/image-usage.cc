#include "gptimage/image-usage.h"

#include "json-serialize.h"

namespace gptimage {

namespace {

std::optional<long long>
count_member (JsonObject *object, const char *name)
{
  if (!object || !json_object_has_member (object, name))
    return std::nullopt;
  JsonNode *node = json_object_get_member (object, name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return std::nullopt;
  gint64 value = json_node_get_int (node);
  if (value < 0)
    return std::nullopt;
  return value;
}

JsonObject *
object_member (JsonObject *object, const char *name)
{
  if (!json_object_has_member (object, name))
    return nullptr;
  JsonNode *node = json_object_get_member (object, name);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : nullptr;
}

} // namespace

std::optional<ImageUsage>
parse_image_usage (std::string_view usage_json)
{
  if (usage_json.empty ())
    return std::nullopt;
  JsonNodePtr root = parse_json (usage_json.data (), usage_json.size ());
  if (!root || !JSON_NODE_HOLDS_OBJECT (root.get ()))
    return std::nullopt;
  return image_usage_from_object (json_node_get_object (root.get ()));
}

std::optional<ImageUsage>
image_usage_from_object (JsonObject *usage)
{
  auto input = count_member (usage, "input_tokens");
  auto output = count_member (usage, "output_tokens");
  auto total = count_member (usage, "total_tokens");
  if (!input && !output && !total)
    return std::nullopt;
  ImageUsage parsed;
  parsed.input_tokens = input.value_or (0);
  parsed.output_tokens = output.value_or (0);
  parsed.total_tokens = total.value_or (parsed.input_tokens + parsed.output_tokens);
  JsonObject *in = object_member (usage, "input_tokens_details");
  parsed.input_text_tokens = count_member (in, "text_tokens");
  parsed.input_image_tokens = count_member (in, "image_tokens");
  JsonObject *out = object_member (usage, "output_tokens_details");
  parsed.output_image_tokens = count_member (out, "image_tokens");
  parsed.output_text_tokens = count_member (out, "text_tokens");
  return parsed;
}

} // namespace gptimage
