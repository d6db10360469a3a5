// How a run that sent its request ends: what is printed, and the exit code.
#pragma once

#include "image-writer.h"

#include "gptimage/api-result.h"
#include "gptimage/error.h"
#include "gptimage/pipeline.h"

namespace gptimage::cli {

// `written` is what ImageWriter::write_finals returned, `saved` the --save-response outcome,
// `interrupted` whether Ctrl-C or SIGTERM came. What went wrong first wins: the request, then
// saving the images, then --save-response; an interruption after everything was saved exits
// 130 all the same, and says the results were saved.
// `run` is the request as sent (its provenance and cost are printed with the files).
int report_run (const PreparedRun &run, const Result<ApiResult> &outcome,
                const ImageWriter &writer, const Status &written, const Status &saved,
                bool interrupted, bool json);

} // namespace gptimage::cli
