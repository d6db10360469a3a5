// Pixels between GEGL buffers (a GIMP drawable's, in both libgimps) and the core's RGBA images,
// in sRGB "R'G'B'A u8": babl converts to and from the drawable's own precision and space.
#pragma once

#include "gptimage/image-codec.h"

#include <babl/babl.h>
#include <gegl.h>

#include <cstdint>
#include <vector>

namespace gptimage::plugin {

// The buffer's pixels in the rectangle, as sRGB RGBA (alpha 255 for a layer without an alpha
// channel). `stored` is the drawable's own format.
RgbaImage read_rgba (GeglBuffer *buffer, const Babl *stored, int x, int y, int width,
                     int height);

// Writes `pixels` at (0, 0) of the buffer.
void write_rgba (GeglBuffer *buffer, const RgbaImage &pixels);

// A selection channel's coverage (0..255, "Y u8") over an area; outside the buffer nothing is
// selected.
std::vector<std::uint8_t> read_coverage (GeglBuffer *selection, int x, int y, int width,
                                         int height);

} // namespace gptimage::plugin
