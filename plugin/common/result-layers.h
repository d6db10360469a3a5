// Puts decoded results into an image through the host (one layer each, named after the prompt,
// result 1 on top, fitted to the canvas or region), all or nothing, in one undo group.
#pragma once

#include "edit-region.h"

#include "gptimage/image-codec.h"

#include <string>
#include <vector>

namespace gptimage::plugin {

// Layers are GIMP item ids (both libgimps have them; 0 is no layer).
class LayerHost
{
public:
  virtual ~LayerHost () = default;
  // A new RGBA layer named `name` holding `pixels` at (x, y), inserted directly above the
  // layer `below` (in its group), or above the active layer when `below` is 0 or no layer of
  // the image. Returns its id, or 0 when GIMP refused.
  virtual int insert_layer (const RgbaImage &pixels, const std::string &name, int x, int y,
                            int below)
      = 0;
  virtual void remove_layer (int layer) = 0;
  virtual void undo_group_start () = 0;
  virtual void undo_group_end () = 0;
};

// Inserts one layer per result directly above `anchor` (the drawable the run was given; 0 or a
// non-layer: the active layer), inside one undo group, result 1 on top. Each result is scaled
// to fit `target` (the canvas, or the edit region, in image coordinates; result-fit.h).
// Returns the new layers; empty, with none left in the image, if GIMP refused one.
std::vector<int> add_result_layers (LayerHost &host, const std::vector<RgbaImage> &results,
                                    const std::string &prompt, const PixelRect &target,
                                    int anchor);

// The texts of the errors both fronts give before anything is sent or after GIMP refused.
std::string layer_refused_message ();
std::string not_rgb_message ();
std::string edit_needs_layer_message ();
std::string edit_needs_layer_not_channel_message ();
std::string send_layer_needs_layer_message ();

} // namespace gptimage::plugin
