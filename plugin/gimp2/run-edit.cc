// plug-in-gpt-image-edit, GIMP 2.10: the active layer's edit region goes to POST /images/edits
// with the selection as the mask (plugin/common/edit-request.h); each result comes back as a
// new layer over exactly that region, masked by the selection, so nothing outside it changes.
#include "gimp2-host.h"
#include "layer-io.h"
#include "selection-input.h"
#include "procedures.h"

#include "edit-request.h"
#include "i18n.h"

namespace gptimage::gimp2 {

namespace {

Result<plugin::EditOutcome>
fetch_edit (const RunContext &context)
{
  const gint32 image = context.image;
  const gint32 layer = context.drawable;
  plugin::EditInputs inputs;
  inputs.given = given_values (context.values, plugin::edit_arguments ());
  inputs.padding = context.values.number ("padding");
  inputs.layer = { gimp_drawable_width (layer), gimp_drawable_height (layer),
                   [layer] (const plugin::PixelRect &rect) {
                     return read_drawable (layer, rect.x, rect.y, rect.width, rect.height);
                   } };
  gimp_drawable_offsets (layer, &inputs.layer_x, &inputs.layer_y);
  plugin::take_selection (image, inputs);
  return plugin::fetch_edit (std::move (inputs), request_host ());
}

void
run_edit (const RunContext &context)
{
  ReturnValues &returned = ReturnValues::current ();
  if (context.drawable <= 0)
    return returned.error (plugin::edit_needs_layer_message ());
  if (!gimp_item_is_layer (context.drawable))
    return returned.error (plugin::edit_needs_layer_not_channel_message ());
  if (gimp_image_base_type (context.image) != GIMP_RGB)
    return returned.error (plugin::not_rgb_message ());

  // The network call happens before the image is touched: errors leave it as it was.
  auto outcome = fetch_edit (context);
  if (!outcome)
    return returned.error (outcome.error ());

  gimp_image_undo_group_start (context.image);
  std::vector<gint32> layers = add_result_layers (context.image, outcome->results,
                                                  outcome->provenance,
                                                  outcome->prompt,
                                                  outcome->region, context.drawable);
  if (outcome->masked)
    for (gint32 layer : layers)
      gimp_layer_add_mask (layer, gimp_layer_create_mask (layer, GIMP_ADD_MASK_SELECTION));
  gimp_image_undo_group_end (context.image);
  if (layers.empty ())
    return returned.error (plugin::layer_refused_message ());
  returned.success ();
  returned.add_layers (layers);
}

} // namespace

const Procedure &
edit_procedure ()
{
  static const Procedure procedure {
    plugin::edit_procedure_info, plugin::edit_procedure_arguments, true, "*",
    { { GIMP_PDB_INT32, "n-layers" }, { GIMP_PDB_INT32ARRAY, "layers" } },
    { N_ ("The number of new layers"), N_ ("The new layers") },
    run_edit, &plugin::edit_dialog_layout ()
  };
  return procedure;
}

} // namespace gptimage::gimp2
