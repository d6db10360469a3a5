// plug-in-gpt-image-respond, GIMP 2.10: the Responses route. The new response id and the
// conversation's turn are kept on the image as persistent parasites (conversation-turn.h), so
// that the next run there continues the conversation.
#include "gimp2-host.h"
#include "layer-io.h"
#include "selection-input.h"
#include "procedures.h"

#include "conversation-turn.h"
#include "i18n.h"
#include "parasite-ptr.h"
#include "respond-request.h"


namespace gptimage::gimp2 {

namespace {

using plugin::ParasitePtr;

std::string
parasite_text (gint32 image, const char *name)
{
  ParasitePtr parasite (gimp_image_get_parasite (image, name));
  if (!parasite)
    return {};
  auto data = static_cast<const char *> (gimp_parasite_data (parasite.get ()));
  return data ? std::string (data, gimp_parasite_data_size (parasite.get ())) : std::string ();
}

void
attach_text (gint32 image, const char *name, const std::string &text)
{
  ParasitePtr parasite (gimp_parasite_new (name, GIMP_PARASITE_PERSISTENT | GIMP_PARASITE_UNDOABLE,
                                           static_cast<guint32> (text.size ()), text.data ()));
  gimp_image_attach_parasite (image, parasite.get ());
}

plugin::StoredConversation
stored_conversation (gint32 image)
{
  return { parasite_text (image, plugin::kResponseIdParasite),
           plugin::parse_turns (parasite_text (image, plugin::kConversationTurnParasite)) };
}

void
store_conversation (gint32 image, const std::string &response_id, std::optional<int> turn)
{
  attach_text (image, plugin::kResponseIdParasite, response_id);
  if (turn)
    attach_text (image, plugin::kConversationTurnParasite, std::to_string (*turn));
  else
    gimp_image_detach_parasite (image, plugin::kConversationTurnParasite);
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
  inputs.stored = stored_conversation (image);
  inputs.new_conversation = context.values.number (plugin::kNewConversationArgument) != 0;
  inputs.canvas = canvas_size (image);

  auto fetched = plugin::fetch_response (std::move (inputs), request_host ());
  if (!fetched)
    return returned.error (fetched.error ());
  const plugin::DecodedAnswer &answer = fetched->decoded;

  gimp_image_undo_group_start (image);
  std::vector<gint32> layers = add_result_layers (image, answer.images, answer.provenance,
                                                  answer.prompt,
                                                  canvas_rect (image), context.drawable);
  if (!layers.empty () && !answer.response_id.empty ())
    store_conversation (image, answer.response_id, fetched->turn);
  gimp_image_undo_group_end (image);
  if (layers.empty ())
    return returned.error (plugin::layer_refused_message ());
  returned.success ();
  returned.add_layers (layers);
  returned.add_string (answer.response_id);
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
