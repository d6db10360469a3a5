#include "api-error.h"

#include "json-text.h"

namespace gptimage::testing {

Error
api_error (int status, std::string type, std::string code, std::string param,
           std::string message)
{
  Error e;
  e.kind = ErrorKind::api;
  e.http_status = status;
  e.type = std::move (type);
  e.code = std::move (code);
  e.param = std::move (param);
  e.message = std::move (message);
  return e;
}

Error
invalid_request (std::string param, std::string code, std::string message)
{
  return api_error (400, "invalid_request_error", std::move (code), std::move (param),
                    std::move (message));
}

Error
unknown_parameter (std::string param)
{
  std::string message = "Unknown parameter: '" + param + "'.";
  return invalid_request (std::move (param), "unknown_parameter", std::move (message));
}

Error
missing_parameter (std::string param)
{
  std::string message = "Missing required parameter: '" + param + "'.";
  return invalid_request (std::move (param), "missing_required_parameter", std::move (message));
}

Error
invalid_type (std::string param, std::string_view expected, std::string_view got)
{
  std::string message = "Invalid type for '" + param + "': expected " + std::string (expected)
                        + ", but got " + std::string (got) + " instead.";
  return invalid_request (std::move (param), "invalid_type", std::move (message));
}

Error
invalid_choice (std::string param, std::string_view value,
                const std::vector<std::string_view> &allowed)
{
  std::string message = "Invalid value: '" + std::string (value) + "'. Supported values are: ";
  for (std::size_t i = 0; i < allowed.size (); ++i)
    {
      if (i > 0)
        message += allowed.size () > 2 ? ", " : " ";
      if (i > 0 && i + 1 == allowed.size ())
        message += "and ";
      message.append ("'").append (allowed[i]).append ("'");
    }
  message += ".";
  return invalid_request (std::move (param), "invalid_value", std::move (message));
}

Error
integer_out_of_range (std::string param, long long value, long long min, long long max)
{
  bool above = value > max;
  std::string message = "Invalid '" + param + "': integer " + (above ? "above maximum" : "below minimum")
                        + " value. Expected a value " + (above ? "<= " : ">= ")
                        + std::to_string (above ? max : min) + ", but got "
                        + std::to_string (value) + " instead.";
  return invalid_request (std::move (param),
                          above ? "integer_above_max_value" : "integer_below_min_value",
                          std::move (message));
}

JsonObjectPtr
error_object (const Error &error)
{
  JsonObjectPtr inner = new_json_object ();
  json_object_set_string_member (inner.get (), "message", error.message.c_str ());
  json_object_set_string_member (inner.get (), "type",
                                 error.type.empty () ? "invalid_request_error" : error.type.c_str ());
  set_string_or_null (inner.get (), "param", error.param);
  set_string_or_null (inner.get (), "code", error.code);
  return inner;
}

std::string
error_body (const Error &error, JsonObject *extra)
{
  JsonObjectPtr inner = error_object (error);
  if (extra)
    json_object_foreach_member (
        extra,
        [] (JsonObject *, const gchar *name, JsonNode *node, gpointer data) {
          json_object_set_member (static_cast<JsonObject *> (data), name, json_node_copy (node));
        },
        inner.get ());
  JsonObjectPtr outer = new_json_object ();
  set_object (outer.get (), "error", std::move (inner));
  return json_object_to_string (outer.get ());
}

} // namespace gptimage::testing
