// The size to request for a canvas or region: what a model accepts that is closest to the
// canvas's own size and aspect. Pure: no I/O, no GIMP.
#pragma once

#include "gptimage/image-size.h"
#include "gptimage/models.h"

#include <string>

namespace gptimage {

// The allowed size nearest to width x height under `rule`. flexible (and generic, on the same
// rules): multiples of kSizeMultiple with about the same aspect (clamped to kMaxAspectRatio),
// kMinPixels..kMaxPixels, edges <= kMaxEdge; small canvases are scaled up, large ones down, and
// a size that is already allowed is kept. fixed_three: the one of kFixedSizes nearest in aspect.
// Degenerate sizes (0 or less) count as one pixel.
PixelSize nearest_allowed_size (SizeRule rule, int width, int height);

// The `size` value that matches a width x height canvas for a model: WIDTHxHEIGHT for known
// models, "auto" for unknown ones (their endpoint's own sizes are not known).
std::string matched_size (const ModelCapabilities &model, int width, int height);

} // namespace gptimage
