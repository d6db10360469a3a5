#include "gptimage/error.h"

#include "gptimage/display-text.h"

namespace gptimage {

// The value is kept as it is shown: a bad value may be a megabyte long or not be text at all.
Error
Error::invalid (std::string param, std::string_view value, std::string_view rule)
{
  Error e;
  e.kind = ErrorKind::validation;
  e.value = display_value (value);
  e.message = param + " \"" + e.value + "\" is invalid: " + std::string (rule);
  e.param = std::move (param);
  e.rule = rule;
  return e;
}

Error
Error::renamed (std::string_view shown, std::string_view where, bool hide_value) const
{
  Error e = *this;
  if (!rule.empty ())
    e.message = std::string (shown) + (hide_value ? "" : " \"" + value + "\"")
                + (where.empty () ? "" : " (" + std::string (where) + ")") + " is invalid: " + rule;
  else if (!param.empty () && message.starts_with (param))
    e.message = std::string (shown) + message.substr (param.size ());
  return e;
}

namespace {

// What every factory below builds: a kind, a message and, for the user's errors, the
// parameter at fault.
Error
error_of_kind (ErrorKind kind, std::string message, std::string param = {})
{
  Error e;
  e.kind = kind;
  e.message = std::move (message);
  e.param = std::move (param);
  return e;
}

} // namespace

Error
Error::usage_error (std::string message, std::string param)
{
  return error_of_kind (ErrorKind::usage, std::move (message), std::move (param));
}

Error
Error::config_error (std::string message, std::string param)
{
  return error_of_kind (ErrorKind::config, std::move (message), std::move (param));
}

Error
Error::io_error (std::string message)
{
  return error_of_kind (ErrorKind::io, std::move (message));
}

Error
Error::network_error (std::string message)
{
  return error_of_kind (ErrorKind::network, std::move (message));
}

Error
Error::protocol_error (std::string message)
{
  return error_of_kind (ErrorKind::protocol, std::move (message));
}

Error
Error::cancelled_error ()
{
  return error_of_kind (ErrorKind::cancelled, "cancelled");
}

bool
Error::is_user_error () const
{
  return kind == ErrorKind::usage || kind == ErrorKind::validation || kind == ErrorKind::config;
}

// Any piece may be a server's text: each is passed through display_text, so that none can
// drive a terminal or break the one line.
std::string
Error::describe () const
{
  std::string out;
  if (http_status != 0)
    out += "HTTP " + std::to_string (http_status) + ": ";
  out += message.empty () ? std::string (error_kind_name (kind)) : display_text (message);
  std::string details;
  auto add = [&details] (std::string_view label, const std::string &value) {
    if (value.empty ())
      return;
    if (!details.empty ())
      details += ", ";
    details += std::string (label) + " " + display_text (value);
  };
  if (kind == ErrorKind::api || kind == ErrorKind::http)
    {
      add ("type", type);
      add ("code", code);
      add ("param", param);
    }
  add ("request id", request_id);
  if (!details.empty ())
    out += " (" + details + ")";
  return out;
}

std::string_view
error_kind_name (ErrorKind kind)
{
  switch (kind)
    {
    case ErrorKind::usage: return "usage error";
    case ErrorKind::validation: return "invalid parameter";
    case ErrorKind::config: return "configuration error";
    case ErrorKind::io: return "file error";
    case ErrorKind::network: return "network error";
    case ErrorKind::timeout: return "timed out";
    case ErrorKind::http: return "HTTP error";
    case ErrorKind::api: return "API error";
    case ErrorKind::protocol: return "unexpected response";
    case ErrorKind::cancelled: return "cancelled";
    }
  return "error";
}

} // namespace gptimage
