// Pixels between GIMP 3 layers and the core's RGBA images (plugin/common/gegl-pixels.h on the
// drawables' GeglBuffers).
#pragma once

#include "gptimage/image-codec.h"

#include <libgimp/gimp.h>

#include <cstdint>
#include <string>
#include <vector>

namespace gptimage::gimp3 {

// A new RGBA layer named `name` holding `pixels` at (x, y), inserted directly above `anchor`
// (in its layer group), or above the active layer when `anchor` is not a layer. Returns null
// when GIMP refused (the caller's undo group is then closed by it).
GimpLayer *insert_rgba_layer (GimpImage *image, const RgbaImage &pixels, const std::string &name,
                              int x, int y, GimpDrawable *anchor);

// The drawable's pixels in the layer-local rectangle, as sRGB RGBA (alpha 255 for a layer
// without an alpha channel).
RgbaImage read_drawable (GimpDrawable *drawable, int x, int y, int width, int height);

// Why this image cannot receive RGBA result layers, or "" when it can.
std::string unsupported_image_reason (GimpImage *image);

} // namespace gptimage::gimp3
