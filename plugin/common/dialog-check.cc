#include "dialog-check.h"

#include "i18n.h"
#include "request-runner.h"

#include "gptimage/pipeline.h"

namespace gptimage::plugin {

namespace {

// The rule the user meets most, said without API terms.
std::string
plain_message (const Error &error, const std::map<Param, std::string> &given)
{
  if (error.param == parameter (Param::n).gimp && given.contains (Param::partial_images))
    return _("Partial images show one image as it is drawn: choose 1 image, or set Partial "
             "images to 0.");
  /* Translators: %s is why the run would be refused. */
  return printf_string (_("This would be refused: %s"), error.message.c_str ());
}

} // namespace

std::optional<DialogProblem>
check_dialog_values (Route route, std::map<Param, std::string> given)
{
  RunInputs inputs;
  inputs.front = Front::gimp;
  inputs.route = route;
  inputs.config = plugin_config ();
  inputs.config.given = given;
  if (Status checked = check_run_options (inputs); !checked)
    return DialogProblem { checked.error ().param, plain_message (checked.error (), given) };
  auto settings = load_plugin_settings ();
  if (settings && settings->api_key.empty ())
    return DialogProblem { "", _("No OpenAI API key is set yet. Open the Settings to enter one."),
                           true };
  return std::nullopt;
}

} // namespace gptimage::plugin
