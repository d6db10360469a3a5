// Runs one core request for a procedure: configuration exactly as the CLI reads it, the key
// check, the transport call with GIMP progress, and errors turned into PDB errors whose text
// says what to do.
#pragma once

#include "gptimage/api-result.h"
#include "gptimage/config.h"
#include "gptimage/error.h"
#include "gptimage/image-codec.h"
#include "gptimage/pipeline.h"
#include "gptimage/request.h"

#include <libgimp/gimp.h>

namespace gptimage::gimp3 {

// The plug-in's configuration: the environment GIMP started with and the config file, never a
// .env file (one in the folder GIMP was started from could send the key elsewhere).
ConfigInputs plugin_config ();
Result<Settings> load_plugin_settings ();

// The core pipeline for a procedure's run: the plug-in's configuration, the arguments given
// (`inputs.config.given`) and what the run read from the image.
Result<PreparedRun> prepare_plugin_run (RunInputs inputs);

// Sends `request` and waits for the answer; partial images advance the progress bar. The key
// must be set (checked here, before any I/O).
// expected_partials sizes the progress steps (0: it pulses).
Result<ApiResult> run_request (const Settings &settings, const HttpRequest &request,
                               const std::string &progress_label, int expected_partials);

// What a procedure gets back: the final images decoded in memory, and the response id
// (Responses route only).
struct DecodedAnswer
{
  std::vector<RgbaImage> images;
  std::string response_id;
};

// The common tail of every procedure's fetch: takes the request as built (or the error building
// it gave), sends it with run_request and decodes the images, all before the image is touched.
Result<DecodedAnswer> send_and_decode (const Result<PreparedRun> &run,
                                       const std::string &progress_label);

// The error as a PDB execution error with advice for the user (never containing the key).
GimpValueArray *error_return (GimpProcedure *procedure, const Error &error);
// A plain message as an execution error (e.g. "this procedure needs an image").
GimpValueArray *error_return (GimpProcedure *procedure, const std::string &message);

// One line of advice for the error, as shown to the user.
std::string explain_error (const Error &error);

} // namespace gptimage::gimp3
