#include "selection-mask.h"

#include <cstddef>

namespace gptimage::plugin {

RgbaImage
selection_to_mask (const std::uint8_t *coverage, int width, int height)
{
  RgbaImage mask;
  // No pixels to read: an empty image, which encode_image refuses rather than sending a
  // mask of the wrong size.
  if (!coverage || width <= 0 || height <= 0)
    return mask;

  mask.width = width;
  mask.height = height;
  const std::size_t count = static_cast<std::size_t> (width) * static_cast<std::size_t> (height);
  mask.pixels.assign (count * 4, 0);
  for (std::size_t i = 0; i < count; ++i)
    mask.pixels[i * 4 + 3] = static_cast<std::uint8_t> (255 - coverage[i]);
  return mask;
}

} // namespace gptimage::plugin
