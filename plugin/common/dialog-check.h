// The check a procedure's dialog runs when OK is pressed, before it closes: the run's own
// option checks (core check_run_options on the plug-in's configuration), and the key.
#pragma once

#include "gptimage/parameter.h"

#include <map>
#include <optional>
#include <string>

namespace gptimage::plugin {

struct DialogProblem
{
  std::string field;        // the argument to show it beside ("" when none: under the prompt)
  std::string message;      // in plain words, translated
  bool missing_key = false; // offer to open the Settings
};

// Nothing when a run with `given` (plugin::given_values) would be sent.
std::optional<DialogProblem> check_dialog_values (Route route, std::map<Param, std::string> given);

} // namespace gptimage::plugin
