// What `gpt-image` prints: the files it wrote (text or --json on stdout) and errors (stderr).
#pragma once

#include "image-writer.h"

#include "gptimage/api-result.h"
#include "gptimage/error.h"
#include "gptimage/pipeline.h"

#include <string>
#include <vector>

namespace gptimage::cli {

// `result` is null when the request failed; the files that were kept are still listed.
// `warnings` go into the JSON document (the caller prints them on stderr). With `run` (the
// request `result` answers), each final file gets its provenance in the JSON document, and the
// text ends with the cost of the request beside its estimate.
void print_summary (const std::vector<WrittenFile> &files, const ApiResult *result, bool json,
                    const std::vector<std::string> &warnings = {},
                    const PreparedRun *run = nullptr);

// Prints the error on stderr (and as JSON on stdout with --json, listing the files kept and
// the warnings); returns the exit code.
int report_error (const Error &error, bool json, const std::vector<WrittenFile> &kept = {},
                  const std::vector<std::string> &warnings = {});

} // namespace gptimage::cli
