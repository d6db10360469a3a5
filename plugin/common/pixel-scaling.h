// Resizing pixels through GEGL (no resampler of our own): the edit region to the request size,
// and each result back to the exact size of the region.
#pragma once

#include "gptimage/image-codec.h"

#include <babl/babl.h>
#include <gegl.h>

#include <cstdint>
#include <vector>

namespace gptimage::plugin {

// `data` holds width x height pixels of `format`, rows without padding. Edges are clamped, so
// the border keeps its colour and opacity. `sampler` e.g. GEGL_SAMPLER_CUBIC.
std::vector<std::uint8_t> scale_pixels (const std::uint8_t *data, int width, int height,
                                        const Babl *format, int out_width, int out_height,
                                        GeglSamplerType sampler);

// sRGB "R'G'B'A u8" pixels at a new size (`image` itself when the size is unchanged: pass it
// with std::move to spare the copy).
RgbaImage scale_rgba (RgbaImage image, int width, int height);

} // namespace gptimage::plugin
