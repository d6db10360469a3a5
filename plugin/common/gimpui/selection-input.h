#pragma once
// The selection as the edit and respond requests take it, read the same way by both fronts.
// libgimp 2.10 names images and drawables by ID and libgimp 3 by object, hence the handles;
// the pixels of the selection are read by each front's layer-io.cc.
#include "edit-request.h"

#include <libgimp/gimp.h>

#include <cstdint>
#include <vector>

namespace gptimage::plugin {

#if GIMP_CHECK_VERSION(2, 99, 0)
using ImageHandle = GimpImage *;
using DrawableHandle = GimpDrawable *;
#else
using ImageHandle = gint32;
using DrawableHandle = gint32;
#endif

// The selection's coverage (0..255) over an area in image coordinates, nothing selected outside
// the canvas (each front's layer-io.cc).
std::vector<std::uint8_t> read_selection_coverage (ImageHandle image, int x, int y, int width,
                                                   int height);

// Gives an edit the selection's bounds and a reader of its coverage.
void take_selection (ImageHandle image, EditInputs &inputs);

// The selection over a layer of width x height, from the layer's offsets; empty when nothing
// is selected.
std::vector<std::uint8_t> selection_over_layer (ImageHandle image, DrawableHandle layer,
                                                int width, int height);

} // namespace gptimage::plugin
