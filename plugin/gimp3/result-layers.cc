#include "result-layers.h"

#include "layer-io.h"

#if GPT_IMAGE_HAVE_PLUGIN_COMMON
#include "layer-name.h"
#endif

namespace gptimage::gimp3 {

std::string
result_layer_name (const std::string &prompt, int index, int count)
{
#if GPT_IMAGE_HAVE_PLUGIN_COMMON
  return plugin::layer_name_from_prompt (prompt, index, count);
#else
  // Until plugin/common is built: a plain numbered name.
  (void) prompt;
  return count > 1 ? "GPT Image " + std::to_string (index + 1) : std::string ("GPT Image");
#endif
}

std::vector<GimpLayer *>
add_result_layers (GimpImage *image, const std::vector<RgbaImage> &results,
                   const std::string &prompt, int x, int y)
{
  std::vector<GimpLayer *> layers;
  gimp_image_undo_group_start (image);
  // Inserted last first, so that result 1 ends up on top of the stack.
  for (std::size_t i = results.size (); i-- > 0;)
    {
      GimpLayer *layer = insert_rgba_layer (image, results[i],
                                            result_layer_name (prompt, static_cast<int> (i),
                                                               static_cast<int> (results.size ())),
                                            x, y);
      if (!layer)
        {
          layers.clear ();
          break;
        }
      layers.insert (layers.begin (), layer);
    }
  gimp_image_undo_group_end (image);
  return layers;
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
