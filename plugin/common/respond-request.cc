#include "respond-request.h"

#include "i18n.h"
#include "requested-size.h"
#include "selection-mask.h"

#include "gptimage/glib-ptr.h"

namespace gptimage::plugin {

Result<std::string>
png_data_url (const RgbaImage &pixels, PngAlpha alpha)
{
  auto png = encode_png (pixels, alpha);
  if (!png)
    return std::move (png).error ();
  CharPtr base64 (g_base64_encode (png->data (), png->size ()));
  return std::string ("data:image/png;base64,") + base64.get ();
}

Result<RespondAnswer>
fetch_response (RespondInputs inputs, RequestHost &host)
{
  RunInputs run;
  run.route = Route::responses;
  run.config.given = std::move (inputs.given);
  request_canvas_size (run.config.given, Route::responses, inputs.canvas);
  std::string given_previous;
  if (auto found = run.config.given.find (Param::previous_response_id);
      found != run.config.given.end ())
    given_previous = found->second;
  ConversationChoice conversation = choose_conversation (inputs.stored, given_previous,
                                                         inputs.new_conversation);
  if (!conversation.error.empty ())
    return Error::usage_error (conversation.error);
  run.config.given.erase (Param::previous_response_id);
  if (!conversation.run.previous_response_id.empty ())
    run.config.given[Param::previous_response_id] = conversation.run.previous_response_id;
  if (inputs.layer)
    {
      const RgbaImage &pixels = *inputs.layer;
      auto url = png_data_url (pixels);
      if (!url)
        return std::move (url).error ();
      run.input_images.push_back ({ InputImageRef::Kind::data_url, std::move (url).value () });
      // The selection says where to edit: it goes as input_image_mask over the sent layer.
      if (!inputs.coverage.empty ())
        {
          auto mask_url = png_data_url (
              selection_to_mask (inputs.coverage.data (), pixels.width, pixels.height),
              PngAlpha::always);
          if (!mask_url)
            return std::move (mask_url).error ();
          run.input_mask = InputImageRef { InputImageRef::Kind::data_url,
                                           std::move (mask_url).value () };
        }
    }
  auto decoded = send_and_decode (prepare_plugin_run (std::move (run)),
                                  _("GPT Image: conversation…"), host);
  if (!decoded)
    return std::move (decoded).error ();
  return RespondAnswer { std::move (decoded).value (), conversation.run.turn };
}

} // namespace gptimage::plugin
