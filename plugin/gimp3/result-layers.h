// Puts decoded results into an image: all layers in one undo group, named after the prompt.
#pragma once

#include "gptimage/image-codec.h"

#include <libgimp/gimp.h>

#include <string>
#include <vector>

namespace gptimage::gimp3 {

// Inserts one layer per result above the active layer at (x, y), inside one undo group.
// Returns the new layers; empty if GIMP refused one (the group is closed either way).
std::vector<GimpLayer *> add_result_layers (GimpImage *image, const std::vector<RgbaImage> &results,
                                            const std::string &prompt, int x, int y);

// SUCCESS return values whose first value is the layers array; the caller may set more.
GimpValueArray *layers_return (GimpProcedure *procedure, const std::vector<GimpLayer *> &layers);

} // namespace gptimage::gimp3
