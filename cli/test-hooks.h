// Hooks for the end-to-end tests only; users never set them.
#pragma once

namespace gptimage::cli {

// GPT_IMAGE_TEST_PAUSE_BEFORE_WRITE_MS=N (test-only): after the request ended and before the
// final images are written, say "gpt-image: test pause before writing" on stderr and sleep N ms
// (at most 60000), so that a test can send a signal or break the output folder in that window.
void pause_before_writing_for_tests ();

} // namespace gptimage::cli
