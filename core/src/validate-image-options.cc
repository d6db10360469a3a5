#include "gptimage/models.h"

#include "gptimage/i18n.h"
#include "gptimage/validate.h"

#include "parameter-slot.h"
#include "validate-private.h"

namespace gptimage {

namespace {

// The row's own rule (choices for this model, range), or the size rule.
Status
check_row (const ParameterSpec &spec, const std::string &text, std::string_view model,
           const ModelCapabilities &caps)
{
  if (spec.per_model == ModelRule::size)
    return validate_detail::check_size (text, model, caps);
  return check_parameter_value (spec, text, model);
}

// Rules between parameters, which no single row can say.
Status
check_combinations (const ImageOptions &options, Route route)
{
  if (options.background == "transparent" && options.output_format == "jpeg")
    return Error::invalid ("background", options.background,
                           _("a transparent background needs output_format png or webp, not "
                             "jpeg"));
  if (options.output_compression && options.output_format == "png")
    return Error::invalid ("output_compression", std::to_string (*options.output_compression),
                           _("applies only to output_format jpeg or webp, not png"));
  if (options.partial_images && !options.stream)
    return Error::invalid ("partial_images", std::to_string (*options.partial_images),
                           _("applies only when stream is on"));
  if (route != Route::responses && options.stream && options.n.value_or (1) > 1)
    return Error::invalid ("n", std::to_string (*options.n),
                           /* Translators: %s is a route: generations or edits. */
                           printf_string (_("streaming on the %s route needs n = 1"),
                                          std::string (route_name (route)).c_str ()));
  return {};
}

} // namespace

namespace validate_detail {

Status
check_model_name (std::string_view model)
{
  if (model.empty ())
    return Error::invalid ("model", model, _("must not be empty"));
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
    /* Translators: %s is a model's name. */
    warnings->push_back (printf_string (_("model %s is not in the capability table; only "
                                          "generic checks apply"),
                                        std::string (model).c_str ()));

  // Each row in table order; rows of other routes are not sent, so not checked.
  for (const auto &spec : parameter_table ())
    {
      if (!spec.on_route (route))
        continue;
      if (auto text = option_text (options, spec.id))
        if (Status status = check_row (spec, *text, model, caps); !status)
          return status;
    }
  return check_combinations (options, route);
}

} // namespace gptimage
