// POST /images/generations: one JSON object, keys in the order of images_route_fields ().
#include "gptimage/request.h"

#include "json-serialize.h"
#include "request-fields.h"

namespace gptimage {

Result<HttpRequest>
build_generations_request (const std::string &base_url, const GenerationsParams &params)
{
  ObjectPtr<JsonBuilder> builder (json_builder_new ());
  json_builder_begin_object (builder.get ());
  for (const auto &field : images_route_fields (params.model, params.prompt, params.image,
                                                     Route::generations))
    {
      json_builder_set_member_name (builder.get (), field.name.c_str ());
      if (const auto *text = std::get_if<std::string> (&field.value))
        json_builder_add_string_value (builder.get (), text->c_str ());
      else if (const auto *number = std::get_if<int> (&field.value))
        json_builder_add_int_value (builder.get (), *number);
      else
        json_builder_add_boolean_value (builder.get (), std::get<bool> (field.value));
    }
  json_builder_end_object (builder.get ());
  JsonNodePtr root (json_builder_get_root (builder.get ()));

  HttpRequest request;
  request.route = Route::generations;
  request.url = base_url + "/images/generations";
  request.stream = params.image.stream;
  request.limits = response_limits_for (Route::generations, params.image);
  request.content_type = "application/json";
  request.body = json_to_bytes (root.get (), false);
  return request;
}

} // namespace gptimage
