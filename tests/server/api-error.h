// The errors the test server answers with, worded and coded the way api.openai.com words them.
// They are gptimage::Error values of kind `api` whose http_status, type, code and param are
// what goes on the wire.
#pragma once

#include "gptimage/error.h"
#include "gptimage/glib-ptr.h"

#include <string>
#include <string_view>
#include <vector>

namespace gptimage::testing {

Error api_error (int status, std::string type, std::string code, std::string param,
                 std::string message);

// 400 invalid_request_error.
Error invalid_request (std::string param, std::string code, std::string message);
// "Unknown parameter: 'x'."
Error unknown_parameter (std::string param);
// "Missing required parameter: 'x'."
Error missing_parameter (std::string param);
// "Invalid type for 'x': expected an integer, but got a string instead."
Error invalid_type (std::string param, std::string_view expected, std::string_view got);
// "Invalid value: 'x'. Supported values are: 'a', 'b', and 'c'."
Error invalid_choice (std::string param, std::string_view value,
                      const std::vector<std::string_view> &allowed);
// "Invalid 'n': integer above maximum value. Expected a value <= 10, but got 11 instead."
Error integer_out_of_range (std::string param, long long value, long long min, long long max);

// {"message", "type", "param", "code"}: the inner object of an error body.
JsonObjectPtr error_object (const Error &error);

// {"error": {"message", "type", "param", "code"}}; an empty param or code is null. The
// members of `extra` (may be null) are added to the error object.
std::string error_body (const Error &error, JsonObject *extra = nullptr);

} // namespace gptimage::testing
