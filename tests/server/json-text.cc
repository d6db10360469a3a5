#include "json-text.h"

namespace gptimage::testing {

Result<JsonNodePtr>
parse_json (std::string_view text)
{
  ObjectPtr<JsonParser> parser (json_parser_new ());
  ErrorOut error;
  if (!json_parser_load_from_data (parser.get (), text.data (), static_cast<gssize> (text.size ()),
                                   error.out ()))
    {
      Error e;
      e.kind = ErrorKind::protocol;
      e.message = error.message ();
      return e;
    }
  JsonNode *root = json_parser_get_root (parser.get ());
  if (!root)
    {
      Error e;
      e.kind = ErrorKind::protocol;
      e.message = "empty document";
      return e;
    }
  return JsonNodePtr (json_node_copy (root));
}

std::string
json_to_string (JsonNode *node)
{
  ObjectPtr<JsonGenerator> generator (json_generator_new ());
  json_generator_set_root (generator.get (), node);
  gsize length = 0;
  CharPtr text (json_generator_to_data (generator.get (), &length));
  return std::string (text.get (), length);
}

std::string
json_object_to_string (JsonObject *object)
{
  JsonNodePtr node (json_node_init_object (json_node_alloc (), object));
  return json_to_string (node.get ());
}

std::string
json_type_name (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT: return "an object";
    case JSON_NODE_ARRAY: return "an array";
    case JSON_NODE_NULL: return "null";
    case JSON_NODE_VALUE: break;
    }
  GType type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return "a string";
  if (type == G_TYPE_INT64)
    return "an integer";
  if (type == G_TYPE_DOUBLE)
    return "a number";
  if (type == G_TYPE_BOOLEAN)
    return "a boolean";
  return "a value";
}

JsonObjectPtr
new_json_object ()
{
  return JsonObjectPtr (json_object_new ());
}

void
set_object (JsonObject *parent, const char *name, JsonObjectPtr child)
{
  json_object_set_object_member (parent, name, child.release ());
}

void
set_array (JsonObject *parent, const char *name, JsonArrayPtr child)
{
  json_object_set_array_member (parent, name, child.release ());
}

void
set_string_or_null (JsonObject *parent, const char *name, const std::string &value)
{
  if (value.empty ())
    json_object_set_null_member (parent, name);
  else
    json_object_set_string_member (parent, name, value.c_str ());
}

} // namespace gptimage::testing
