// Which part of a layer an edit sends, at what size, and how the result maps back.
// Host-neutral: coordinates are layer-local pixels; no libgimp.
#pragma once

#include "gptimage/error.h"

#include <string_view>

namespace gptimage::plugin {

struct PixelRect
{
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;

  bool empty () const { return width <= 0 || height <= 0; }
  bool operator== (const PixelRect &) const = default;
};

struct RequestSize
{
  int width = 0;
  int height = 0;
  bool operator== (const RequestSize &) const = default;
};

struct EditRegion
{
  PixelRect source;    // the layer pixels sent as the image (and the mask's extent)
  RequestSize request; // the `size` sent to the API; the result is scaled from it back to
                       // exactly source.width x source.height at (source.x, source.y)
};

// The nearest size `model` accepts with (about) the aspect of width x height. For gpt-image-2
// and later: multiples of 16, long:short <= 3, 655,360..8,294,400 pixels, edges <= 3840 (small
// regions are scaled up, large ones down). For fixed-size models: the closest of 1024x1024,
// 1536x1024, 1024x1536. Unknown models get the gpt-image-2 rules.
RequestSize fit_request_size (int width, int height, std::string_view model);

// selection: the selection's bounding box in layer coordinates (empty: no selection, the whole
// layer). padding: context pixels added around it. The box is grown by `padding`, grown further
// (where the layer allows) towards the aspect of the fitted request size, and clamped to the
// layer. Errors (validation) for an empty layer or a selection outside the layer.
Result<EditRegion> plan_edit_region (PixelRect selection, int padding, int layer_width,
                                     int layer_height, std::string_view model);

} // namespace gptimage::plugin
