// plug-in-gpt-image-generate (results as layers of the image) and plug-in-gpt-image-new (a new
// image), GIMP 2.10.
#include "gimp2-host.h"
#include "procedures.h"

#include "generate-request.h"
#include "i18n.h"

namespace gptimage::gimp2 {

namespace {

// A new image sized after the first result, holding every result as a layer.
gint32
new_image_with (const plugin::DecodedAnswer &results, std::vector<gint32> &layers)
{
  const RgbaImage &first = results.images.front ();
  gint32 image = gimp_image_new (first.width, first.height, GIMP_RGB);
  gimp_image_undo_disable (image); // a fresh image needs no undo history
  layers = add_result_layers (image, results.images, results.provenance, results.prompt,
                              canvas_rect (image), -1);
  gimp_image_undo_enable (image);
  return image;
}

Result<plugin::DecodedAnswer>
fetch (const RunContext &context, std::optional<PixelSize> canvas)
{
  return plugin::fetch_generations (given_values (context.values, plugin::generate_arguments ()),
                                    canvas, request_host ());
}

void
run_generate (const RunContext &context)
{
  ReturnValues &returned = ReturnValues::current ();
  if (gimp_image_base_type (context.image) != GIMP_RGB)
    return returned.error (plugin::not_rgb_message ());
  // The network call happens before the image is touched: errors leave it as it was.
  auto results = fetch (context, canvas_size (context.image));
  if (!results)
    return returned.error (results.error ());
  std::vector<gint32> layers = add_result_layers (context.image, results->images,
                                                  results->provenance, results->prompt,
                                                  canvas_rect (context.image), context.drawable);
  if (layers.empty ())
    return returned.error (plugin::layer_refused_message ());
  returned.success ();
  returned.add_layers (layers);
}

void
run_new (const RunContext &context)
{
  ReturnValues &returned = ReturnValues::current ();
  auto results = fetch (context, std::nullopt);
  if (!results)
    return returned.error (results.error ());
  std::vector<gint32> layers;
  gint32 image = new_image_with (results.value (), layers);
  if (layers.empty ())
    {
      gimp_image_delete (image);
      return returned.error (plugin::layer_refused_message ());
    }
  if (context.run_mode != GIMP_RUN_NONINTERACTIVE)
    gimp_display_new (image);
  returned.success ();
  returned.add_image (image);
  returned.add_layers (layers);
}

} // namespace

const Procedure &
generate_procedure ()
{
  static const Procedure procedure {
    plugin::generate_procedure_info, plugin::generate_procedure_arguments, true, "*",
    { { GIMP_PDB_INT32, "n-layers" }, { GIMP_PDB_INT32ARRAY, "layers" } },
    { N_ ("The number of new layers"), N_ ("The new layers") },
    run_generate, &plugin::generate_dialog_layout ()
  };
  return procedure;
}

const Procedure &
new_procedure ()
{
  static const Procedure procedure {
    plugin::new_procedure_info, plugin::generate_procedure_arguments, false, "",
    { { GIMP_PDB_IMAGE, "image" }, { GIMP_PDB_INT32, "n-layers" },
      { GIMP_PDB_INT32ARRAY, "layers" } },
    { N_ ("The new image"), N_ ("The number of layers"), N_ ("The layers") },
    run_new, &plugin::generate_dialog_layout ()
  };
  return procedure;
}

} // namespace gptimage::gimp2
