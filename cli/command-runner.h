// Runs one `gpt-image` command: configuration, validation, dry run or request, output, summary.
#pragma once

#include "cli-args.h"
#include "exit-code.h"

namespace gptimage::cli {

// Returns the process exit code.
int run_command (const CliArgs &args);

} // namespace gptimage::cli
