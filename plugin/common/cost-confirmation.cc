#include "cost-confirmation.h"

#include "cost-preview.h"
#include "i18n.h"

#include "gptimage/provenance.h"

namespace gptimage::plugin {

std::string
cost_question (const Cost &estimate, double threshold)
{
  if (!estimate.dollars || *estimate.dollars <= threshold)
    return {};
  /* Translators: the first %s is an amount such as "up to $0.211", the second the setting's
     name (OPENAI_IMAGE_CONFIRM_ABOVE). */
  return printf_string (_("This run is estimated at %s, more than the %s you asked to "
                          "confirm (%s). Send it?"),
                        cost_in_words (estimate).c_str (),
                        format_dollars (threshold).c_str (),
                        config_key (Param::confirm_above));
}

Status
confirm_run_cost (const PreparedRun &run, RequestHost &host)
{
  auto threshold = confirm_threshold (run.settings);
  if (!threshold)
    return threshold.error ();
  if (!threshold.value () || !host.has_window ())
    return {};
  const std::string question = cost_question (estimate_run_cost (run), *threshold.value ());
  if (question.empty () || host.confirm (question))
    return {};
  host.note_user_cancelled ();
  return Error::cancelled_error ();
}

} // namespace gptimage::plugin
