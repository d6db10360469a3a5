#include "gptimage/provenance.h"

#include "gptimage/i18n.h"

#include "gptimage/glib-ptr.h"
#include "gptimage/models.h"
#include "gptimage/price-table.h"
#include "gptimage/secret-redaction.h"

#include "json-serialize.h"

namespace gptimage {

namespace {

std::string
without_key (std::string text, const std::string &key)
{
  if (key.size () < kMinRedactedSecretSize)
    return text;
  if (auto redacted = redact_secret (text, key))
    return std::move (*redacted);
  return text;
}

std::string
utc_now ()
{
  DateTimePtr now (g_date_time_new_now_utc ());
  CharPtr text (g_date_time_format (now.get (), "%Y-%m-%dT%H:%M:%SZ"));
  return text ? text.get () : "";
}

void
add_text (JsonBuilder *builder, const char *name, const std::string &value)
{
  if (value.empty ())
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value.c_str ());
}

void
add_count (JsonBuilder *builder, const char *name, std::optional<long long> value)
{
  if (!value)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, *value);
}

void
add_flag (JsonBuilder *builder, const char *name, bool value)
{
  if (!value)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, TRUE);
}

void
add_usage (JsonBuilder *builder, const ImageUsage &usage)
{
  json_builder_set_member_name (builder, "usage");
  json_builder_begin_object (builder);
  add_count (builder, "input_tokens", usage.input_tokens);
  add_count (builder, "output_tokens", usage.output_tokens);
  add_count (builder, "total_tokens", usage.total_tokens);
  if (usage.input_text_tokens || usage.input_image_tokens)
    {
      json_builder_set_member_name (builder, "input_tokens_details");
      json_builder_begin_object (builder);
      add_count (builder, "text_tokens", usage.input_text_tokens);
      add_count (builder, "image_tokens", usage.input_image_tokens);
      json_builder_end_object (builder);
    }
  if (usage.output_image_tokens || usage.output_text_tokens)
    {
      json_builder_set_member_name (builder, "output_tokens_details");
      json_builder_begin_object (builder);
      add_count (builder, "image_tokens", usage.output_image_tokens);
      add_count (builder, "text_tokens", usage.output_text_tokens);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

// {"usd": 0.211 or null, "text": "$0.211", "approximate": true, ...}
void
add_cost (JsonBuilder *builder, const char *name, const Cost &cost)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "usd");
  if (cost.dollars)
    json_builder_add_double_value (builder, *cost.dollars);
  else
    json_builder_add_null_value (builder);
  add_text (builder, "text", format_cost (cost));
  add_flag (builder, "approximate", cost.approximate);
  add_flag (builder, "at_most", cost.at_most);
  add_flag (builder, "plus_input_images", cost.plus_input_images);
  add_flag (builder, "plus_text_model", cost.plus_text_model);
  json_builder_end_object (builder);
}

JsonNode *
member_of (JsonObject *object, const char *name)
{
  return object && json_object_has_member (object, name) ? json_object_get_member (object, name)
                                                          : nullptr;
}

JsonObject *
object_of (JsonObject *object, const char *name)
{
  JsonNode *node = member_of (object, name);
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : nullptr;
}

std::string
text_of (JsonObject *object, const char *name)
{
  JsonNode *node = member_of (object, name);
  if (!node || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return {};
  return json_node_get_string (node);
}

std::optional<long long>
count_of (JsonObject *object, const char *name)
{
  JsonNode *node = member_of (object, name);
  if (!node || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return std::nullopt;
  return json_node_get_int (node);
}

bool
flag_of (JsonObject *object, const char *name)
{
  JsonNode *node = member_of (object, name);
  return node && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

Cost
cost_of (JsonObject *object, const char *name)
{
  Cost cost;
  JsonObject *held = object_of (object, name);
  if (!held)
    return cost;
  JsonNode *usd = member_of (held, "usd");
  if (usd && JSON_NODE_HOLDS_VALUE (usd))
    cost.dollars = json_node_get_double (usd); // an integer amount reads as a double too
  cost.approximate = flag_of (held, "approximate");
  cost.at_most = flag_of (held, "at_most");
  cost.plus_input_images = flag_of (held, "plus_input_images");
  cost.plus_text_model = flag_of (held, "plus_text_model");
  return cost;
}

} // namespace

std::string
image_model_of (const PreparedRun &run)
{
  if (run.request.route != Route::responses)
    return run.settings.image_model;
  return run.settings.tool_model.empty () ? std::string (kDefaultToolModel)
                                          : run.settings.tool_model;
}

Cost
estimate_run_cost (const PreparedRun &run)
{
  const std::string model = image_model_of (run);
  CostQuery query;
  query.route = run.request.route;
  query.model = model;
  query.quality = run.settings.image.quality;
  query.size = run.settings.image.size;
  query.n = run.settings.image.n.value_or (1);
  query.partial_images = run.request.stream ? run.settings.image.partial_images.value_or (0) : 0;
  return estimate_cost (query);
}

Provenance
make_provenance (const PreparedRun &run, const ApiResult &result, const GeneratedImage &image,
                 std::string_view generator)
{
  const std::string &key = run.settings.api_key;
  Provenance p;
  p.generator = generator;
  p.created_at = utc_now ();
  p.route = route_name (run.request.route);
  p.model = without_key (image_model_of (run), key);
  if (run.request.route == Route::responses)
    p.text_model = without_key (run.settings.responses_model, key);
  p.prompt = without_key (run.values.get (Param::prompt).value_or (""), key);
  p.revised_prompt = without_key (image.revised_prompt, key);
  p.size = without_key (image.size.empty () ? run.settings.image.size : image.size, key);
  p.quality = run.settings.image.quality;
  p.output_format = image.output_format.empty () ? run.settings.image.output_format
                                                 : image.output_format;
  p.background = run.settings.image.background;
  p.n = run.request.route == Route::responses ? 1 : run.settings.image.n.value_or (1);
  p.image_index = image.index;
  p.response_id = without_key (result.response_id, key);
  p.request_id = without_key (result.request_id, key);
  p.usage = parse_image_usage (result.usage_json);
  if (p.usage)
    p.cost = usage_cost (p.model, run.request.route, *p.usage);
  p.estimate = estimate_run_cost (run);
  p.price_table_date = kPriceTableDate;
  return p;
}

std::string
provenance_json (const Provenance &p, bool pretty)
{
  ObjectPtr<JsonBuilder> builder (json_builder_new ());
  JsonBuilder *b = builder.get ();
  json_builder_begin_object (b);
  add_text (b, "generator", p.generator);
  add_text (b, "created_at", p.created_at);
  add_text (b, "route", p.route);
  add_text (b, "model", p.model);
  add_text (b, "text_model", p.text_model);
  add_text (b, "prompt", p.prompt);
  add_text (b, "revised_prompt", p.revised_prompt);
  add_text (b, "size", p.size);
  add_text (b, "quality", p.quality);
  add_text (b, "output_format", p.output_format);
  add_text (b, "background", p.background);
  add_count (b, "n", p.n);
  add_count (b, "image_index", p.image_index);
  add_text (b, "response_id", p.response_id);
  add_text (b, "request_id", p.request_id);
  if (p.usage)
    add_usage (b, *p.usage);
  add_cost (b, "cost", p.cost);
  add_cost (b, "estimate", p.estimate);
  add_text (b, "price_table", p.price_table_date);
  json_builder_end_object (b);
  JsonNodePtr root (json_builder_get_root (b));
  return json_to_string (root.get (), pretty);
}

Result<Provenance>
parse_provenance (std::string_view json)
{
  std::string reason;
  JsonNodePtr root = parse_json (json.data (), json.size (), &reason);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root.get ()))
    {
      if (reason.empty ())
        return Error::protocol_error (_("the provenance is not a JSON object"));
      return Error::protocol_error (
        /* Translators: %s is the JSON parser's reason. */
        printf_string (_("the provenance is not a JSON object: %s"), reason.c_str ()));
    }
  JsonObject *o = json_node_get_object (root.get ());
  Provenance p;
  p.generator = text_of (o, "generator");
  p.created_at = text_of (o, "created_at");
  p.route = text_of (o, "route");
  p.model = text_of (o, "model");
  p.text_model = text_of (o, "text_model");
  p.prompt = text_of (o, "prompt");
  p.revised_prompt = text_of (o, "revised_prompt");
  p.size = text_of (o, "size");
  p.quality = text_of (o, "quality");
  p.output_format = text_of (o, "output_format");
  p.background = text_of (o, "background");
  p.n = static_cast<int> (count_of (o, "n").value_or (1));
  p.image_index = static_cast<int> (count_of (o, "image_index").value_or (0));
  p.response_id = text_of (o, "response_id");
  p.request_id = text_of (o, "request_id");
  if (JsonObject *usage = object_of (o, "usage"))
    p.usage = image_usage_from_object (usage);
  p.cost = cost_of (o, "cost");
  p.estimate = cost_of (o, "estimate");
  p.price_table_date = text_of (o, "price_table");
  if (p.prompt.empty () && p.route.empty ())
    return Error::protocol_error (_("the provenance names no route and no prompt"));
  return p;
}

} // namespace gptimage
