// The generate and new procedures' request: everything up to decoded pixels; nothing in GIMP
// is touched. `canvas`: the open image's size, whose matched size is asked for when no size is
// given or configured (requested-size.h); none for a new image.
#pragma once

#include "request-host.h"
#include "request-runner.h"

#include "gptimage/image-codec.h"
#include "gptimage/image-size.h"
#include "gptimage/parameter.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gptimage::plugin {

Result<DecodedAnswer> fetch_generations (std::map<Param, std::string> given,
                                         std::optional<PixelSize> canvas,
                                         RequestHost &host);

} // namespace gptimage::plugin
