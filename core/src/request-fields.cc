#include "request-fields.h"

namespace gptimage {

std::vector<RequestField>
images_route_fields (const std::string &model, const std::string &prompt,
                     const ImageOptions &image, bool with_moderation)
{
  std::vector<RequestField> fields;
  fields.push_back ({ "model", model });
  fields.push_back ({ "prompt", prompt });
  fields.push_back ({ "n", image.n });
  fields.push_back ({ "size", image.size });
  fields.push_back ({ "quality", image.quality });
  fields.push_back ({ "output_format", image.output_format });

  auto add_text = [&fields] (const char *name, const std::optional<std::string> &value) {
    if (value)
      fields.push_back ({ name, *value });
  };
  auto add_number = [&fields] (const char *name, const std::optional<int> &value) {
    if (value)
      fields.push_back ({ name, *value });
  };
  add_text ("background", image.background);
  add_number ("output_compression", image.output_compression);
  if (with_moderation)
    add_text ("moderation", image.moderation);
  add_text ("user", image.user);
  add_text ("response_format", image.response_format);
  add_text ("input_fidelity", image.input_fidelity);
  add_text ("complexity", image.complexity);
  add_number ("partial_images", image.partial_images);
  if (image.stream)
    fields.push_back ({ "stream", true });
  return fields;
}

std::string
request_field_text (const RequestField &field)
{
  if (const auto *text = std::get_if<std::string> (&field.value))
    return *text;
  if (const auto *number = std::get_if<int> (&field.value))
    return std::to_string (*number);
  return std::get<bool> (field.value) ? "true" : "false";
}

} // namespace gptimage
