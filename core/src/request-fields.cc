#include "request-fields.h"

#include "parameter-slot.h"

namespace gptimage {

namespace {

// The set options of `route` at `place` (ignored off the Responses route) that are sent as
// plain fields.
void
append_fields (std::vector<RequestField> &fields, const ImageOptions &image, Route route,
               std::optional<Place> place)
{
  for (const auto &spec : parameter_table ())
    {
      if (spec.api.empty () || !spec.on_route (route) || spec.json_object
          || (place && spec.place != *place))
        continue;
      Slot slot = slot_of (const_cast<ImageOptions &> (image), spec.id);
      const std::string name (spec.api);
      if (auto *text = std::get_if<std::string *> (&slot); text && !(*text)->empty ())
        fields.push_back ({ name, **text });
      else if (auto *number = std::get_if<std::optional<int> *> (&slot); number && **number)
        fields.push_back ({ name, ***number });
      else if (auto *flag = std::get_if<bool *> (&slot); flag && **flag)
        fields.push_back ({ name, true });
    }
}

} // namespace

std::vector<RequestField>
images_route_fields (const std::string &model, const std::string &prompt,
                     const ImageOptions &image, Route route)
{
  std::vector<RequestField> fields;
  fields.push_back ({ "model", model });
  fields.push_back ({ "prompt", prompt });
  append_fields (fields, image, route, std::nullopt);
  return fields;
}

std::vector<RequestField>
responses_fields (const ImageOptions &image, Place place)
{
  std::vector<RequestField> fields;
  append_fields (fields, image, Route::responses, place);
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
