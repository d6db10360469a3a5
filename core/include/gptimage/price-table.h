// What GPT Image calls cost: token prices per model and the per-image output token counts
// OpenAI publishes, dated and with their source. cost.h turns them into dollars.
#pragma once

#include "gptimage/image-size.h"

#include <optional>
#include <string_view>
#include <vector>

namespace gptimage {

// When the table was last checked against its source, and the source.
inline constexpr std::string_view kPriceTableDate = "2026-10-31";
inline constexpr std::string_view kPriceTableSource
    = "OpenAI pricing and image generation guide, as collected in "
      "shared/docs/openai-images-api.md section 6";

// US dollars per million tokens; nullopt where the source gives no price.
struct TokenPrices
{
  std::optional<double> text_input;
  std::optional<double> image_input;
  std::optional<double> image_output;
};

// Output tokens of one image at one quality and size, as the guide or its calculator gives
// them.
struct OutputTokenReading
{
  std::string_view quality;
  PixelSize size;
  long tokens = 0;
};

struct ModelPrices
{
  std::string_view family; // as in the capability table (models.h)
  TokenPrices tokens;
  std::vector<OutputTokenReading> readings;
};

// The prices of `model`'s family (snapshots match their alias), or null when the source gives
// none (e.g. gpt-image-2.6, an OpenAI-compatible endpoint's own model).
const ModelPrices *model_prices (std::string_view model);

// Output tokens the API adds for each streamed partial image.
inline constexpr long kTokensPerPartialImage = 100;

} // namespace gptimage
