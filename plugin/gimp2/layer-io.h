// Pixels between GIMP 2.10 drawables (gint32 ids) and the core's RGBA images
// (plugin/common/gegl-pixels.h on the drawables' GeglBuffers).
#pragma once

#include "gptimage/image-codec.h"

#include <libgimp/gimp.h>

#include <cstdint>
#include <string>
#include <vector>

namespace gptimage::gimp2 {

// A new RGBA layer named `name` holding `pixels` at (x, y), inserted directly above `anchor`
// (in its layer group), or above the active layer when `anchor` is not a layer of the image.
// Returns its id, or -1 when GIMP refused.
gint32 insert_rgba_layer (gint32 image, const RgbaImage &pixels, const std::string &name, int x,
                          int y, gint32 anchor);

// The drawable's pixels in the layer-local rectangle, as sRGB RGBA.
RgbaImage read_drawable (gint32 drawable, int x, int y, int width, int height);

} // namespace gptimage::gimp2
