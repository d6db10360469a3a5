#include "generate-request.h"

#include "i18n.h"
#include "request-runner.h"
#include "requested-size.h"

namespace gptimage::plugin {

Result<std::vector<RgbaImage>>
fetch_generations (std::map<Param, std::string> given, std::optional<PixelSize> canvas,
                   RequestHost &host)
{
  request_canvas_size (given, Route::generations, canvas);
  RunInputs inputs;
  inputs.route = Route::generations;
  inputs.config.given = std::move (given);
  auto answer = send_and_decode (prepare_plugin_run (std::move (inputs)),
                                 _("GPT Image: generating…"), host);
  if (!answer)
    return std::move (answer).error ();
  return std::move (answer->images);
}

} // namespace gptimage::plugin
