// JSON text to and from json-glib trees, the one place the generator's settings live.
#pragma once

#include "gptimage/glib-ptr.h"

#include <cstddef>
#include <string>

namespace gptimage {

// Compact, or pretty with a 2-space indent.
std::string json_to_string (JsonNode *node, bool pretty);
BytesPtr json_to_bytes (JsonNode *node, bool pretty);

// Null on a syntax error (then `reason`, when given, says why) or an empty document.
JsonNodePtr parse_json (const char *data, std::size_t size, std::string *reason = nullptr);

} // namespace gptimage
