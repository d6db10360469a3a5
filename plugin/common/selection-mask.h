// GIMP selection coverage -> OpenAI edit mask. In the mask, transparent means "edit here":
// selection value s (0..255) becomes alpha 255 - s, so a feathered edge gives partial alpha.
#pragma once

#include "gptimage/image-codec.h"

#include <cstdint>

namespace gptimage::plugin {

// coverage: width * height bytes, row-major. Colour channels are 0.
RgbaImage selection_to_mask (const std::uint8_t *coverage, int width, int height);

} // namespace gptimage::plugin
