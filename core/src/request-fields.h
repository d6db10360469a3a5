// The text fields of the two Images routes, in the order they are sent. One list feeds both
// the generations JSON body and the edits form, so the two cannot drift apart.
#pragma once

#include "gptimage/options.h"

#include <string>
#include <variant>
#include <vector>

namespace gptimage {

struct RequestField
{
  std::string name;
  std::variant<std::string, int, bool> value;
};

// model, prompt, then every set option of the route that has a request field, in table order
// ("stream" only when true).
std::vector<RequestField> images_route_fields (const std::string &model, const std::string &prompt,
                                               const ImageOptions &image, Route route);

// Every set option of the Responses route that sits at `place` and is a plain value (not a
// JSON object), in table order.
std::vector<RequestField> responses_fields (const ImageOptions &image, Place place);

// The form text of a value: decimal for numbers, "true"/"false" for flags.
std::string request_field_text (const RequestField &field);

} // namespace gptimage
