// The `usage` object of an answer, as numbers: what the request was billed for.
#pragma once

#include <json-glib/json-glib.h>

#include <optional>
#include <string_view>

namespace gptimage {

struct ImageUsage
{
  long long input_tokens = 0;
  long long output_tokens = 0;
  long long total_tokens = 0;
  // input_tokens_details / output_tokens_details, when the answer gave them.
  std::optional<long long> input_text_tokens;
  std::optional<long long> input_image_tokens;
  std::optional<long long> output_image_tokens;
  std::optional<long long> output_text_tokens;
};

// Reads the compact JSON ApiResult::usage_json holds; nullopt when it is empty, not an object or
// has no token counts. Negative or non-integer counts count as absent.
std::optional<ImageUsage> parse_image_usage (std::string_view usage_json);

// The same from a parsed `usage` object (provenance keeps usage in the API's own shape).
std::optional<ImageUsage> image_usage_from_object (JsonObject *usage);

} // namespace gptimage
