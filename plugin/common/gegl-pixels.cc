#include "gegl-pixels.h"

namespace gptimage::plugin {

namespace {

const Babl *
rgba_u8 ()
{
  return babl_format ("R'G'B'A u8");
}

const Babl *
rgb_u8 ()
{
  return babl_format ("R'G'B' u8");
}

// Pixels stored as 8-bit sRGB RGB, spread to RGBA in place: from the last pixel back, so that
// no pixel is overwritten before it is moved.
void
add_opaque_alpha (std::vector<std::uint8_t> &pixels, std::size_t count)
{
  for (std::size_t i = count; i-- > 0;)
    {
      pixels[i * 4 + 3] = 255;
      pixels[i * 4 + 2] = pixels[i * 3 + 2];
      pixels[i * 4 + 1] = pixels[i * 3 + 1];
      pixels[i * 4] = pixels[i * 3];
    }
}

} // namespace

RgbaImage
read_rgba (GeglBuffer *buffer, const Babl *stored, int x, int y, int width, int height)
{
  RgbaImage pixels;
  pixels.width = width;
  pixels.height = height;
  pixels.pixels.resize (static_cast<std::size_t> (width) * height * 4);
  GeglRectangle rect = { x, y, width, height };
  // A plug-in is a new process on every run, and babl's first conversion in a process is slow:
  // 330 ms for a 4K RGB layer to RGBA, where adding the alpha here takes 8 ms. So 8-bit sRGB
  // layers, the usual kind, are read as they are stored; babl converts all others.
  if (stored == rgb_u8 ())
    {
      gegl_buffer_get (buffer, &rect, 1.0, rgb_u8 (), pixels.pixels.data (), width * 3,
                       GEGL_ABYSS_NONE);
      add_opaque_alpha (pixels.pixels, static_cast<std::size_t> (width) * height);
    }
  else
    gegl_buffer_get (buffer, &rect, 1.0, rgba_u8 (), pixels.pixels.data (), width * 4,
                     GEGL_ABYSS_NONE);
  return pixels;
}

void
write_rgba (GeglBuffer *buffer, const RgbaImage &pixels)
{
  GeglRectangle rect = { 0, 0, pixels.width, pixels.height };
  gegl_buffer_set (buffer, &rect, 0, rgba_u8 (), pixels.pixels.data (), pixels.width * 4);
}

std::vector<std::uint8_t>
read_coverage (GeglBuffer *selection, int x, int y, int width, int height)
{
  std::vector<std::uint8_t> coverage (static_cast<std::size_t> (width) * height);
  GeglRectangle area = { x, y, width, height };
  gegl_buffer_get (selection, &area, 1.0, babl_format ("Y u8"), coverage.data (), width,
                   GEGL_ABYSS_NONE);
  return coverage;
}

} // namespace gptimage::plugin
