#include "run-report.h"

#include "exit-code.h"
#include "summary.h"

#include "gptimage/i18n.h"

#include <cstdio>

namespace gptimage::cli {

int
report_run (const PreparedRun &run, const Result<ApiResult> &outcome, const ImageWriter &writer,
            const Status &written, const Status &saved, bool interrupted, bool json)
{
  const auto &files = writer.written ();
  const auto &warnings = writer.warnings ();
  for (const auto &warning : warnings)
    std::fprintf (stderr, "gpt-image: %s\n",
                  /* Translators: %s is the warning itself. */
                  printf_string (_("warning: %s"), warning.c_str ()).c_str ());

  auto fail = [&] (const Error &error) {
    print_summary (files, nullptr, json);
    return report_error (error, json, files, warnings);
  };
  if (!outcome)
    {
      // The request's failure is the error; where the images went must still be said.
      if (!written)
        std::fprintf (stderr, "gpt-image: %s\n", written.error ().describe ().c_str ());
      return fail (outcome.error ());
    }
  if (!written)
    return fail (written.error ());
  if (!saved)
    return fail (saved.error ());
  if (outcome->images.empty ())
    return report_error (Error { ErrorKind::protocol, _("the response contained no image"), {}, 0,
                                 {}, {}, outcome->request_id },
                         json, {}, warnings);
  if (interrupted)
    {
      Error stopped = Error::cancelled_error ();
      stopped.message = _("interrupted after the results were saved");
      return fail (stopped);
    }
  print_summary (files, &outcome.value (), json, warnings, &run);
  return exit_success;
}

} // namespace gptimage::cli
