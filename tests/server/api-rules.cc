#include "api-rules.h"

#include "api-error.h"
#include "json-text.h"

#include <algorithm>
#include <cctype>

namespace gptimage::testing {

namespace {

bool
contains (const std::vector<std::string_view> &list, std::string_view value)
{
  return std::find (list.begin (), list.end (), value) != list.end ();
}

// Strict WIDTHxHEIGHT: digits without a leading zero, a lower-case x.
std::optional<ImageSize>
parse_size (std::string_view text)
{
  auto x = text.find ('x');
  if (x == std::string_view::npos)
    return std::nullopt;
  auto number = [] (std::string_view digits) -> int {
    if (digits.empty () || digits.size () > 5 || digits[0] == '0')
      return -1;
    int n = 0;
    for (char c : digits)
      {
        if (!std::isdigit (static_cast<unsigned char> (c)))
          return -1;
        n = n * 10 + (c - '0');
      }
    return n;
  };
  int w = number (text.substr (0, x));
  int h = number (text.substr (x + 1));
  if (w <= 0 || h <= 0)
    return std::nullopt;
  return ImageSize { w, h };
}

Error
size_error (std::string param, std::string_view value, std::string_view rule)
{
  return invalid_request (std::move (param), "invalid_value",
                          "Invalid size '" + std::string (value) + "': " + std::string (rule));
}

Error
model_rule_error (std::string param, std::string code, std::string message)
{
  return invalid_request (std::move (param), std::move (code), std::move (message));
}

} // namespace

bool
media_type_is (std::string_view content_type, const char *expected)
{
  std::string type (content_type.substr (0, content_type.find (';')));
  auto end = type.find_last_not_of (" \t");
  type.erase (end == std::string::npos ? 0 : end + 1);
  return g_ascii_strcasecmp (type.c_str (), expected) == 0;
}

Fields::Fields (JsonObject *object, std::string prefix)
  : object_ (object), prefix_ (std::move (prefix))
{
}

Status
Fields::only (std::initializer_list<std::string_view> allowed) const
{
  struct Scan
  {
    std::initializer_list<std::string_view> allowed;
    std::string first_unknown;
  } scan { allowed, {} };
  json_object_foreach_member (
      object_,
      [] (JsonObject *, const gchar *name, JsonNode *, gpointer data) {
        auto *s = static_cast<Scan *> (data);
        if (!s->first_unknown.empty ())
          return;
        if (std::find (s->allowed.begin (), s->allowed.end (), std::string_view (name))
            == s->allowed.end ())
          s->first_unknown = name;
      },
      &scan);
  if (!scan.first_unknown.empty ())
    return unknown_parameter (param (scan.first_unknown));
  return {};
}

JsonNode *
Fields::node (std::string_view name) const
{
  std::string key (name);
  return json_object_get_member (object_, key.c_str ());
}

bool
Fields::present (std::string_view name) const
{
  return node (name) != nullptr;
}

bool
Fields::has (std::string_view name) const
{
  JsonNode *n = node (name);
  return n && !JSON_NODE_HOLDS_NULL (n);
}

Result<std::optional<std::string>>
Fields::string (std::string_view name) const
{
  if (!has (name))
    return std::optional<std::string> ();
  JsonNode *n = node (name);
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return invalid_type (param (name), "a string", json_type_name (n));
  return std::optional<std::string> (json_node_get_string (n));
}

Result<std::optional<std::string>>
Fields::choice (std::string_view name, const std::vector<std::string_view> &allowed) const
{
  auto value = string (name);
  if (!value || !*value)
    return value;
  if (!contains (allowed, **value))
    return invalid_choice (param (name), **value, allowed);
  return value;
}

Result<std::optional<long long>>
Fields::integer (std::string_view name, long long min, long long max) const
{
  if (!has (name))
    return std::optional<long long> ();
  JsonNode *n = node (name);
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return invalid_type (param (name), "an integer", json_type_name (n));
  long long v = json_node_get_int (n);
  if (v < min || v > max)
    return integer_out_of_range (param (name), v, min, max);
  return std::optional<long long> (v);
}

Result<std::optional<bool>>
Fields::boolean (std::string_view name) const
{
  if (!has (name))
    return std::optional<bool> ();
  JsonNode *n = node (name);
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    return invalid_type (param (name), "a boolean", json_type_name (n));
  return std::optional<bool> (json_node_get_boolean (n) != FALSE);
}

std::string
ImageSettings::size_text () const
{
  return std::to_string (width) + "x" + std::to_string (height);
}

std::string
ImageSettings::quality_echo () const
{
  return quality == "auto" ? "high" : quality;
}

std::string
ImageSettings::background_echo () const
{
  return background == "auto" ? "opaque" : background;
}

Result<ImageSize>
check_size (std::string_view value, const ModelRules &rules, std::string param)
{
  if (value == "auto")
    return ImageSize { 1024, 1024 };
  if (rules.fixed_sizes)
    {
      static const std::vector<std::string_view> fixed
          = { "1024x1024", "1536x1024", "1024x1536", "auto" };
      if (!contains (fixed, value))
        return invalid_choice (std::move (param), value, fixed);
      return *parse_size (value);
    }
  auto size = parse_size (value);
  if (!size)
    return size_error (std::move (param), value,
                       "the size must be 'auto' or WIDTHxHEIGHT, for example '1024x1024'.");
  long long w = size->width, h = size->height;
  if (rules.custom_sizes)
    {
      if (w % 16 != 0 || h % 16 != 0)
        return size_error (std::move (param), value,
                           "width and height must both be divisible by 16.");
      if (std::max (w, h) > 3840)
        return size_error (std::move (param), value,
                           "the longest edge must be at most 3840 pixels.");
      if (std::max (w, h) > 3 * std::min (w, h))
        return size_error (std::move (param), value,
                           "the aspect ratio must be between 1:3 and 3:1.");
      if (w * h < 655360 || w * h > 8294400)
        return size_error (std::move (param), value,
                           "the total number of pixels must be between 655360 and 8294400.");
      return *size;
    }
  // A model we do not know: only keep the answer renderable.
  if (std::max (w, h) > 8192 || w * h > 8294400LL * 2)
    return size_error (std::move (param), value, "the size is too large.");
  return *size;
}

Result<JsonNodePtr>
parse_json_request (std::string_view content_type, std::string_view body)
{
  if (!media_type_is (content_type, "application/json"))
    return invalid_request ({}, "unsupported_content_type",
                            "Unsupported content type: '" + std::string (content_type)
                                + "'. This API method only accepts 'application/json' requests.");
  auto root = parse_json (body);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root->get ()))
    return invalid_request ({}, {},
                            "We could not parse the JSON body of your request. (HINT: This "
                            "likely means you aren't using your HTTP library correctly. The "
                            "OpenAI API expects a JSON payload, but what was sent was not valid "
                            "JSON.)");
  return std::move (root).value ();
}

Result<std::string>
check_model (const Fields &fields)
{
  auto model = fields.string ("model");
  if (!model)
    return model.error ();
  if (!*model)
    return missing_parameter (fields.param ("model"));
  if (model_not_found (model_rules (**model)))
    return api_error (404, "invalid_request_error", "model_not_found", {},
                      "The model `" + **model
                          + "` does not exist or you do not have access to it.");
  return **model;
}

Result<std::string>
check_prompt (const Fields &fields)
{
  auto prompt = fields.string ("prompt");
  if (!prompt)
    return prompt.error ();
  if (!*prompt)
    return missing_parameter (fields.param ("prompt"));
  long long chars = g_utf8_strlen ((*prompt)->c_str (), static_cast<gssize> ((*prompt)->size ()));
  if (chars < 1)
    return invalid_request (fields.param ("prompt"), "string_below_min_length",
                            "Invalid 'prompt': string too short. Expected a string with minimum "
                            "length 1, but got an empty string instead.");
  if (chars > max_prompt_chars)
    return invalid_request (fields.param ("prompt"), "string_above_max_length",
                            "Invalid 'prompt': string too long. Expected a string with maximum "
                            "length 32000, but got a string with length "
                                + std::to_string (chars) + " instead.");
  return **prompt;
}

Result<ImageSettings>
check_image_settings (const Fields &fields, std::string model, std::string_view rule_param)
{
  ImageSettings s;
  s.model = std::move (model);
  s.rules = model_rules (s.model);
  const ModelRules &rules = s.rules;
  auto rule = [&] (std::string_view member) {
    return rule_param.empty () ? fields.param (member) : std::string (rule_param);
  };

  auto size = fields.string ("size");
  if (!size)
    return size.error ();
  if (*size)
    {
      auto parsed = check_size (**size, rules, fields.param ("size"));
      if (!parsed)
        return parsed.error ();
      s.width = parsed->width;
      s.height = parsed->height;
    }

  auto quality = fields.choice ("quality", rules.qualities);
  if (!quality)
    return quality.error ();
  if (*quality)
    s.quality = **quality;

  auto format = fields.choice ("output_format", { "png", "jpeg", "webp" });
  if (!format)
    return format.error ();
  if (*format)
    s.output_format = **format;
  s.format = image_format_from_name (s.output_format);

  auto background = fields.choice ("background", { "transparent", "opaque", "auto" });
  if (!background)
    return background.error ();
  if (*background)
    s.background = **background;
  if (s.transparent () && !rules.transparent)
    return model_rule_error (rule ("background"), "invalid_value",
                             "Transparent background is not supported for this model.");
  if (s.transparent () && s.format == ImageFormat::jpeg)
    return model_rule_error (rule ("background"), "invalid_value",
                             "Transparent background requires output_format 'png' or 'webp'; "
                             "'jpeg' has no alpha channel.");

  auto compression = fields.integer ("output_compression", 0, 100);
  if (!compression)
    return compression.error ();
  if (*compression)
    {
      if (s.format == ImageFormat::png)
        return invalid_request (fields.param ("output_compression"), "invalid_value",
                                "output_compression is only supported for the 'jpeg' and 'webp' "
                                "output formats, not 'png'.");
      s.compression = static_cast<int> (**compression);
    }

  auto moderation = fields.choice ("moderation", { "low", "auto" });
  if (!moderation)
    return moderation.error ();
  if (*moderation)
    s.moderation = **moderation;

  auto partial = fields.integer ("partial_images", 0, 3);
  if (!partial)
    return partial.error ();
  if (*partial)
    s.partial_images = static_cast<int> (**partial);

  // The API refuses input_fidelity for these models even when its value is null.
  if (fields.present ("input_fidelity") && !rules.input_fidelity)
    return api_error (400, "image_generation_user_error", "invalid_input_fidelity_model",
                      rule ("input_fidelity"),
                      "The model '" + s.model + "' does not support the 'input_fidelity' parameter.");
  auto fidelity = fields.choice ("input_fidelity", { "high", "low" });
  if (!fidelity)
    return fidelity.error ();
  if (*fidelity)
    s.input_fidelity = **fidelity;

  if (fields.present ("complexity") && !rules.complexity)
    return unknown_parameter (fields.param ("complexity"));
  auto complexity = fields.choice ("complexity", { "low", "medium", "high" });
  if (!complexity)
    return complexity.error ();
  if (*complexity)
    s.complexity = **complexity;
  return s;
}

} // namespace gptimage::testing
