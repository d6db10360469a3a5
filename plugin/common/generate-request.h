// The generate and new procedures' request: everything up to decoded pixels; nothing in GIMP
// is touched.
#pragma once

#include "request-host.h"
#include "request-runner.h"

#include "gptimage/image-codec.h"
#include "gptimage/parameter.h"

#include <map>
#include <string>
#include <vector>

namespace gptimage::plugin {

Result<DecodedAnswer> fetch_generations (std::map<Param, std::string> given,
                                                  RequestHost &host);

} // namespace gptimage::plugin
