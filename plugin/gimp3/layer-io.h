// Pixels between GIMP layers and the core's RGBA images, through GeglBuffer in sRGB
// "R'G'B'A u8" (babl converts to and from the image's own precision and space).
#pragma once

#include "gptimage/api-result.h"
#include "gptimage/error.h"
#include "gptimage/image-codec.h"
#include "gptimage/png-encoder.h"
#include "gptimage/result-check.h"

#include <libgimp/gimp.h>

#include <string>
#include <vector>

namespace gptimage::gimp3 {

// Checks and decodes every final image in memory (it must decode as the format it claims),
// before the image is touched.
Result<std::vector<RgbaImage>> decode_results (const ApiResult &result,
                                               const RequestedImage &requested);

// A new RGBA layer named `name` holding `pixels` at (x, y), inserted directly above `anchor`
// (in its layer group), or above the active layer when `anchor` is not a layer. Returns null
// when GIMP refused (the caller's undo group is then closed by it).
GimpLayer *insert_rgba_layer (GimpImage *image, const RgbaImage &pixels, const std::string &name,
                              int x, int y, GimpDrawable *anchor);

// The drawable's pixels in the layer-local rectangle, as sRGB RGBA (alpha 255 for a layer
// without an alpha channel).
RgbaImage read_drawable (GimpDrawable *drawable, int x, int y, int width, int height);

// A PNG data: URL of the pixels (for the Responses route; no temporary file). A mask passes
// PngAlpha::always.
Result<std::string> png_data_url (const RgbaImage &pixels, PngAlpha alpha = PngAlpha::when_used);

// The selection's coverage (0..255, "Y u8") over an area in image coordinates; outside the
// canvas nothing is selected.
std::vector<std::uint8_t> read_selection_coverage (GimpImage *image, int x, int y, int width,
                                                   int height);

// Why this image cannot receive RGBA result layers, or "" when it can.
std::string unsupported_image_reason (GimpImage *image);

} // namespace gptimage::gimp3
