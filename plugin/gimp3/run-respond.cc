// plug-in-gpt-image-respond: the Responses route. The new response id is kept on the image as
// a persistent parasite, so that the next run there continues the conversation.
#include "i18n.h"
#include "interactive-run.h"
#include "layer-io.h"
#include "procedure-args.h"
#include "procedures.h"
#include "request-runner.h"
#include "result-layers.h"
#include "selection-mask.h"

#include "gptimage/validate.h"

#include <memory>

namespace gptimage::gimp3 {

namespace {

struct ParasiteFree
{
  void operator() (GimpParasite *parasite) const noexcept { gimp_parasite_free (parasite); }
};
using ParasitePtr = std::unique_ptr<GimpParasite, ParasiteFree>;

const ArgumentSet kRespondArgs { true, true, true, false, false, "gpt-5.4",
                                 N_ ("Responses model; empty = the configured one (gpt-5.4)") };

// "none" starts a new conversation even when the image has an id stored.
constexpr const char *kNoPrevious = "none";

std::string
stored_response_id (GimpImage *image)
{
  if (!image)
    return {};
  ParasitePtr parasite (gimp_image_get_parasite (image, kResponseIdParasite));
  if (!parasite)
    return {};
  guint32 size = 0;
  auto data = static_cast<const char *> (gimp_parasite_get_data (parasite.get (), &size));
  return data ? std::string (data, size) : std::string ();
}

void
store_response_id (GimpImage *image, const std::string &id)
{
  ParasitePtr parasite (gimp_parasite_new (kResponseIdParasite,
                                           GIMP_PARASITE_PERSISTENT | GIMP_PARASITE_UNDOABLE,
                                           static_cast<guint32> (id.size ()), id.data ()));
  gimp_image_attach_parasite (image, parasite.get ());
}

struct Answer
{
  std::vector<RgbaImage> results;
  std::string response_id;
  std::string prompt;
};

Result<Answer>
fetch_response (GimpImage *image, GimpDrawable *input, GimpProcedureConfig *config)
{
  auto settings = load_plugin_settings ();
  if (!settings)
    return std::move (settings).error ();
  ImageArguments args = read_image_arguments (config, kRespondArgs, settings->image);

  ResponsesParams params;
  params.model = args.model.empty () ? settings->responses_model : args.model;
  std::string tool_model = config_string (config, "tool-model");
  params.tool_model = tool_model.empty () ? settings->tool_model : tool_model;
  params.input_texts.push_back (args.prompt);
  std::string action = config_string (config, "action");
  if (!action.empty ())
    params.action = action;
  params.tool_choice = settings->tool_choice;
  std::string previous = config_string (config, "previous-response-id");
  if (previous.empty ())
    previous = stored_response_id (image);
  if (!previous.empty () && previous != kNoPrevious)
    params.previous_response_id = previous;
  if (input)
    {
      RgbaImage pixels = read_drawable (input, 0, 0, gimp_drawable_get_width (input),
                                        gimp_drawable_get_height (input));
      auto url = png_data_url (pixels);
      if (!url)
        return std::move (url).error ();
      params.input_images.push_back ({ InputImageRef::Kind::data_url, std::move (url).value () });
      // The selection says where to edit: it goes as input_image_mask over the sent layer.
      if (!gimp_selection_is_empty (image))
        {
          int offset_x = 0, offset_y = 0;
          gimp_drawable_get_offsets (input, &offset_x, &offset_y);
          auto coverage = read_selection_coverage (image, offset_x, offset_y, pixels.width,
                                                   pixels.height);
          auto mask_url = png_data_url (
              plugin::selection_to_mask (coverage.data (), pixels.width, pixels.height));
          if (!mask_url)
            return std::move (mask_url).error ();
          params.mask = InputImageRef { InputImageRef::Kind::data_url,
                                        std::move (mask_url).value () };
        }
    }
  params.image = args.image;
  params.image.response_format.reset (); // Images API only
  params.image.n = 1;
  if (Status valid = validate_responses (params); !valid)
    return std::move (valid).error ();
  auto answer = send_and_decode (settings.value (),
                                 build_responses_request (settings->base_url, params),
                                 _("GPT Image: conversation…"),
                                 params.image.partial_images.value_or (0));
  if (!answer)
    return std::move (answer).error ();
  return Answer { std::move (answer->images), std::move (answer->response_id), args.prompt };
}

GimpValueArray *
run_respond (GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
             GimpDrawable **drawables, GimpProcedureConfig *config, gpointer data)
{
  if (wants_interactive_run (run_mode))
    return run_interactive (procedure, run_mode, config, respond_dialog_layout (), [=] {
      return run_respond (procedure, run_mode, image, drawables, config, data);
    });
  GimpDrawable *input = nullptr;
  gboolean send_layer = FALSE;
  g_object_get (config, "send-layer", &send_layer, nullptr);
  if (send_layer)
    {
      if (!image || !drawables || !drawables[0] || !GIMP_IS_LAYER (drawables[0]))
        return error_return (procedure, std::string (_("GPT Image: send-layer needs an image "
                                                       "with one selected layer")));
      input = drawables[0];
    }
  if (image)
    if (std::string reason = unsupported_image_reason (image); !reason.empty ())
      return error_return (procedure, reason);

  auto answer = fetch_response (image, input, config);
  if (!answer)
    return error_return (procedure, answer.error ());

  bool new_image = image == nullptr;
  if (new_image)
    {
      const RgbaImage &first = answer->results.front ();
      image = gimp_image_new (first.width, first.height, GIMP_RGB);
    }
  gimp_image_undo_group_start (image);
  std::vector<GimpLayer *> layers = add_result_layers (image, answer->results, answer->prompt,
                                                       0, 0, drawables ? drawables[0] : nullptr);
  if (!layers.empty () && !answer->response_id.empty ())
    store_response_id (image, answer->response_id);
  gimp_image_undo_group_end (image);
  if (layers.empty ())
    return layer_refused_return (procedure);
  if (new_image && run_mode == GIMP_RUN_INTERACTIVE)
    gimp_display_new (image);

  GimpValueArray *values = layers_return (procedure, layers);
  GIMP_VALUES_SET_STRING (values, 2, answer->response_id.c_str ());
  return values;
}

} // namespace

GimpProcedure *
create_respond_procedure (GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_image_procedure_new (plug_in, kRespondProc,
                                                       GIMP_PDB_PROC_TYPE_PLUGIN, run_respond,
                                                       nullptr, nullptr);
  gimp_procedure_set_image_types (procedure, "*");
  gimp_procedure_set_sensitivity_mask (procedure, GIMP_PROCEDURE_SENSITIVE_ALWAYS);
  gimp_procedure_set_menu_label (procedure, _("_Conversation…"));
  gimp_procedure_add_menu_path (procedure, kMenuBranch);
  gimp_procedure_set_documentation (
      procedure, _("Generate or refine an image in a conversation (Responses API)"),
      _("Sends the prompt (and optionally the active layer) to POST /responses with the "
        "image_generation tool. The response id is stored on the image (parasite "
        "gpt-image-response-id) and used as previous-response-id by the next run, so each run "
        "refines the last. Returns the new layers and the response id."),
      kRespondProc);
  set_common_attribution (procedure);
  add_image_arguments (procedure, kRespondArgs);
  GimpChoice *actions = gimp_choice_new_with_values (
      "auto", 0, C_ ("action", "Auto"), nullptr, "generate", 1, C_ ("action", "Generate"),
      nullptr, "edit", 2, C_ ("action", "Edit"), nullptr, nullptr);
  gimp_procedure_add_choice_argument (procedure, "action", _("Action"),
                                      _("Whether the tool generates or edits"), actions, "auto",
                                      G_PARAM_READWRITE);
  gimp_procedure_add_string_argument (procedure, "tool-model", _("Tool model"),
                                      _("image_generation tool model; empty = configured"), "",
                                      G_PARAM_READWRITE);
  gimp_procedure_add_string_argument (
      procedure, "previous-response-id", _("Previous response id"),
      _("Empty: the id stored on the image by the last run; \"none\": a new conversation"), "",
      G_PARAM_READWRITE);
  gimp_procedure_add_boolean_argument (procedure, "send-layer", _("Send the active layer"),
                                       _("Send the active layer as an input image"), FALSE,
                                       G_PARAM_READWRITE);
  gimp_procedure_add_core_object_array_return_value (procedure, "layers", _("Layers"),
                                                     _("The new layers"), GIMP_TYPE_LAYER,
                                                     G_PARAM_READWRITE);
  gimp_procedure_add_string_return_value (procedure, "response-id", _("Response id"),
                                          _("The id of this response (resp_…)"), "",
                                          G_PARAM_READWRITE);
  return procedure;
}

} // namespace gptimage::gimp3
