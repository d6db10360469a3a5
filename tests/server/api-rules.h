// Strict request checks shared by the three routes: typed access to a request's members (with
// the API's error wording), and the image settings every route carries (size, quality,
// background, formats, ...), checked against the model's rules.
#pragma once

#include "model-rules.h"

#include "gptimage/error.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/image-codec.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gptimage::testing {

inline constexpr long long max_prompt_chars = 32000;

// The members of one JSON object. `prefix` is put before member names in error params, e.g.
// "tools[0]." for the Responses tool. A member whose value is null counts as absent.
class Fields
{
public:
  explicit Fields (JsonObject *object, std::string prefix = {});

  // 400 unknown_parameter for the first member not in `allowed`.
  Status only (std::initializer_list<std::string_view> allowed) const;
  // Present with a non-null value.
  bool has (std::string_view name) const;
  // Present, null or not.
  bool present (std::string_view name) const;
  JsonNode *node (std::string_view name) const; // null when absent
  std::string param (std::string_view name) const { return prefix_ + std::string (name); }

  Result<std::optional<std::string>> string (std::string_view name) const;
  Result<std::optional<std::string>> choice (std::string_view name,
                                             const std::vector<std::string_view> &allowed) const;
  Result<std::optional<long long>> integer (std::string_view name, long long min,
                                            long long max) const;
  Result<std::optional<bool>> boolean (std::string_view name) const;

private:
  JsonObject *object_;
  std::string prefix_;
};

struct ImageSettings
{
  std::string model;
  ModelRules rules;
  int width = 1024; // "auto" renders 1024x1024
  int height = 1024;
  std::string quality = "auto";
  std::string output_format = "png";
  ImageFormat format = ImageFormat::png;
  int compression = 100;
  std::string background = "auto";
  std::string moderation = "auto";
  std::string input_fidelity; // empty when not sent
  std::string complexity;     // empty when not sent
  int partial_images = 0;

  std::string size_text () const;       // "WIDTHxHEIGHT"
  std::string quality_echo () const;    // what the API reports back: auto becomes high
  std::string background_echo () const; // auto becomes opaque
  bool transparent () const { return background == "transparent"; }
};

struct ImageSize
{
  int width = 0;
  int height = 0;
};

// "auto" (1024x1024) or WIDTHxHEIGHT by the model's size rules.
Result<ImageSize> check_size (std::string_view value, const ModelRules &rules, std::string param);

// Whether a Content-Type value names `expected` (parameters and case aside).
bool media_type_is (std::string_view content_type, const char *expected);

// A JSON request body: Content-Type application/json and a JSON object, else the API's 400.
Result<JsonNodePtr> parse_json_request (std::string_view content_type, std::string_view body);

// `model`: a required string; retired and unknown gpt-image ids answer 404 model_not_found.
Result<std::string> check_model (const Fields &fields);

// `prompt`: a required string of 1..32000 characters.
Result<std::string> check_prompt (const Fields &fields);

// Reads size, quality, background, output_format, output_compression, moderation,
// partial_images, input_fidelity and complexity where present (which of them a route allows is
// the route's business) and applies the model's rules. Model-rule errors name `rule_param`
// when it is set (the Responses tool reports "tools"), else the member itself.
Result<ImageSettings> check_image_settings (const Fields &fields, std::string model,
                                            std::string_view rule_param = {});

} // namespace gptimage::testing
