// plug-in-gpt-image-generate (results as layers of the current image, or of a new one when no
// image is open) and plug-in-gpt-image-new (always a new image).
#include "i18n.h"
#include "interactive-run.h"
#include "layer-io.h"
#include "procedure-args.h"
#include "procedures.h"
#include "gimp3-host.h"

#include "generate-request.h"


namespace gptimage::gimp3 {

namespace {

// Everything up to decoded pixels; nothing in GIMP is touched yet.
Result<plugin::DecodedAnswer>
fetch_generations (GimpProcedureConfig *config, GimpImage *image)
{
  std::optional<PixelSize> canvas;
  if (image)
    canvas = PixelSize { gimp_image_get_width (image), gimp_image_get_height (image) };
  return plugin::fetch_generations (given_values (config, plugin::generate_arguments ()), canvas,
                                    request_host ());
}

// A new image sized after the first result, holding every result as a layer.
GimpImage *
new_image_with (const plugin::DecodedAnswer &results, std::vector<GimpLayer *> &layers)
{
  const RgbaImage &first = results.images.front ();
  GimpImage *image = gimp_image_new (first.width, first.height, GIMP_RGB);
  gimp_image_undo_disable (image); // a fresh image needs no undo history
  layers = add_result_layers (image, results.images, results.provenance, results.prompt,
                              canvas_rect (image), nullptr);
  gimp_image_undo_enable (image);
  return image;
}

GimpValueArray *
run_generate (GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
              GimpDrawable **drawables, GimpProcedureConfig *config, gpointer data)
{
  if (wants_interactive_run (run_mode))
    return run_interactive (procedure, run_mode, config, plugin::generate_dialog_layout (),
                            [=] {
                              return run_generate (procedure, run_mode, image, drawables,
                                                   config, data);
                            });
  if (image)
    if (std::string reason = unsupported_image_reason (image); !reason.empty ())
      return error_return (procedure, reason);

  auto results = fetch_generations (config, image);
  if (!results)
    return error_return (procedure, results.error ());

  std::vector<GimpLayer *> layers;
  if (image)
    layers = add_result_layers (image, results->images, results->provenance, results->prompt,
                                canvas_rect (image), drawables ? drawables[0] : nullptr);
  else
    {
      image = new_image_with (results.value (), layers);
      if (run_mode == GIMP_RUN_INTERACTIVE)
        gimp_display_new (image);
    }
  if (layers.empty ())
    return layer_refused_return (procedure);
  return layers_return (procedure, layers);
}

GimpValueArray *
run_new (GimpProcedure *procedure, GimpProcedureConfig *config, gpointer data)
{
  GimpRunMode run_mode = GIMP_RUN_NONINTERACTIVE;
  g_object_get (config, "run-mode", &run_mode, nullptr);
  if (wants_interactive_run (run_mode))
    return run_interactive (procedure, run_mode, config, plugin::generate_dialog_layout (),
                            [=] { return run_new (procedure, config, data); });
  auto results = fetch_generations (config, nullptr);
  if (!results)
    return error_return (procedure, results.error ());

  std::vector<GimpLayer *> layers;
  GimpImage *image = new_image_with (results.value (), layers);
  if (layers.empty ())
    {
      gimp_image_delete (image);
      return layer_refused_return (procedure);
    }
  if (run_mode == GIMP_RUN_INTERACTIVE)
    gimp_display_new (image);
  GimpValueArray *values = gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS,
                                                             nullptr);
  GIMP_VALUES_SET_IMAGE (values, 1, image);
  return values;
}

} // namespace

GimpProcedure *
create_generate_procedure (GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_image_procedure_new (plug_in, plugin::kGenerateProc,
                                                       GIMP_PDB_PROC_TYPE_PLUGIN, run_generate,
                                                       nullptr, nullptr);
  gimp_procedure_set_image_types (procedure, "*");
  // Always runnable: without an image the results open as a new one.
  gimp_procedure_set_sensitivity_mask (procedure, GIMP_PROCEDURE_SENSITIVE_ALWAYS);
  describe_procedure (procedure, plugin::generate_procedure_info ());
  add_arguments (procedure, plugin::generate_procedure_arguments ());
  gimp_procedure_add_core_object_array_return_value (procedure, "layers", _("Layers"),
                                                     _("The new layers"), GIMP_TYPE_LAYER,
                                                     G_PARAM_READWRITE);
  return procedure;
}

GimpProcedure *
create_new_procedure (GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_procedure_new (plug_in, plugin::kNewProc,
                                                 GIMP_PDB_PROC_TYPE_PLUGIN, run_new, nullptr,
                                                 nullptr);
  // A menu entry needs run-mode as the first argument.
  gimp_procedure_add_enum_argument (procedure, "run-mode", _("Run mode"), _("The run mode"),
                                    GIMP_TYPE_RUN_MODE, GIMP_RUN_INTERACTIVE, G_PARAM_READWRITE);
  describe_procedure (procedure, plugin::new_procedure_info ());
  add_arguments (procedure, plugin::generate_procedure_arguments ());
  gimp_procedure_add_image_return_value (procedure, "image", _("Image"), _("The new image"), FALSE,
                                         G_PARAM_READWRITE);
  return procedure;
}

} // namespace gptimage::gimp3
