// What a run will cost (before sending, from the price table) and what it did cost (from the
// answer's usage), in US dollars.
#pragma once

#include "gptimage/config.h"
#include "gptimage/error.h"
#include "gptimage/image-usage.h"
#include "gptimage/route.h"

#include <optional>
#include <string>
#include <string_view>

namespace gptimage {

struct Cost
{
  std::optional<double> dollars; // nullopt: unknown (no price for this model or quality)
  bool approximate = false;      // scaled from the nearest published size
  bool at_most = false;          // quality auto, priced as high
  bool plus_input_images = false; // an edit's input images are billed on top (before sending)
  bool plus_text_model = false;   // Responses: the text model's tokens are billed on top
};

struct CostQuery
{
  Route route = Route::generations;
  std::string_view model;   // the image model (on Responses, the tool's)
  std::string_view quality; // empty or auto: priced as high
  std::string_view size;    // empty or auto: priced as 1024x1024
  int n = 1;
  int partial_images = 0;
};

// The estimate shown before sending: output tokens of each image from the price table's
// readings, plus each partial image's tokens, at the model's output price.
Cost estimate_cost (const CostQuery &query);

// The cost of the answer's usage at `model`'s token prices. Unknown when a billed kind of token
// has no price, and on Responses, whose usage counts the text model's tokens.
Cost usage_cost (std::string_view model, Route route, const ImageUsage &usage);

// The confirm_above setting read as US dollars: unset or "never": none; otherwise an amount
// >= 0, else an error naming the config key. The plug-in asks before runs estimated above it.
Result<std::optional<double>> confirm_threshold (const Settings &settings);

// "$0.211", or "$0.0059" below a cent (two significant digits).
std::string format_dollars (double dollars);

// "$0.211", "$0.0059", "~$0.17" (approximate), "up to $0.21" (at most), or "unknown": the
// same in every language, for files (the provenance JSON).
std::string format_cost (const Cost &cost);

// The amount for people, translated: "$0.211", "up to $0.211", "about $0.17" or "unknown".
std::string cost_in_words (const Cost &cost);

} // namespace gptimage
