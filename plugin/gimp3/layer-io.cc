#include "layer-io.h"

#include "i18n.h"

#include "gptimage/glib-ptr.h"

#include <gegl.h>

namespace gptimage::gimp3 {

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

Result<std::vector<RgbaImage>>
decode_results (const ApiResult &result, const RequestedImage &requested)
{
  std::vector<RgbaImage> decoded;
  for (const GeneratedImage &image : result.images)
    {
      // The same check as the CLI's before it saves: the bytes decode as the format claimed.
      auto checked = check_result_image (image, requested);
      if (!checked)
        return Error { ErrorKind::protocol,
                       printf_string (_("result image %d could not be decoded: %s"),
                                      image.index + 1, checked.error ().message.c_str ()),
                       {}, 0, {}, {}, result.request_id };
      decoded.push_back (std::move (checked->pixels));
    }
  return decoded;
}

GimpLayer *
insert_rgba_layer (GimpImage *image, const RgbaImage &pixels, const std::string &name, int x,
                   int y, GimpDrawable *anchor)
{
  GimpLayer *layer = gimp_layer_new (image, name.c_str (), pixels.width, pixels.height,
                                     GIMP_RGBA_IMAGE, 100.0, GIMP_LAYER_MODE_NORMAL);
  if (!layer)
    return nullptr;
  // The anchor's own position pushes it down by one; position -1 with no parent means above
  // the active layer.
  GimpLayer *parent = nullptr;
  int position = -1;
  if (anchor && GIMP_IS_LAYER (anchor) && gimp_item_get_image (GIMP_ITEM (anchor)) == image)
    {
      parent = GIMP_LAYER (gimp_item_get_parent (GIMP_ITEM (anchor)));
      position = gimp_image_get_item_position (image, GIMP_ITEM (anchor));
    }
  if (!gimp_image_insert_layer (image, layer, parent, position))
    return nullptr;
  gimp_layer_set_offsets (layer, x, y);
  ObjectPtr<GeglBuffer> buffer (gimp_drawable_get_buffer (GIMP_DRAWABLE (layer)));
  GeglRectangle rect = { 0, 0, pixels.width, pixels.height };
  gegl_buffer_set (buffer.get (), &rect, 0, rgba_u8 (), pixels.pixels.data (),
                   pixels.width * 4);
  buffer.reset (); // flushes the tiles to the core before the update
  gimp_drawable_update (GIMP_DRAWABLE (layer), 0, 0, pixels.width, pixels.height);
  return layer;
}

RgbaImage
read_drawable (GimpDrawable *drawable, int x, int y, int width, int height)
{
  RgbaImage pixels;
  pixels.width = width;
  pixels.height = height;
  pixels.pixels.resize (static_cast<std::size_t> (width) * height * 4);
  ObjectPtr<GeglBuffer> buffer (gimp_drawable_get_buffer (drawable));
  GeglRectangle rect = { x, y, width, height };
  // A plug-in is a new process on every run, and babl's first conversion in a process is slow:
  // 330 ms for a 4K RGB layer to RGBA, where adding the alpha here takes 8 ms. So 8-bit sRGB
  // layers, the usual kind, are read as they are stored; babl converts all others.
  if (gimp_drawable_get_format (drawable) == rgb_u8 ())
    {
      gegl_buffer_get (buffer.get (), &rect, 1.0, rgb_u8 (), pixels.pixels.data (), width * 3,
                       GEGL_ABYSS_NONE);
      add_opaque_alpha (pixels.pixels, static_cast<std::size_t> (width) * height);
    }
  else
    gegl_buffer_get (buffer.get (), &rect, 1.0, rgba_u8 (), pixels.pixels.data (), width * 4,
                     GEGL_ABYSS_NONE);
  return pixels;
}

Result<std::string>
png_data_url (const RgbaImage &pixels, PngAlpha alpha)
{
  auto png = encode_png (pixels, alpha);
  if (!png)
    return std::move (png).error ();
  CharPtr base64 (g_base64_encode (png->data (), png->size ()));
  return std::string ("data:image/png;base64,") + base64.get ();
}

std::vector<std::uint8_t>
read_selection_coverage (GimpImage *image, int x, int y, int width, int height)
{
  std::vector<std::uint8_t> coverage (static_cast<std::size_t> (width) * height);
  ObjectPtr<GeglBuffer> buffer (
      gimp_drawable_get_buffer (GIMP_DRAWABLE (gimp_image_get_selection (image))));
  GeglRectangle area = { x, y, width, height };
  gegl_buffer_get (buffer.get (), &area, 1.0, babl_format ("Y u8"), coverage.data (), width,
                   GEGL_ABYSS_NONE);
  return coverage;
}

std::string
unsupported_image_reason (GimpImage *image)
{
  if (gimp_image_get_base_type (image) != GIMP_RGB)
    return _("GPT Image: results can only be added to RGB images; convert this one with "
             "Image > Mode > RGB first.");
  return {};
}

} // namespace gptimage::gimp3
