// The edit procedure's request, host-neutral: the layer's edit region (the selection's bounds
// plus padding, fitted to a size the model accepts) as the image, the selection as the mask,
// further layers as references; the results go back over the region (result-layers.h fits them). The host only
// reads pixels (edit-host-side readers below); nothing in GIMP is touched.
#pragma once

#include "edit-region.h"
#include "request-host.h"

#include "gptimage/image-codec.h"
#include "gptimage/parameter.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gptimage::plugin {

// A layer as the edit reads it: its size and a reader of layer-local rectangles (sRGB RGBA).
struct LayerPixels
{
  int width = 0;
  int height = 0;
  std::function<RgbaImage (const PixelRect &)> read;
};

struct EditInputs
{
  std::map<Param, std::string> given;
  int padding = 0;
  LayerPixels layer;
  int layer_x = 0; // the layer's offsets in the image
  int layer_y = 0;
  // The selection's bounds in image coordinates; none: no selection (the whole layer, no mask).
  std::optional<PixelRect> selection;
  // The selection's coverage (0..255) over a rectangle in image coordinates.
  std::function<std::vector<std::uint8_t> (const PixelRect &)> read_selection;
  // Further selected layers, sent whole (shrunk to the region's request size) as references.
  std::vector<LayerPixels> references;
};

// What the run found out before touching the image.
struct EditOutcome
{
  std::vector<RgbaImage> results; // at the region's size, or (another size asked) as they came
  std::vector<std::string> provenance; // of each result (compact JSON, provenance.h)
  std::string prompt;                  // as sent, the key taken out (for layer names)
  PixelRect region;               // where the region lies, in image coordinates
  bool masked = false;            // there was a selection: the new layers get it as a mask
};

Result<EditOutcome> fetch_edit (EditInputs inputs, RequestHost &host);

// The selection's bounds as gimp_selection_bounds gives them (x2, y2 exclusive), in image
// coordinates; none when nothing is selected.
std::optional<PixelRect> selection_bounds (bool selected, int x1, int y1, int x2, int y2);

} // namespace gptimage::plugin
