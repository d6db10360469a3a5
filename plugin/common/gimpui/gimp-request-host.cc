#include "gimp-request-host.h"

#include "active-run.h"
#include "progress-dialog.h"
#include "yes-no-question.h"

#include <libgimp/gimp.h>

#include <memory>

namespace gptimage::plugin {

namespace {

// Long enough to read the cost line, short enough not to be in the way.
constexpr unsigned kOutcomeMilliseconds = 6000;

class GimpRequestHost : public RequestHost
{
public:
  bool has_window () const override { return interactive_step_running (); }
  Result<ApiResult> send_in_window (const HttpRequest &request, const TransportOptions &options,
                                    const std::string &title, int expected_partials,
                                    TransportObserver &observer) override
  {
    window_ = std::make_unique<ProgressDialog> (title, expected_partials, &observer);
    Result<ApiResult> result = window_->run (request, options);
    if (!result)
      window_.reset (); // the error is shown by GIMP once the procedure returns
    return result;
  }
  void report_outcome (const std::string &text) override
  {
    if (window_)
      window_->show_outcome (text);
  }
  void end_window (bool keep_outcome) override
  {
    if (window_ && keep_outcome)
      window_->linger (kOutcomeMilliseconds);
    window_.reset ();
  }
  void note_user_cancelled () override { plugin::note_user_cancelled (); }
  bool confirm (const std::string &question) override { return ask_yes_no (question); }
  void progress_start (const std::string &label) override
  {
    gimp_progress_init (label.c_str ());
  }
  void progress_text (const std::string &text) override { gimp_progress_set_text (text.c_str ()); }
  void progress_fraction (double fraction) override
  {
    if (fraction < 0)
      gimp_progress_pulse ();
    else
      gimp_progress_update (fraction);
  }
  void progress_end () override { gimp_progress_end (); }

private:
  std::unique_ptr<ProgressDialog> window_;
};

} // namespace

RequestHost &
gimp_request_host ()
{
  static GimpRequestHost host;
  return host;
}

} // namespace gptimage::plugin
