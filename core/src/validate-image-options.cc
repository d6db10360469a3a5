#include "gptimage/models.h"
#include "gptimage/validate.h"

#include "validate-private.h"

#include <initializer_list>

namespace gptimage {

namespace {

using validate_detail::shown_value;

bool
one_of (std::string_view value, std::initializer_list<std::string_view> allowed)
{
  for (auto a : allowed)
    if (value == a)
      return true;
  return false;
}

// "low, medium, high or auto"
std::string
choice_list (const std::vector<std::string_view> &values)
{
  std::string out;
  for (std::size_t i = 0; i < values.size (); ++i)
    {
      if (i > 0)
        out += i + 1 == values.size () ? " or " : ", ";
      out += values[i];
    }
  return out;
}

bool
contains (const std::vector<std::string_view> &values, std::string_view value)
{
  for (auto v : values)
    if (v == value)
      return true;
  return false;
}

} // namespace

namespace validate_detail {

Status
check_model_name (std::string_view model)
{
  if (model.empty ())
    return Error::invalid ("model", model, "must not be empty");
  return {};
}

} // namespace validate_detail

Status
validate_image_options (const ImageOptions &options, std::string_view model, Route route,
                        std::vector<std::string> *warnings)
{
  if (auto status = validate_detail::check_model_name (model); !status)
    return status;
  const ModelCapabilities &caps = model_capabilities (model);
  if (!caps.known && warnings)
    warnings->push_back ("model " + std::string (model)
                         + " is not in the capability table; only generic checks apply");

  if (auto status = validate_detail::check_size (options.size, model, caps); !status)
    return status;

  if (caps.known)
    {
      if (!contains (caps.qualities, options.quality))
        return Error::invalid ("quality", shown_value (options.quality),
                               std::string (model) + " supports " + choice_list (caps.qualities));
    }
  else if (options.quality.empty ())
    return Error::invalid ("quality", options.quality, "must not be empty");

  if (!one_of (options.output_format, { "png", "jpeg", "webp" }))
    return Error::invalid ("output_format", shown_value (options.output_format),
                           "must be png, jpeg or webp");

  if (options.background)
    {
      const std::string &bg = *options.background;
      if (!one_of (bg, { "transparent", "opaque", "auto" }))
        return Error::invalid ("background", shown_value (bg),
                               "must be transparent, opaque or auto");
      if (bg == "transparent" && caps.known && !caps.transparent_background)
        return Error::invalid ("background", bg,
                               std::string (model) + " does not support transparent backgrounds");
      if (bg == "transparent" && options.output_format == "jpeg")
        return Error::invalid ("background", bg,
                               "a transparent background needs output_format png or webp, "
                               "not jpeg");
    }

  if (options.output_compression)
    {
      const std::string value = std::to_string (*options.output_compression);
      if (*options.output_compression < 0 || *options.output_compression > 100)
        return Error::invalid ("output_compression", value, "must be from 0 to 100");
      if (options.output_format == "png")
        return Error::invalid ("output_compression", value,
                               "applies only to output_format jpeg or webp, not png");
    }

  if (options.moderation && !one_of (*options.moderation, { "low", "auto" }))
    return Error::invalid ("moderation", shown_value (*options.moderation),
                           "must be low or auto");

  if (options.partial_images)
    {
      const std::string value = std::to_string (*options.partial_images);
      if (*options.partial_images < 0 || *options.partial_images > 3)
        return Error::invalid ("partial_images", value, "must be from 0 to 3");
      if (!options.stream)
        return Error::invalid ("partial_images", value, "applies only when stream is on");
    }

  // n and response_format do not exist for the Responses image_generation tool.
  if (route != Route::responses)
    {
      const std::string n = std::to_string (options.n);
      if (options.n < 1 || options.n > 10)
        return Error::invalid ("n", n, "must be from 1 to 10");
      if (options.stream && options.n > 1)
        return Error::invalid ("n", n,
                               "streaming on the " + std::string (route_name (route))
                                 + " route needs n = 1");
      if (options.response_format)
        {
          const std::string &rf = *options.response_format;
          if (is_gpt_image_model (model))
            return Error::invalid ("response_format", shown_value (rf),
                                   "GPT image models always return base64; omit "
                                   "response_format");
          if (!one_of (rf, { "url", "b64_json" }))
            return Error::invalid ("response_format", shown_value (rf),
                                   "must be url or b64_json");
        }
    }

  if (options.input_fidelity)
    {
      const std::string &fidelity = *options.input_fidelity;
      if (caps.known && !caps.input_fidelity)
        return Error::invalid ("input_fidelity", shown_value (fidelity),
                               std::string (model) + " does not support input_fidelity; omit it");
      if (!one_of (fidelity, { "high", "low" }))
        return Error::invalid ("input_fidelity", shown_value (fidelity), "must be high or low");
    }

  if (options.complexity)
    {
      const std::string &complexity = *options.complexity;
      if (!caps.complexity)
        return Error::invalid ("complexity", shown_value (complexity),
                               "only gpt-image-2.6 models support complexity, not "
                                 + std::string (model));
      if (!one_of (complexity, { "low", "medium", "high" }))
        return Error::invalid ("complexity", shown_value (complexity),
                               "must be low, medium or high");
    }
  return {};
}

} // namespace gptimage
