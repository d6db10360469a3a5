// JSON in and out for the test server: parsing request bodies, naming JSON types the way the
// API's error messages do, and serialising answers.
#pragma once

#include "gptimage/error.h"
#include "gptimage/glib-ptr.h"

#include <string>
#include <string_view>

namespace gptimage::testing {

// Any JSON document; the error carries json-glib's message.
Result<JsonNodePtr> parse_json (std::string_view text);

// Compact JSON text.
std::string json_to_string (JsonNode *node);
std::string json_object_to_string (JsonObject *object);

// "a string", "an integer", "a number", "a boolean", "an object", "an array", "null".
std::string json_type_name (JsonNode *node);

// A new, empty object owned by the caller.
JsonObjectPtr new_json_object ();

// Hands `child` over to `parent` (json-glib takes the reference).
void set_object (JsonObject *parent, const char *name, JsonObjectPtr child);
void set_array (JsonObject *parent, const char *name, JsonArrayPtr child);
// An empty string is stored as null.
void set_string_or_null (JsonObject *parent, const char *name, const std::string &value);

} // namespace gptimage::testing
