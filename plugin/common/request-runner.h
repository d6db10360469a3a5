// Runs one core request for a procedure: configuration exactly as the CLI reads it, the key
// check, the transport call through the host (request-host.h), decoding, the rescue of paid
// results after a failure, and errors turned into text that says what to do.
#pragma once

#include "arrived-results.h"
#include "request-host.h"

#include "gptimage/api-result.h"
#include "gptimage/config.h"
#include "gptimage/error.h"
#include "gptimage/image-codec.h"
#include "gptimage/pipeline.h"
#include "gptimage/request.h"
#include "gptimage/result-check.h"

#include <string>
#include <vector>

namespace gptimage::plugin {

// The plug-in's configuration: the environment GIMP started with and the config file, never a
// .env file (one in the folder GIMP was started from could send the key elsewhere).
ConfigInputs plugin_config ();
Result<Settings> load_plugin_settings ();

// The core pipeline for a procedure's run: the plug-in's configuration, the arguments given
// (`inputs.config.given`) and what the run read from the image.
Result<PreparedRun> prepare_plugin_run (RunInputs inputs);

// Sends `request` through the host and waits for the answer; every final image also goes to
// `arrived` as it arrives. The key must be set (checked here, before any I/O). An answer
// without images is an error.
Result<ApiResult> run_request (const Settings &settings, const HttpRequest &request,
                               const std::string &progress_label, int expected_partials,
                               RequestHost &host, ArrivedResults &arrived);

// Checks and decodes every final image in memory (it must decode as the format it claims),
// before the image is touched.
Result<std::vector<RgbaImage>> decode_results (const ApiResult &result,
                                               const RequestedImage &requested);

// What a procedure gets back: the final images decoded in memory, the provenance of each (compact
// JSON, provenance.h, in the same order; it holds the cost of the request) and the response id
// (Responses route only).
struct DecodedAnswer
{
  std::vector<RgbaImage> images;
  std::vector<std::string> provenance;
  std::string response_id;
  std::string prompt; // as sent, with the key taken out: what layer names may show
};

// The provenance's generator, e.g. "gpt-image-gimp 0.1.0".
std::string plugin_generator ();

// The common tail of every procedure's fetch: takes the request as built (or the error building
// it gave), sends it with run_request, saves each final image to the results folder as it
// arrives and its provenance beside it, and decodes the images, all before the image is
// touched.
Result<DecodedAnswer> send_and_decode (const Result<PreparedRun> &run,
                                       const std::string &progress_label, RequestHost &host);

// One line of advice for the error, as shown to the user (never containing the key).
std::string explain_error (const Error &error);

} // namespace gptimage::plugin
