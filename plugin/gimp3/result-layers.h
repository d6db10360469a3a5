// Puts decoded results into an image: all layers in one undo group, named after the prompt.
#pragma once

#include "gptimage/image-codec.h"

#include <libgimp/gimp.h>

#include <string>
#include <vector>

namespace gptimage::gimp3 {

// Inserts one layer per result at (x, y) directly above `anchor` (the drawable the run was
// given; null or a non-layer: the active layer), inside one undo group, result 1 on top.
// Returns the new layers; empty, with none left in the image, if GIMP refused one.
std::vector<GimpLayer *> add_result_layers (GimpImage *image, const std::vector<RgbaImage> &results,
                                            const std::string &prompt, int x, int y,
                                            GimpDrawable *anchor);

// The error return when add_result_layers came back empty.
GimpValueArray *layer_refused_return (GimpProcedure *procedure);

// SUCCESS return values whose first value is the layers array; the caller may set more.
GimpValueArray *layers_return (GimpProcedure *procedure, const std::vector<GimpLayer *> &layers);

} // namespace gptimage::gimp3
