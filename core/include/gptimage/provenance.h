// Where a result came from: the prompt, the settings, the ids, the usage and the cost of the
// request that made it. The plug-in keeps it on each result layer and beside each saved file;
// the CLI prints it with --json. It never holds the API key.
#pragma once

#include "gptimage/api-result.h"
#include "gptimage/cost.h"
#include "gptimage/error.h"
#include "gptimage/image-usage.h"
#include "gptimage/pipeline.h"

#include <optional>
#include <string>
#include <string_view>

namespace gptimage {

struct Provenance
{
  std::string generator;  // "gpt-image 0.1.0"
  std::string created_at; // when the answer arrived, UTC, e.g. 2026-11-26T04:12:21Z
  std::string route;      // generations | edits | responses
  std::string model;      // the image model (on Responses, the tool's)
  std::string text_model; // Responses only: the top-level model
  std::string prompt;
  std::string revised_prompt;
  std::string size; // as the API echoed it, else as asked
  std::string quality;
  std::string output_format;
  std::string background;
  int n = 1;           // images the request asked for
  int image_index = 0; // which of them, from 0
  std::string response_id;
  std::string request_id;
  std::optional<ImageUsage> usage; // of the whole request
  Cost cost;                       // of the whole request, from its usage
  Cost estimate;                   // what was estimated before sending
  std::string price_table_date;
};

// The provenance of `image`, one of the final images of `result`, the answer to `run`. The key
// of `run.settings` is redacted from every text (a prompt could quote it).
Provenance make_provenance (const PreparedRun &run, const ApiResult &result,
                            const GeneratedImage &image, std::string_view generator);

// The estimate for `run` before it is sent (estimate_cost with the run's model and options).
Cost estimate_run_cost (const PreparedRun &run);

// The image model `run` asks for: the image model, or on Responses the tool's.
std::string image_model_of (const PreparedRun &run);

// A JSON object (pretty or compact); numbers as numbers, unknown costs as null.
std::string provenance_json (const Provenance &provenance, bool pretty);

// Reads provenance_json's text back; members it does not know are ignored, so a later
// version's text still reads. An error names what is wrong.
Result<Provenance> parse_provenance (std::string_view json);

} // namespace gptimage
