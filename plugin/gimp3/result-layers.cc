#include "result-layers.h"

#include "bench-timer.h"
#include "i18n.h"
#include "layer-io.h"
#include "request-runner.h"

#include "layer-name.h"

namespace gptimage::gimp3 {

std::vector<GimpLayer *>
add_result_layers (GimpImage *image, const std::vector<RgbaImage> &results,
                   const std::string &prompt, int x, int y, GimpDrawable *anchor)
{
  std::vector<GimpLayer *> layers;
  gimp_image_undo_group_start (image);
  // Inserted last first, each above the one before, so that result 1 ends up on top.
  GimpDrawable *below = anchor;
  for (std::size_t i = results.size (); i-- > 0;)
    {
      GimpLayer *layer = insert_rgba_layer (image, results[i],
                                            plugin::layer_name_from_prompt (
                                                prompt, static_cast<int> (i) + 1,
                                                static_cast<int> (results.size ())),
                                            x, y, below);
      if (!layer)
        {
          // All or nothing: a half-added set of results would not be what was asked for.
          for (GimpLayer *added : layers)
            gimp_image_remove_layer (image, added);
          layers.clear ();
          break;
        }
      layers.insert (layers.begin (), layer);
      below = GIMP_DRAWABLE (layer);
    }
  gimp_image_undo_group_end (image);
  bench_finish (kBenchResult);
  return layers;
}

GimpValueArray *
layer_refused_return (GimpProcedure *procedure)
{
  return error_return (procedure, std::string (_("GPT Image: GIMP refused the new layer")));
}

GimpValueArray *
layers_return (GimpProcedure *procedure, const std::vector<GimpLayer *> &layers)
{
  GimpValueArray *values = gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS,
                                                             nullptr);
  std::vector<GimpLayer *> terminated (layers);
  terminated.push_back (nullptr); // core object arrays are NULL-terminated
  GIMP_VALUES_SET_CORE_OBJECT_ARRAY (values, 1, terminated.data ());
  return values;
}

} // namespace gptimage::gimp3
