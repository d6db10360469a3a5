#include "layer-io.h"

#include "selection-input.h"

#include "gegl-pixels.h"

#include "gptimage/glib-ptr.h"

namespace gptimage::gimp2 {

gint32
insert_rgba_layer (gint32 image, const RgbaImage &pixels, const std::string &name, int x, int y,
                   gint32 anchor)
{
  gint32 layer = gimp_layer_new (image, name.c_str (), pixels.width, pixels.height,
                                 GIMP_RGBA_IMAGE, 100.0, GIMP_LAYER_MODE_NORMAL);
  if (layer == -1)
    return -1;
  // The anchor's own position pushes it down by one; position -1 with no parent means above
  // the active layer.
  gint32 parent = -1;
  int position = -1;
  if (anchor > 0 && gimp_item_is_layer (anchor) && gimp_item_get_image (anchor) == image)
    {
      parent = gimp_item_get_parent (anchor);
      position = gimp_image_get_item_position (image, anchor);
    }
  if (!gimp_image_insert_layer (image, layer, parent, position))
    {
      gimp_item_delete (layer);
      return -1;
    }
  gimp_layer_set_offsets (layer, x, y);
  ObjectPtr<GeglBuffer> buffer (gimp_drawable_get_buffer (layer));
  plugin::write_rgba (buffer.get (), pixels);
  buffer.reset (); // flushes the tiles to the core before the update
  gimp_drawable_update (layer, 0, 0, pixels.width, pixels.height);
  return layer;
}

RgbaImage
read_drawable (gint32 drawable, int x, int y, int width, int height)
{
  ObjectPtr<GeglBuffer> buffer (gimp_drawable_get_buffer (drawable));
  return plugin::read_rgba (buffer.get (), gimp_drawable_get_format (drawable), x, y, width,
                            height);
}

} // namespace gptimage::gimp2

// Declared in selection-input.h, shared with the other GIMP front.
namespace gptimage::plugin {

std::vector<std::uint8_t>
read_selection_coverage (ImageHandle image, int x, int y, int width, int height)
{
  ObjectPtr<GeglBuffer> buffer (gimp_drawable_get_buffer (gimp_image_get_selection (image)));
  return plugin::read_coverage (buffer.get (), x, y, width, height);
}

} // namespace gptimage::plugin
