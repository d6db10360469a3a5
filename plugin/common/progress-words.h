// What a running request is doing, in plain words for the progress dialog and GIMP's status
// bar: "Server busy, retrying in 8 s" rather than the HTTP text of the failed attempt.
#pragma once

#include "gptimage/error.h"

#include <string>

namespace gptimage::plugin {

// Why an attempt is retried, for someone who does not read HTTP: busy (429, 503), a server
// error, a dropped connection, a timeout. `delay_seconds` is rounded up to whole seconds.
std::string retry_words (int attempt, double delay_seconds, const Error &reason);

} // namespace gptimage::plugin
