#include "gptimage/error.h"

#include "gptimage/display-text.h"
#include "gptimage/i18n.h"

namespace gptimage {

// The value is kept as it is shown: a bad value may be a megabyte long or not be text at all.
Error
Error::invalid (std::string param, std::string_view value, std::string_view rule)
{
  Error e;
  e.kind = ErrorKind::validation;
  e.value = display_value (value);
  e.param = std::move (param);
  e.rule = rule;
  e.message = e.renamed (e.param).message;
  return e;
}

Error
Error::renamed (std::string_view shown, std::string_view where, bool hide_value) const
{
  Error e = *this;
  const std::string name (shown), place (where);
  // The name is the parameter as the user gave it (--timeout, OPENAI_IMAGE_TIMEOUT, timeout):
  // translations keep it as it is, and may reorder the pieces with %1$s, %2$s, ….
  if (!rule.empty () && hide_value && place.empty ())
    /* Translators: "timeout is invalid: must be from 1 to 86400": a parameter's name, then
       the rule broken. */
    e.message = printf_string (_("%s is invalid: %s"), name.c_str (), rule.c_str ());
  else if (!rule.empty () && hide_value)
    /* Translators: "OPENAI_API_KEY (config.ini, line 3) is invalid: …": a parameter's name,
       where it was set, the rule broken. */
    e.message = printf_string (_("%s (%s) is invalid: %s"), name.c_str (), place.c_str (),
                               rule.c_str ());
  else if (!rule.empty () && place.empty ())
    /* Translators: 'quality "ultra" is invalid: must be one of …': a parameter's name, its
       value, the rule broken. */
    e.message = printf_string (_("%s \"%s\" is invalid: %s"), name.c_str (), value.c_str (),
                               rule.c_str ());
  else if (!rule.empty ())
    /* Translators: 'OPENAI_IMAGE_QUALITY "ultra" (config.ini, line 3) is invalid: …': a
       parameter's name, its value, where it was set, the rule broken. */
    e.message = printf_string (_("%s \"%s\" (%s) is invalid: %s"), name.c_str (),
                               value.c_str (), place.c_str (), rule.c_str ());
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
  return error_of_kind (ErrorKind::cancelled, _("cancelled"));
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
      /* Translators: labels of an API error's details: "(type invalid_request_error, code
         moderation_blocked, param prompt, request id req_123)". */
      add (_("type"), type);
      add (_("code"), code);
      add (_("param"), param);
    }
  add (_("request id"), request_id);
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
