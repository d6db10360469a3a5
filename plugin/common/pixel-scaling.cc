#include "pixel-scaling.h"

#include "gptimage/glib-ptr.h"

namespace gptimage::plugin {

std::vector<std::uint8_t>
scale_pixels (const std::uint8_t *data, int width, int height, const Babl *format,
              int out_width, int out_height, GeglSamplerType sampler)
{
  const int bpp = babl_format_get_bytes_per_pixel (format);
  if (width == out_width && height == out_height)
    return std::vector<std::uint8_t> (data, data + static_cast<std::size_t> (width) * height * bpp);

  // A non-interactive run has no gimp_ui_init, which would load GEGL's operations; gegl_init
  // does it once and returns at once afterwards.
  gegl_init (nullptr, nullptr);

  // A buffer over the caller's memory (no copy; it only lives inside this call).
  GeglRectangle extent = { 0, 0, width, height };
  ObjectPtr<GeglBuffer> input (gegl_buffer_linear_new_from_data (
      const_cast<std::uint8_t *> (data), format, &extent, width * bpp, nullptr, nullptr));
  ObjectPtr<GeglNode> graph (gegl_node_new ());
  GeglNode *source = gegl_node_new_child (graph.get (), "operation", "gegl:buffer-source",
                                          "buffer", input.get (), nullptr);
  GeglNode *scale = gegl_node_new_child (graph.get (), "operation", "gegl:scale-size",
                                         "x", static_cast<double> (out_width),
                                         "y", static_cast<double> (out_height),
                                         "sampler", sampler,
                                         "abyss-policy", GEGL_ABYSS_CLAMP, nullptr);
  gegl_node_link (source, scale);

  std::vector<std::uint8_t> out (static_cast<std::size_t> (out_width) * out_height * bpp);
  GeglRectangle target = { 0, 0, out_width, out_height };
  gegl_node_blit (scale, 1.0, &target, format, out.data (), out_width * bpp, GEGL_BLIT_DEFAULT);
  return out;
}

RgbaImage
scale_rgba (RgbaImage image, int width, int height)
{
  if (image.width == width && image.height == height)
    return image;
  RgbaImage scaled;
  scaled.width = width;
  scaled.height = height;
  scaled.pixels = scale_pixels (image.pixels.data (), image.width, image.height,
                                babl_format ("R'G'B'A u8"), width, height, GEGL_SAMPLER_CUBIC);
  return scaled;
}

} // namespace gptimage::plugin
