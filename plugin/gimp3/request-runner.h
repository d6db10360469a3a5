// Runs one core request for a procedure: configuration exactly as the CLI reads it, the key
// check, the transport call with GIMP progress, and errors turned into PDB errors whose text
// says what to do.
#pragma once

#include "gptimage/api-result.h"
#include "gptimage/config.h"
#include "gptimage/error.h"
#include "gptimage/request.h"

#include <libgimp/gimp.h>

namespace gptimage::gimp3 {

// load_config + resolve_settings (environment, .env, config file, defaults).
Result<Settings> load_plugin_settings ();

// Sends `request` and waits for the answer; partial images advance the progress bar. The key
// must be set (checked here, before any I/O).
// expected_partials sizes the progress steps (0: it pulses).
Result<ApiResult> run_request (const Settings &settings, const HttpRequest &request,
                               const std::string &progress_label, int expected_partials);

// The error as a PDB execution error with advice for the user (never containing the key).
GimpValueArray *error_return (GimpProcedure *procedure, const Error &error);
// A plain message as an execution error (e.g. "this procedure needs an image").
GimpValueArray *error_return (GimpProcedure *procedure, const std::string &message);

// One line of advice for the error, as shown to the user.
std::string explain_error (const Error &error);

} // namespace gptimage::gimp3
