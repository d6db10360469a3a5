// A small dialog of the plug-in's own that shows a running request: a progress bar, the elapsed
// time, the streamed partial images as a preview, and a Cancel button that aborts the HTTP
// request (GIMP's own status-bar cancel would kill the plug-in instead).
// Compiled by each front against its own libgimpui (GIMP 2.10: GTK 2; GIMP 3: GTK 3): the
// calls it makes exist in both.
#pragma once

#include "gptimage/api-result.h"
#include "gptimage/error.h"
#include "gptimage/request.h"
#include "gptimage/transport.h"

#include <string>

namespace gptimage::plugin {

// Sends `request` asynchronously while the GTK main loop keeps running; returns when the
// answer arrived, failed, or the user cancelled (ErrorKind::cancelled). gimp_ui_init must have
// run. expected_partials sizes the progress steps (0: the bar pulses). `also` (may be null) is
// told of each final image too.
Result<ApiResult> send_with_progress_dialog (const HttpRequest &request,
                                             const TransportOptions &options,
                                             const std::string &title, int expected_partials,
                                             TransportObserver *also);

} // namespace gptimage::plugin
