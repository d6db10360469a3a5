#include "layer-io.h"

#include "selection-input.h"

#include "gegl-pixels.h"
#include "result-layers.h"

#include "gptimage/glib-ptr.h"

namespace gptimage::gimp3 {

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
  plugin::write_rgba (buffer.get (), pixels);
  buffer.reset (); // flushes the tiles to the core before the update
  gimp_drawable_update (GIMP_DRAWABLE (layer), 0, 0, pixels.width, pixels.height);
  return layer;
}

RgbaImage
read_drawable (GimpDrawable *drawable, int x, int y, int width, int height)
{
  ObjectPtr<GeglBuffer> buffer (gimp_drawable_get_buffer (drawable));
  return plugin::read_rgba (buffer.get (), gimp_drawable_get_format (drawable), x, y, width,
                            height);
}

std::string
unsupported_image_reason (GimpImage *image)
{
  if (gimp_image_get_base_type (image) != GIMP_RGB)
    return plugin::not_rgb_message ();
  return {};
}

} // namespace gptimage::gimp3

// Declared in selection-input.h, shared with the other GIMP front.
namespace gptimage::plugin {

std::vector<std::uint8_t>
read_selection_coverage (ImageHandle image, int x, int y, int width, int height)
{
  ObjectPtr<GeglBuffer> buffer (
      gimp_drawable_get_buffer (GIMP_DRAWABLE (gimp_image_get_selection (image))));
  return plugin::read_coverage (buffer.get (), x, y, width, height);
}

} // namespace gptimage::plugin
