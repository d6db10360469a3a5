// plug-in-gpt-image-respond, GIMP 2.10: the Responses route. The new response id is kept on the
// image as a persistent parasite, so that the next run there continues the conversation.
#include "gimp2-host.h"
#include "layer-io.h"
#include "selection-input.h"
#include "procedures.h"

#include "i18n.h"
#include "parasite-ptr.h"
#include "respond-request.h"


namespace gptimage::gimp2 {

namespace {

using plugin::ParasitePtr;

std::string
stored_response_id (gint32 image)
{
  ParasitePtr parasite (gimp_image_get_parasite (image, plugin::kResponseIdParasite));
  if (!parasite)
    return {};
  auto data = static_cast<const char *> (gimp_parasite_data (parasite.get ()));
  return data ? std::string (data, gimp_parasite_data_size (parasite.get ())) : std::string ();
}

void
store_response_id (gint32 image, const std::string &id)
{
  ParasitePtr parasite (gimp_parasite_new (plugin::kResponseIdParasite,
                                           GIMP_PARASITE_PERSISTENT | GIMP_PARASITE_UNDOABLE,
                                           static_cast<guint32> (id.size ()), id.data ()));
  gimp_image_attach_parasite (image, parasite.get ());
}

void
run_respond (const RunContext &context)
{
  ReturnValues &returned = ReturnValues::current ();
  const gint32 image = context.image;
  plugin::RespondInputs inputs;
  if (context.values.number ("send-layer"))
    {
      const gint32 layer = context.drawable;
      if (layer <= 0 || !gimp_item_is_layer (layer))
        return returned.error (plugin::send_layer_needs_layer_message ());
      inputs.layer = read_drawable (layer, 0, 0, gimp_drawable_width (layer),
                                    gimp_drawable_height (layer));
      inputs.coverage = plugin::selection_over_layer (image, layer, inputs.layer->width,
                                                      inputs.layer->height);
    }
  if (gimp_image_base_type (image) != GIMP_RGB)
    return returned.error (plugin::not_rgb_message ());
  inputs.given = given_values (context.values, plugin::respond_arguments ());
  inputs.stored_response_id = stored_response_id (image);
  inputs.canvas = canvas_size (image);

  auto answer = plugin::fetch_response (std::move (inputs), request_host ());
  if (!answer)
    return returned.error (answer.error ());

  gimp_image_undo_group_start (image);
  std::vector<gint32> layers = add_result_layers (image, answer->images, answer->provenance,
                                                  answer->prompt,
                                                  canvas_rect (image), context.drawable);
  if (!layers.empty () && !answer->response_id.empty ())
    store_response_id (image, answer->response_id);
  gimp_image_undo_group_end (image);
  if (layers.empty ())
    return returned.error (plugin::layer_refused_message ());
  returned.success ();
  returned.add_layers (layers);
  returned.add_string (answer->response_id);
}

} // namespace

const Procedure &
respond_procedure ()
{
  static const Procedure procedure {
    plugin::respond_procedure_info, plugin::respond_procedure_arguments, true, "*",
    { { GIMP_PDB_INT32, "n-layers" }, { GIMP_PDB_INT32ARRAY, "layers" },
      { GIMP_PDB_STRING, "response-id" } },
    { N_ ("The number of new layers"), N_ ("The new layers"),
      N_ ("The id of this response (resp_…)") },
    run_respond, &plugin::respond_dialog_layout ()
  };
  return procedure;
}

} // namespace gptimage::gimp2
