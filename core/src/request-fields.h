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

// model, prompt, n, size, quality, output_format, then only the set optional ones; "stream" only
// when true. `with_moderation` is false for the edits form, whose schema has no moderation field.
std::vector<RequestField> images_route_fields (const std::string &model, const std::string &prompt,
                                               const ImageOptions &image, bool with_moderation);

// The form text of a value: decimal for numbers, "true"/"false" for flags.
std::string request_field_text (const RequestField &field);

} // namespace gptimage
