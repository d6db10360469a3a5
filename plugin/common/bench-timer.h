// Test-only stage timings for bench/gimp-rows. When GPT_IMAGE_GIMP_BENCH_FILE names a file, a
// finished stage appends one line {"stage": "...", "us": ..., "bytes": ...} to it; when it is
// unset (as for every user) nothing is measured or written.
#pragma once

#include <cstddef>

namespace gptimage::plugin {

// The stages bench/gimp-rows reads.
inline constexpr const char *kBenchUpload = "upload"; // edit: layer and selection -> request body
inline constexpr const char *kBenchResult = "result"; // response in hand -> layers inserted

// Starts (or restarts) the stage's clock.
void bench_start (const char *stage);

// Appends the stage's line with the microseconds since bench_start; `bytes` as measured by the
// caller (0 when there is nothing to count). Does nothing for a stage that was not started.
void bench_finish (const char *stage, std::size_t bytes = 0);

} // namespace gptimage::plugin
