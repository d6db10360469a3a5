#include "gptimage/header-value.h"

#include "gptimage/display-text.h"

#include <algorithm>

namespace gptimage {

Status
check_header_value (std::string_view setting_name, std::string_view value, bool secret)
{
  const bool has_control = std::any_of (value.begin (), value.end (), [] (char c) {
    const auto byte = static_cast<unsigned char> (c);
    return byte < 0x20 || byte == 0x7f;
  });
  if (!has_control)
    return {};
  const std::string rule = "must not contain control characters such as a line break";
  std::string name (setting_name);
  if (secret)
    return Error::config_error (name + " is invalid: " + rule
                                  + " (the value is secret and not shown; check for a line break "
                                    "pasted with it)",
                                name);
  return Error::config_error (name + " \"" + display_text (value) + "\" is invalid: " + rule,
                              name);
}

} // namespace gptimage
