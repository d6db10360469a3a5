// Exit codes of `gpt-image`.
#pragma once

#include "gptimage/error.h"

namespace gptimage::cli {

enum ExitCode
{
  exit_success = 0,
  exit_failure = 1,       // API, HTTP, network or file error
  exit_usage = 2,         // usage, validation or configuration error
  exit_interrupted = 130, // Ctrl-C
};

inline int
exit_code_for (const Error &error)
{
  if (error.kind == ErrorKind::cancelled)
    return exit_interrupted;
  return error.is_user_error () ? exit_usage : exit_failure;
}

} // namespace gptimage::cli
