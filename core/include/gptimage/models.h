// The one model-capability table. Every rule that depends on the model is read from here.
#pragma once

#include "gptimage/image-size.h"

#include <string_view>
#include <vector>

namespace gptimage {

enum class SizeRule
{
  flexible,    // auto or WIDTHxHEIGHT: edges multiples of 16, edge <= 3840, ratio <= 3, pixel range
  fixed_three, // auto, 1024x1024, 1536x1024, 1024x1536 only
  generic,     // unknown model: auto or WIDTHxHEIGHT with positive integers
};

struct ModelCapabilities
{
  std::string_view family;   // "gpt-image-2", "gpt-image-2.5", "gpt-image-2.6", "gpt-image-1.5", ...
  bool known = false;        // false: an OpenAI-compatible endpoint's own model; generic checks only
  SizeRule size_rule = SizeRule::generic;
  std::vector<std::string_view> qualities; // empty for unknown models: any quality passes
  bool transparent_background = false;
  bool input_fidelity = false;
  bool complexity = false;
};

// Looks a model id up, matching dated snapshots (e.g. gpt-image-2-2026-04-21) to their alias.
const ModelCapabilities &model_capabilities (std::string_view model);

// The capabilities of every entry of the table, in table order.
std::vector<const ModelCapabilities *> known_model_capabilities ();

// The model ids of the table a user can pick, in table order (a family matched by prefix gives
// its released ids).
std::vector<std::string_view> known_model_ids ();

// True for ids that name a GPT image model (gpt-image-*, chatgpt-image-*), known or not.
bool is_gpt_image_model (std::string_view model);

// The image_generation tool's rules follow this model when no tool model is set.
inline constexpr std::string_view kDefaultToolModel = "gpt-image-2";

// The sizes of SizeRule::fixed_three besides "auto".
inline constexpr PixelSize kFixedSizes[] = { { 1024, 1024 }, { 1536, 1024 }, { 1024, 1536 } };

// Size limits of SizeRule::flexible.
inline constexpr int kSizeMultiple = 16;
inline constexpr int kMaxEdge = 3840;
inline constexpr int kMaxAspectRatio = 3;
inline constexpr long kMinPixels = 655360;
inline constexpr long kMaxPixels = 8294400;

} // namespace gptimage
