#include "selection-input.h"

namespace gptimage::plugin {

void
take_selection (ImageHandle image, EditInputs &inputs)
{
  gboolean selected = FALSE;
  int x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  gimp_selection_bounds (image, &selected, &x1, &y1, &x2, &y2);
  inputs.selection = selection_bounds (selected, x1, y1, x2, y2);
  inputs.read_selection = [image] (const PixelRect &rect) {
    return read_selection_coverage (image, rect.x, rect.y, rect.width, rect.height);
  };
}

std::vector<std::uint8_t>
selection_over_layer (ImageHandle image, DrawableHandle layer, int width, int height)
{
  if (gimp_selection_is_empty (image))
    return {};
  int offset_x = 0, offset_y = 0;
#if GIMP_CHECK_VERSION(2, 99, 0)
  gimp_drawable_get_offsets (layer, &offset_x, &offset_y);
#else
  gimp_drawable_offsets (layer, &offset_x, &offset_y);
#endif
  return read_selection_coverage (image, offset_x, offset_y, width, height);
}

} // namespace gptimage::plugin
