// The test server's own table of image models. It is written independently of the core's
// table on purpose: the server exists to catch the client's mistakes, so it must not share
// them.
#pragma once

#include <string_view>
#include <vector>

namespace gptimage::testing {

enum class ModelFamily
{
  gpt_image_2,      // gpt-image-2 and its dated snapshots
  gpt_image_2_5,    // gpt-image-2.5-flare, gpt-image-2.5-sunburst (and snapshots)
  gpt_image_2_6,    // gpt-image-2.6-*
  gpt_image_1_5,    // gpt-image-1.5 (and snapshots), chatgpt-image-latest
  gpt_image_1_mini, // gpt-image-1-mini (and snapshots)
  retired,          // gpt-image-1, dall-e-2, dall-e-3: shut down, 404 model_not_found
  unknown_image,    // gpt-image-<anything else>: 404 model_not_found
  other,            // not an image model we know: only the generic checks
};

struct ModelRules
{
  ModelFamily family = ModelFamily::other;
  bool image_model = false;   // may not be the top-level model of /v1/responses
  bool custom_sizes = false;  // WIDTHxHEIGHT within the gpt-image-2 limits
  bool fixed_sizes = false;   // only 1024x1024, 1536x1024, 1024x1536, auto
  bool transparent = true;    // background=transparent allowed
  bool input_fidelity = true; // input_fidelity allowed
  bool complexity = false;    // complexity low/medium/high allowed
  bool response_format = true; // dall-e style response_format allowed
  std::vector<std::string_view> qualities;
};

ModelRules model_rules (std::string_view model);

// True for the families a client must not reach at all (404).
bool model_not_found (const ModelRules &rules);

} // namespace gptimage::testing
