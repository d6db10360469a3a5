// plug-in-gpt-image-edit: the active layer's edit region (the selection's bounds plus padding,
// fitted to a size the model accepts) goes to POST /images/edits with the selection as the
// mask; each result comes back as a new layer over exactly that region, masked by the
// selection, so nothing outside the selection changes. Pixels travel as PNG bytes in memory.
#include "gimp3-host.h"
#include "i18n.h"
#include "interactive-run.h"
#include "layer-io.h"
#include "selection-input.h"
#include "procedure-args.h"
#include "procedures.h"

#include "edit-request.h"

namespace gptimage::gimp3 {

namespace {

plugin::LayerPixels
layer_pixels (GimpDrawable *drawable)
{
  return { gimp_drawable_get_width (drawable), gimp_drawable_get_height (drawable),
           [drawable] (const plugin::PixelRect &rect) {
             return read_drawable (drawable, rect.x, rect.y, rect.width, rect.height);
           } };
}

// The drawables the run was given, read through the common edit request.
Result<plugin::EditOutcome>
fetch_edit (GimpImage *image, GimpDrawable **drawables, GimpProcedureConfig *config)
{
  plugin::EditInputs inputs;
  inputs.given = given_values (config, plugin::edit_arguments ());
  inputs.padding = config_int (config, "padding");
  GimpDrawable *layer = drawables[0];
  inputs.layer = layer_pixels (layer);
  gimp_drawable_get_offsets (layer, &inputs.layer_x, &inputs.layer_y);
  plugin::take_selection (image, inputs);
  for (int i = 1; drawables[i]; ++i)
    if (GIMP_IS_LAYER (drawables[i])) // channels and masks are not pictures to refer to
      inputs.references.push_back (layer_pixels (drawables[i]));
  return plugin::fetch_edit (std::move (inputs), request_host ());
}

GimpValueArray *
run_edit (GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
          GimpDrawable **drawables, GimpProcedureConfig *config, gpointer data)
{
  if (wants_interactive_run (run_mode))
    return run_interactive (procedure, run_mode, config, plugin::edit_dialog_layout (), [=] {
      return run_edit (procedure, run_mode, image, drawables, config, data);
    });
  if (!image || !drawables || !drawables[0])
    return error_return (procedure, plugin::edit_needs_layer_message ());
  if (!GIMP_IS_LAYER (drawables[0]))
    return error_return (procedure, plugin::edit_needs_layer_not_channel_message ());
  if (std::string reason = unsupported_image_reason (image); !reason.empty ())
    return error_return (procedure, reason);

  // The network call happens before the image is touched: errors leave it as it was.
  auto outcome = fetch_edit (image, drawables, config);
  if (!outcome)
    return error_return (procedure, outcome.error ());

  gimp_image_undo_group_start (image);
  std::vector<GimpLayer *> layers = add_result_layers (image, outcome->results,
                                                       outcome->provenance,
                                                       outcome->prompt,
                                                       outcome->region, drawables[0]);
  if (outcome->masked)
    for (GimpLayer *layer : layers)
      gimp_layer_add_mask (layer, gimp_layer_create_mask (layer, GIMP_ADD_MASK_SELECTION));
  gimp_image_undo_group_end (image);
  if (layers.empty ())
    return layer_refused_return (procedure);
  return layers_return (procedure, layers);
}

} // namespace

GimpProcedure *
create_edit_procedure (GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_image_procedure_new (plug_in, plugin::kEditProc,
                                                       GIMP_PDB_PROC_TYPE_PLUGIN, run_edit,
                                                       nullptr, nullptr);
  gimp_procedure_set_image_types (procedure, "*");
  // One layer, or several (the others go as reference images). run() explains anything else.
  gimp_procedure_set_sensitivity_mask (procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE
                                                    | GIMP_PROCEDURE_SENSITIVE_DRAWABLES);
  describe_procedure (procedure, plugin::edit_procedure_info ());
  add_arguments (procedure, plugin::edit_procedure_arguments ());
  gimp_procedure_add_core_object_array_return_value (procedure, "layers", _("Layers"),
                                                     _("The new layers"), GIMP_TYPE_LAYER,
                                                     G_PARAM_READWRITE);
  return procedure;
}

} // namespace gptimage::gimp3
