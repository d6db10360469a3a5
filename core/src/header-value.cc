#include "gptimage/header-value.h"

#include "gptimage/i18n.h"

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
  const std::string rule = _("must not contain control characters such as a line break");
  std::string name (setting_name);
  // With its value and rule apart, so that the pipeline can say where the value was set.
  Error e = Error::invalid (name, secret ? std::string_view () : value,
                            secret ? rule + " "
                                         + _("(the value is secret and not shown; check for a "
                                             "line break pasted with it)")
                                   : rule);
  e.kind = ErrorKind::config;
  if (secret)
    e.message = e.renamed (name, {}, true).message;
  return e;
}

} // namespace gptimage
