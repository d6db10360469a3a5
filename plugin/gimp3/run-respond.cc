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


#include <memory>

namespace gptimage::gimp3 {

namespace {

struct ParasiteFree
{
  void operator() (GimpParasite *parasite) const noexcept { gimp_parasite_free (parasite); }
};
using ParasitePtr = std::unique_ptr<GimpParasite, ParasiteFree>;

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
  RunInputs inputs;
  inputs.route = Route::responses;
  inputs.config.given = given_values (config, respond_arguments ());
  std::string &previous = inputs.config.given[Param::previous_response_id];
  if (previous.empty ())
    previous = stored_response_id (image);
  // A value given is never empty: none means a new conversation.
  if (previous.empty () || previous == kNoPrevious)
    inputs.config.given.erase (Param::previous_response_id);
  if (input)
    {
      RgbaImage pixels = read_drawable (input, 0, 0, gimp_drawable_get_width (input),
                                        gimp_drawable_get_height (input));
      auto url = png_data_url (pixels);
      if (!url)
        return std::move (url).error ();
      inputs.input_images.push_back ({ InputImageRef::Kind::data_url, std::move (url).value () });
      // The selection says where to edit: it goes as input_image_mask over the sent layer.
      if (!gimp_selection_is_empty (image))
        {
          int offset_x = 0, offset_y = 0;
          gimp_drawable_get_offsets (input, &offset_x, &offset_y);
          auto coverage = read_selection_coverage (image, offset_x, offset_y, pixels.width,
                                                   pixels.height);
          auto mask_url = png_data_url (
              plugin::selection_to_mask (coverage.data (), pixels.width, pixels.height),
              PngAlpha::always);
          if (!mask_url)
            return std::move (mask_url).error ();
          inputs.input_mask = InputImageRef { InputImageRef::Kind::data_url,
                                              std::move (mask_url).value () };
        }
    }
  auto answer = send_and_decode (prepare_plugin_run (std::move (inputs)),
                                 _("GPT Image: conversation…"));
  if (!answer)
    return std::move (answer).error ();
  return Answer { std::move (answer->images), std::move (answer->response_id),
                  config_string (config, "prompt") };
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
  add_table_arguments (procedure, respond_arguments ());
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
