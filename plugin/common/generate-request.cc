#include "generate-request.h"

#include "i18n.h"
#include "request-runner.h"
#include "requested-size.h"

namespace gptimage::plugin {

Result<DecodedAnswer>
fetch_generations (std::map<Param, std::string> given, std::optional<PixelSize> canvas,
                   RequestHost &host)
{
  request_canvas_size (given, Route::generations, canvas);
  RunInputs inputs;
  inputs.route = Route::generations;
  inputs.config.given = std::move (given);
  return send_and_decode (prepare_plugin_run (std::move (inputs)), _("GPT Image: generating…"),
                          host);
}

} // namespace gptimage::plugin
