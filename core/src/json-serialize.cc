#include "json-serialize.h"

namespace gptimage {

namespace {

ObjectPtr<JsonGenerator>
make_generator (JsonNode *node, bool pretty)
{
  ObjectPtr<JsonGenerator> generator (json_generator_new ());
  json_generator_set_pretty (generator.get (), pretty);
  json_generator_set_indent (generator.get (), 2);
  json_generator_set_indent_char (generator.get (), ' ');
  json_generator_set_root (generator.get (), node);
  return generator;
}

} // namespace

std::string
json_to_string (JsonNode *node, bool pretty)
{
  auto generator = make_generator (node, pretty);
  gsize length = 0;
  CharPtr text (json_generator_to_data (generator.get (), &length));
  return std::string (text.get (), length);
}

BytesPtr
json_to_bytes (JsonNode *node, bool pretty)
{
  auto generator = make_generator (node, pretty);
  gsize length = 0;
  gchar *text = json_generator_to_data (generator.get (), &length);
  return BytesPtr (g_bytes_new_take (text, length));
}

JsonNodePtr
parse_json (const char *data, std::size_t size, std::string *reason)
{
  ObjectPtr<JsonParser> parser (json_parser_new ());
  ErrorOut error;
  if (!json_parser_load_from_data (parser.get (), data ? data : "", static_cast<gssize> (size),
                                   error.out ()))
    {
      if (reason)
        *reason = error.message ();
      return nullptr;
    }
  JsonNodePtr root (json_parser_steal_root (parser.get ()));
  if (!root && reason)
    *reason = "empty document";
  return root;
}

} // namespace gptimage
