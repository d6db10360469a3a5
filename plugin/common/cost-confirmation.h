// Asks before an interactive run whose estimate is above OPENAI_IMAGE_CONFIRM_ABOVE (the
// parameter table's confirm_above): a Yes/No question in the host's window. Runs without a
// window (scripts, batch mode) never ask: whoever scripts a run has chosen to pay for it, and
// there is nobody to answer. The CLI has no such question either.
#pragma once

#include "request-host.h"

#include "gptimage/config.h"
#include "gptimage/cost.h"
#include "gptimage/error.h"
#include "gptimage/pipeline.h"

#include <optional>
#include <string>

namespace gptimage::plugin {

// The question for `estimate` over `threshold`; "" when the estimate is unknown or not above it.
std::string cost_question (const Cost &estimate, double threshold);

// Checks the threshold, and while the host has a window asks when the run's estimate is above
// it. A No ends the run as cancelled by the user (nothing is sent).
Status confirm_run_cost (const PreparedRun &run, RequestHost &host);

} // namespace gptimage::plugin
