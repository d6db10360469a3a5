// Settings that travel as HTTP request header values (the API key, the organization, the
// project). libsoup refuses a header value with a line break (with a CRITICAL) and then sends
// the request without that header, so a key pasted with its newline would go out with no
// Authorization at all; such values are refused before anything is sent.
#pragma once

#include "gptimage/error.h"

#include <string_view>

namespace gptimage {

// Fails when `value` holds an ASCII control character (CR, LF, tab, NUL, ESC, DEL, ...). The
// error (kind config, param `setting_name`) names the setting and the rule; when `secret` it
// never contains the value or any part of it, otherwise it shows the value with the control
// characters escaped.
Status check_header_value (std::string_view setting_name, std::string_view value, bool secret);

} // namespace gptimage
