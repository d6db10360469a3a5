#include "result-layers.h"

#include "bench-timer.h"
#include "i18n.h"
#include "layer-name.h"
#include "pixel-scaling.h"
#include "result-fit.h"

namespace gptimage::plugin {

std::vector<int>
add_result_layers (LayerHost &host, const std::vector<RgbaImage> &results,
                   const std::string &prompt, const PixelRect &target, int anchor)
{
  std::vector<int> layers;
  host.undo_group_start ();
  // Inserted last first, each above the one before, so that result 1 ends up on top.
  int below = anchor;
  for (std::size_t i = results.size (); i-- > 0;)
    {
      const PixelRect place = fitted_placement (results[i].width, results[i].height, target);
      int layer = host.insert_layer (scale_rgba (results[i], place.width, place.height),
                                     layer_name_from_prompt (prompt, static_cast<int> (i) + 1,
                                                             static_cast<int> (results.size ())),
                                     place.x, place.y, below);
      if (!layer)
        {
          // All or nothing: a half-added set of results would not be what was asked for.
          for (int added : layers)
            host.remove_layer (added);
          layers.clear ();
          break;
        }
      layers.insert (layers.begin (), layer);
      below = layer;
    }
  host.undo_group_end ();
  bench_finish (kBenchResult);
  return layers;
}

std::string
layer_refused_message ()
{
  return _("GPT Image: GIMP refused the new layer");
}

std::string
not_rgb_message ()
{
  return _("GPT Image: results can only be added to RGB images; convert this one with "
           "Image > Mode > RGB first.");
}

std::string
edit_needs_layer_message ()
{
  return _("GPT Image: Edit with Selection needs an image with a selected layer");
}

std::string
edit_needs_layer_not_channel_message ()
{
  return _("GPT Image: Edit with Selection edits a layer, but the active drawable is a channel "
           "or layer mask; select a layer in the Layers dialog");
}

std::string
send_layer_needs_layer_message ()
{
  return _("GPT Image: send-layer needs an image with one selected layer");
}

} // namespace gptimage::plugin
