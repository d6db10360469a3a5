#include "cost-confirmation.h"

#include "i18n.h"

#include "gptimage/provenance.h"

#include <cmath>

namespace gptimage::plugin {

Result<std::optional<double>>
confirm_threshold (const Settings &settings)
{
  const std::string &value = settings.confirm_above;
  if (value.empty () || value == "never")
    return std::optional<double> ();
  const char *text = value.c_str ();
  char *end = nullptr;
  // C locale: "0.50" whatever the user's decimal separator.
  const double dollars = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !std::isfinite (dollars) || dollars < 0)
    return Error::invalid (config_key (Param::confirm_above), value,
                           "must be an amount in US dollars, e.g. 0.50, or never");
  return std::optional<double> (dollars);
}

std::string
cost_question (const Cost &estimate, double threshold)
{
  if (!estimate.dollars || *estimate.dollars <= threshold)
    return {};
  return printf_string (_("This run is estimated at %s, more than the $%.2f you asked to "
                          "confirm (%s). Send it?"),
                        format_cost (estimate).c_str (), threshold,
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
