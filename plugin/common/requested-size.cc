#include "requested-size.h"

#include "i18n.h"
#include "request-runner.h"

#include "gptimage/config.h"
#include "gptimage/models.h"
#include "gptimage/size-fit.h"

namespace gptimage::plugin {

namespace {

// The model whose sizes the route's request must follow.
std::string
size_model (const Settings &settings, Route route)
{
  if (route == Route::responses)
    return settings.tool_model.empty () ? std::string (kDefaultToolModel) : settings.tool_model;
  return settings.image_model;
}

} // namespace

Result<RequestedSize>
requested_size (const std::map<Param, std::string> &given, Route route,
                std::optional<PixelSize> canvas)
{
  ConfigInputs inputs = plugin_config ();
  inputs.given = given;
  inputs.read_keyring = false; // only the size and the models matter here
  auto values = load_config (inputs);
  if (!values)
    return std::move (values).error ();
  const ConfigSource source = values->source (Param::size);
  // Given, or set by the user (environment, config file): the user's choice wins.
  if (!canvas || (source != ConfigSource::default_value && source != ConfigSource::unset))
    return RequestedSize { values->get (Param::size).value_or ("auto"), false };
  auto settings = resolve_settings (values.value ());
  if (!settings)
    return std::move (settings).error ();
  const std::string size = matched_size (model_capabilities (size_model (*settings, route)),
                                         canvas->width, canvas->height);
  return RequestedSize { size, size != "auto" };
}

void
request_canvas_size (std::map<Param, std::string> &given, Route route,
                     std::optional<PixelSize> canvas)
{
  auto size = requested_size (given, route, canvas);
  if (size && size->matched)
    given[Param::size] = size->size;
}

std::string
size_for_display (const std::string &size)
{
  return size == "auto" ? _("size chosen by the model") : size;
}

} // namespace gptimage::plugin
