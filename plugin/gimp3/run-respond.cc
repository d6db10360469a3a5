// plug-in-gpt-image-respond: the Responses route. The new response id and the conversation's
// turn are kept on the image as persistent parasites (conversation-turn.h), so that the next
// run there continues the conversation; the dialog says which turn the message makes.
#include "i18n.h"
#include "interactive-run.h"
#include "layer-io.h"
#include "selection-input.h"
#include "procedure-args.h"
#include "procedures.h"
#include "gimp3-host.h"

#include "conversation-turn.h"
#include "parasite-ptr.h"
#include "respond-request.h"

namespace gptimage::gimp3 {

namespace {

using plugin::ParasitePtr;

std::string
parasite_text (GimpImage *image, const char *name)
{
  ParasitePtr parasite (gimp_image_get_parasite (image, name));
  if (!parasite)
    return {};
  guint32 size = 0;
  auto data = static_cast<const char *> (gimp_parasite_get_data (parasite.get (), &size));
  return data ? std::string (data, size) : std::string ();
}

void
attach_text (GimpImage *image, const char *name, const std::string &text)
{
  ParasitePtr parasite (gimp_parasite_new (name, GIMP_PARASITE_PERSISTENT | GIMP_PARASITE_UNDOABLE,
                                           static_cast<guint32> (text.size ()), text.data ()));
  gimp_image_attach_parasite (image, parasite.get ());
}

plugin::StoredConversation
stored_conversation (GimpImage *image)
{
  if (!image)
    return {};
  return { parasite_text (image, plugin::kResponseIdParasite),
           plugin::parse_turns (parasite_text (image, plugin::kConversationTurnParasite)) };
}

void
store_conversation (GimpImage *image, const std::string &response_id, std::optional<int> turn)
{
  attach_text (image, plugin::kResponseIdParasite, response_id);
  if (turn)
    attach_text (image, plugin::kConversationTurnParasite, std::to_string (*turn));
  else
    gimp_image_detach_parasite (image, plugin::kConversationTurnParasite);
}

bool
new_conversation_asked (GimpProcedureConfig *config)
{
  gboolean start_new = FALSE;
  g_object_get (config, plugin::kNewConversationArgument, &start_new, nullptr);
  return start_new;
}

Result<plugin::RespondAnswer>
fetch_response (GimpImage *image, GimpDrawable *input, GimpProcedureConfig *config)
{
  plugin::RespondInputs inputs;
  inputs.given = given_values (config, plugin::respond_arguments ());
  inputs.stored = stored_conversation (image);
  inputs.new_conversation = new_conversation_asked (config);
  if (image)
    inputs.canvas = PixelSize { gimp_image_get_width (image), gimp_image_get_height (image) };
  if (input)
    {
      inputs.layer = read_drawable (input, 0, 0, gimp_drawable_get_width (input),
                                    gimp_drawable_get_height (input));
      inputs.coverage = plugin::selection_over_layer (image, input, inputs.layer->width,
                                                      inputs.layer->height);
    }
  return plugin::fetch_response (std::move (inputs), request_host ());
}

GimpValueArray *
run_respond (GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
             GimpDrawable **drawables, GimpProcedureConfig *config, gpointer data)
{
  if (wants_interactive_run (run_mode))
    return run_interactive (
        procedure, run_mode, config, plugin::respond_dialog_layout (),
        [=] { return run_respond (procedure, run_mode, image, drawables, config, data); },
        [=, stored = stored_conversation (image)] {
          return plugin::conversation_line (stored,
                                            config_string (config, "previous-response-id"),
                                            new_conversation_asked (config));
        });
  GimpDrawable *input = nullptr;
  gboolean send_layer = FALSE;
  g_object_get (config, "send-layer", &send_layer, nullptr);
  if (send_layer)
    {
      if (!image || !drawables || !drawables[0] || !GIMP_IS_LAYER (drawables[0]))
        return error_return (procedure, plugin::send_layer_needs_layer_message ());
      input = drawables[0];
    }
  if (image)
    if (std::string reason = unsupported_image_reason (image); !reason.empty ())
      return error_return (procedure, reason);

  auto fetched = fetch_response (image, input, config);
  if (!fetched)
    return error_return (procedure, fetched.error ());
  const plugin::DecodedAnswer &answer = fetched->decoded;

  bool new_image = image == nullptr;
  if (new_image)
    {
      const RgbaImage &first = answer.images.front ();
      image = gimp_image_new (first.width, first.height, GIMP_RGB);
    }
  gimp_image_undo_group_start (image);
  std::vector<GimpLayer *> layers = add_result_layers (image, answer.images,
                                                       answer.provenance,
                                                       answer.prompt,
                                                       canvas_rect (image),
                                                       drawables ? drawables[0] : nullptr);
  if (!layers.empty () && !answer.response_id.empty ())
    store_conversation (image, answer.response_id, fetched->turn);
  gimp_image_undo_group_end (image);
  if (layers.empty ())
    return layer_refused_return (procedure);
  if (new_image && run_mode == GIMP_RUN_INTERACTIVE)
    gimp_display_new (image);

  GimpValueArray *values = layers_return (procedure, layers);
  GIMP_VALUES_SET_STRING (values, 2, answer.response_id.c_str ());
  return values;
}

} // namespace

GimpProcedure *
create_respond_procedure (GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_image_procedure_new (plug_in, plugin::kRespondProc,
                                                       GIMP_PDB_PROC_TYPE_PLUGIN, run_respond,
                                                       nullptr, nullptr);
  gimp_procedure_set_image_types (procedure, "*");
  gimp_procedure_set_sensitivity_mask (procedure, GIMP_PROCEDURE_SENSITIVE_ALWAYS);
  describe_procedure (procedure, plugin::respond_procedure_info ());
  add_arguments (procedure, plugin::respond_procedure_arguments ());
  gimp_procedure_add_core_object_array_return_value (procedure, "layers", _("Layers"),
                                                     _("The new layers"), GIMP_TYPE_LAYER,
                                                     G_PARAM_READWRITE);
  gimp_procedure_add_string_return_value (procedure, "response-id", _("Response id"),
                                          _("The id of this response (resp_…)"), "",
                                          G_PARAM_READWRITE);
  return procedure;
}

} // namespace gptimage::gimp3
