// What a GIMP front provides for running a request (G'MIC-Qt's model: one small host
// interface, one file per host that implements it): how the wait is shown. Everything else of
// a run (configuration, the key check, retries, decoding, rescue, error text) is common
// (request-runner.h).
#pragma once

#include "gptimage/api-result.h"
#include "gptimage/error.h"
#include "gptimage/request.h"
#include "gptimage/transport.h"

#include <string>

namespace gptimage::plugin {

class RequestHost
{
public:
  virtual ~RequestHost () = default;

  // True while an interactive run waits: the request then goes through send_in_window.
  virtual bool has_window () const = 0;
  // Sends the request in the host's own progress window (partial previews, elapsed time) and
  // waits, with a GLib main loop, for the answer; its Cancel aborts the request
  // (ErrorKind::cancelled). GIMP's status-bar Cancel would kill the plug-in instead. Every
  // event goes on to `observer` as well.
  virtual Result<ApiResult> send_in_window (const HttpRequest &request,
                                            const TransportOptions &options,
                                            const std::string &title, int expected_partials,
                                            TransportObserver &observer)
      = 0;
  // The final state of the window after a successful answer, e.g. what the run cost.
  virtual void report_outcome (const std::string &text) = 0;
  // Ends the step's window: with `keep_outcome` (the results are on the canvas) a window that
  // reported an outcome stays up a few seconds or until closed; otherwise it closes at once.
  virtual void end_window (bool keep_outcome) = 0;
  // The user pressed Cancel in the window: the run ends as CANCEL, not as an error.
  virtual void note_user_cancelled () = 0;
  // Asks `question` with Yes and No (only while has_window ()); true for Yes.
  virtual bool confirm (const std::string &question) = 0;

  // GIMP's status-bar progress (gimp_progress_*), for runs without a window.
  virtual void progress_start (const std::string &label) = 0;
  virtual void progress_text (const std::string &text) = 0;
  virtual void progress_fraction (double fraction) = 0; // negative: pulse
  virtual void progress_end () = 0;
};

} // namespace gptimage::plugin
