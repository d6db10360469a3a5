#include "gptimage/price-table.h"

#include "gptimage/models.h"

namespace gptimage {

namespace {

// Facts: shared/docs/openai-images-api.md §6. Per-image tokens are the guide's dollar figures
// divided by the output price, or the calculator's readings where it gives tokens.
const std::vector<ModelPrices> &
price_table ()
{
  static const std::vector<ModelPrices> table = [] {
    const TokenPrices v2_tokens { 5.0, 8.0, 30.0 };
    const std::vector<OutputTokenReading> v2_readings = {
      { "low", { 1024, 1024 }, 196 },      // calculator
      { "low", { 1536, 1024 }, 167 },      // $0.005
      { "low", { 1024, 1536 }, 167 },      // $0.005
      { "medium", { 1024, 1024 }, 1767 },  // $0.053
      { "medium", { 1536, 1024 }, 1367 },  // $0.041
      { "medium", { 1024, 1536 }, 1367 },  // $0.041
      { "high", { 1024, 1024 }, 7024 },    // calculator ($0.211)
      { "high", { 1536, 1024 }, 5488 },    // calculator ($0.165)
      { "high", { 1024, 1536 }, 5488 },    // $0.165
      { "high", { 2048, 2048 }, 14272 },   // calculator
      { "high", { 3840, 2160 }, 13342 },   // calculator
    };
    // The older models' table: 1024x1024, 1024x1536, 1536x1024.
    const std::vector<OutputTokenReading> v15_readings = {
      { "low", { 1024, 1024 }, 272 },     { "low", { 1024, 1536 }, 408 },
      { "low", { 1536, 1024 }, 400 },     { "medium", { 1024, 1024 }, 1056 },
      { "medium", { 1024, 1536 }, 1584 }, { "medium", { 1536, 1024 }, 1568 },
      { "high", { 1024, 1024 }, 4160 },   { "high", { 1024, 1536 }, 6240 },
      { "high", { 1536, 1024 }, 6208 },
    };
    return std::vector<ModelPrices>{
      { "gpt-image-2", v2_tokens, v2_readings },
      // Same token prices as gpt-image-2; the calculator does not estimate 2.5's token counts,
      // so its estimates are gpt-image-2's (and none for xhigh and max).
      { "gpt-image-2.5", v2_tokens, v2_readings },
      // No text input price is given for 1.5.
      { "gpt-image-1.5", { std::nullopt, 8.0, 32.0 }, v15_readings },
    };
  }();
  return table;
}

} // namespace

const ModelPrices *
model_prices (std::string_view model)
{
  const ModelCapabilities &caps = model_capabilities (model);
  if (!caps.known)
    return nullptr;
  for (const auto &entry : price_table ())
    if (entry.family == caps.family)
      return &entry;
  return nullptr;
}

} // namespace gptimage
