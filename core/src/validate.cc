#include "gptimage/validate.h"

#include "gptimage/i18n.h"

#include "validate-private.h"

namespace gptimage {

using namespace validate_detail;

Status
validate_prompt (std::string_view prompt)
{
  return check_prompt_text ("prompt", prompt);
}

Status
validate_generations (const GenerationsParams &params, std::vector<std::string> *warnings)
{
  if (auto status = check_model_name (params.model); !status)
    return status;
  if (auto status = check_prompt_text ("prompt", params.prompt); !status)
    return status;
  return validate_image_options (params.image, params.model, Route::generations, warnings);
}

Status
validate_edit_options (const EditsParams &params, std::vector<std::string> *warnings)
{
  if (auto status = check_model_name (params.model); !status)
    return status;
  if (auto status = check_prompt_text ("prompt", params.prompt); !status)
    return status;
  return validate_image_options (params.image, params.model, Route::edits, warnings);
}

Status
validate_edits (const EditsParams &params, std::vector<std::string> *warnings)
{
  if (auto status = validate_edit_options (params, warnings); !status)
    return status;

  if (params.images.empty () || params.images.size () > kMaxEditImages)
    return Error::invalid ("image",
                           /* Translators: how many image files were given ("0 files"), then the
                              most allowed. */
                           printf_string (g_dngettext (GETTEXT_PACKAGE, "%d file", "%d files",
                                                       params.images.size ()),
                                          static_cast<int> (params.images.size ())),
                           /* Translators: %d is the most images an edit accepts (16). */
                           printf_string (_("edits need 1 to %d images"),
                                          static_cast<int> (kMaxEditImages)));
  ImageInfo first;
  for (std::size_t i = 0; i < params.images.size (); ++i)
    {
      auto info = check_image_source ("image", params.images[i]);
      if (!info)
        return std::move (info).error ();
      if (i == 0)
        first = *info;
    }

  if (params.mask)
    {
      auto mask = check_mask_source ("mask", *params.mask);
      if (!mask)
        return std::move (mask).error ();
      if (auto status = check_mask_size ("mask", params.mask->path, *mask,
                                         first);
          !status)
        return status;
    }
  return {};
}

} // namespace gptimage
