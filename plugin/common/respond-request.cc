#include "respond-request.h"

#include "i18n.h"
#include "requested-size.h"
#include "selection-mask.h"

#include "gptimage/glib-ptr.h"

namespace gptimage::plugin {

namespace {

// "none" starts a new conversation even when the image has an id stored.
constexpr const char *kNoPrevious = "none";

} // namespace

Result<std::string>
png_data_url (const RgbaImage &pixels, PngAlpha alpha)
{
  auto png = encode_png (pixels, alpha);
  if (!png)
    return std::move (png).error ();
  CharPtr base64 (g_base64_encode (png->data (), png->size ()));
  return std::string ("data:image/png;base64,") + base64.get ();
}

Result<DecodedAnswer>
fetch_response (RespondInputs inputs, RequestHost &host)
{
  RunInputs run;
  run.route = Route::responses;
  run.config.given = std::move (inputs.given);
  request_canvas_size (run.config.given, Route::responses, inputs.canvas);
  std::string &previous = run.config.given[Param::previous_response_id];
  if (previous.empty ())
    previous = inputs.stored_response_id;
  // A value given is never empty: none means a new conversation.
  if (previous.empty () || previous == kNoPrevious)
    run.config.given.erase (Param::previous_response_id);
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
  return send_and_decode (prepare_plugin_run (std::move (run)), _("GPT Image: conversation…"),
                          host);
}

} // namespace gptimage::plugin
