// The cost a dialog shows before sending: the price table applied to the values being edited,
// the configuration standing in for those left to it.
#pragma once

#include "gptimage/config.h"
#include "gptimage/cost.h"
#include "gptimage/image-size.h"
#include "gptimage/parameter.h"

#include <map>
#include <optional>
#include <string>

namespace gptimage::plugin {

// `given` as given_values returns it, with the size a run on the image would request
// (requested-size.h); left-out rows: the configuration's `configured`.
Cost preview_cost (const std::map<Param, std::string> &given, Route route,
                   const Settings &configured);

// One translated line, e.g. "Estimated cost: up to $0.211 (plus the input images)".
std::string cost_preview_text (const Cost &cost);

// One translated line after the run: "Cost: $0.125", or "" when the usage could not be priced.
std::string cost_result_text (const Cost &cost);

// What the run cost beside what was estimated, for the progress window's final state:
// "Cost: $0.125 (estimated up to $0.211)." (an unpriced usage says "unknown").
std::string cost_outcome_text (const Cost &cost, const Cost &estimate);

} // namespace gptimage::plugin
