// The --dry-run document. It is built from the request alone, which never holds the API key.
#include "gptimage/request.h"

#include "json-serialize.h"

namespace gptimage {

namespace {

const char *
command_name (Route route)
{
  switch (route)
    {
    case Route::generations: return "generations";
    case Route::edits: return "edits";
    case Route::responses: return "responses";
    }
  return "generations";
}

// {"fields": [[name, value], ...], "files": [{"field", "path"}, ...]} in send order.
void
add_form (JsonBuilder *builder, const HttpRequest &request)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (const auto &field : request.form_fields)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, field.name.c_str ());
      json_builder_add_string_value (builder, field.value.c_str ());
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (const auto &file : request.form_files)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, file.field.c_str ());
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, file.path.c_str ());
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

// The JSON body as a tree; an empty object when there is none to show.
JsonNodePtr
body_node (const HttpRequest &request)
{
  JsonNodePtr node;
  if (request.body)
    {
      gsize size = 0;
      const auto *data = static_cast<const char *> (g_bytes_get_data (request.body.get (), &size));
      node = parse_json (data, size);
    }
  if (!node)
    {
      node.reset (json_node_new (JSON_NODE_OBJECT));
      JsonObjectPtr empty (json_object_new ());
      json_node_set_object (node.get (), empty.get ());
    }
  return node;
}

} // namespace

std::string
dry_run_document (const HttpRequest &request)
{
  ObjectPtr<JsonBuilder> builder (json_builder_new ());
  auto *b = builder.get ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "command");
  json_builder_add_string_value (b, command_name (request.route));
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, request.url.c_str ());
  json_builder_set_member_name (b, "stream");
  json_builder_add_boolean_value (b, request.stream);
  json_builder_set_member_name (b, "request");
  if (request.route == Route::edits)
    add_form (b, request);
  else
    json_builder_add_value (b, body_node (request).release ());
  json_builder_end_object (b);
  JsonNodePtr root (json_builder_get_root (b));
  return json_to_string (root.get (), true);
}

} // namespace gptimage
