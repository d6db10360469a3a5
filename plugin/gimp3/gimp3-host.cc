#include "gimp3-host.h"

#include "layer-io.h"
#include "layer-provenance.h"
#include "request-runner.h"

namespace gptimage::gimp3 {

namespace {

class Gimp3LayerHost : public plugin::LayerHost
{
public:
  explicit Gimp3LayerHost (GimpImage *image) : image_ (image) {}

  int insert_layer (const RgbaImage &pixels, const std::string &name, int x, int y,
                    int below) override
  {
    GimpLayer *layer = insert_rgba_layer (image_, pixels, name, x, y,
                                          below ? GIMP_DRAWABLE (gimp_item_get_by_id (below))
                                                : nullptr);
    return layer ? gimp_item_get_id (GIMP_ITEM (layer)) : 0;
  }
  void remove_layer (int layer) override
  {
    gimp_image_remove_layer (image_, gimp_layer_get_by_id (layer));
  }
  void undo_group_start () override { gimp_image_undo_group_start (image_); }
  void undo_group_end () override { gimp_image_undo_group_end (image_); }

private:
  GimpImage *image_;
};

} // namespace

std::vector<GimpLayer *>
add_result_layers (GimpImage *image, const std::vector<RgbaImage> &results,
                   const std::vector<std::string> &provenance, const std::string &prompt,
                   const plugin::PixelRect &target, GimpDrawable *anchor)
{
  Gimp3LayerHost host (image);
  std::vector<GimpLayer *> layers;
  gimp_image_undo_group_start (image);
  std::vector<int> ids = plugin::add_result_layers (
      host, results, prompt, target, anchor ? gimp_item_get_id (GIMP_ITEM (anchor)) : 0);
  for (std::size_t i = 0; i < ids.size (); ++i)
    {
      if (i < provenance.size ())
        plugin::attach_provenance (ids[i], provenance[i]);
      layers.push_back (gimp_layer_get_by_id (ids[i]));
    }
  gimp_image_undo_group_end (image);
  return layers;
}

plugin::PixelRect
canvas_rect (GimpImage *image)
{
  return { 0, 0, gimp_image_get_width (image), gimp_image_get_height (image) };
}

GimpValueArray *
error_return (GimpProcedure *procedure, const Error &error)
{
  return error_return (procedure, plugin::explain_error (error));
}

GimpValueArray *
error_return (GimpProcedure *procedure, const std::string &message)
{
  // Ownership of the GError passes to the return values.
  GError *gerror = g_error_new_literal (g_quark_from_static_string ("gpt-image"), 0,
                                        message.c_str ());
  return gimp_procedure_new_return_values (procedure, GIMP_PDB_EXECUTION_ERROR, gerror);
}

GimpValueArray *
layer_refused_return (GimpProcedure *procedure)
{
  return error_return (procedure, plugin::layer_refused_message ());
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
