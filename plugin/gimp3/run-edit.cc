// plug-in-gpt-image-edit: the active layer's edit region (the selection's bounds plus padding,
// fitted to a size the model accepts) goes to POST /images/edits with the selection as the
// mask; each result comes back as a new layer over exactly that region, masked by the
// selection, so nothing outside the selection changes. Pixels travel as PNG bytes in memory.
#include "bench-timer.h"
#include "i18n.h"
#include "interactive-run.h"
#include "layer-io.h"
#include "pixel-scaling.h"
#include "procedure-args.h"
#include "procedures.h"
#include "request-runner.h"
#include "result-layers.h"

#include "edit-region.h"
#include "selection-mask.h"

#include "gptimage/png-encoder.h"
#include "gptimage/validate.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <optional>

namespace gptimage::gimp3 {

namespace {

// What the run found out before touching the image.
struct EditOutcome
{
  std::vector<RgbaImage> results; // each already at the region's size
  std::string prompt;
  int x = 0;                      // where the region lies, in image coordinates
  int y = 0;
  bool masked = false;            // there was a selection: the new layers get it as a mask
};

// Masks keep their alpha channel whatever it holds; images drop it when every pixel is opaque.
Result<ImageSource>
png_source (const RgbaImage &pixels, std::string name, PngAlpha alpha = PngAlpha::when_used)
{
  auto png = encode_png (pixels, alpha);
  if (!png)
    return std::move (png).error ();
  return ImageSource::from_bytes (std::move (name), std::move (png).value ());
}

// The selection's coverage over the layer-local `rect`, scaled like the image.
RgbaImage
read_mask (GimpImage *image, int layer_x, int layer_y, const plugin::PixelRect &rect,
           plugin::RequestSize size)
{
  std::vector<std::uint8_t> coverage = read_selection_coverage (
      image, layer_x + rect.x, layer_y + rect.y, rect.width, rect.height);
  if (rect.width == size.width && rect.height == size.height)
    return plugin::selection_to_mask (coverage.data (), size.width, size.height);
  auto scaled = scale_pixels (coverage.data (), rect.width, rect.height, babl_format ("Y u8"),
                              size.width, size.height, GEGL_SAMPLER_LINEAR);
  return plugin::selection_to_mask (scaled.data (), size.width, size.height);
}

// The region as the first image and, with a selection, the mask. The layer is encoded on a
// second thread while this one reads the selection (libgimp calls stay on this thread;
// encode_png uses neither GIMP nor GLib).
Status
add_region (RunInputs &inputs, GimpImage *image, GimpDrawable *layer, int layer_x, int layer_y,
            const plugin::PixelRect &source, plugin::RequestSize sent, bool selected)
{
  const RgbaImage pixels = scale_rgba (read_drawable (layer, source.x, source.y, source.width,
                                                      source.height),
                                       sent.width, sent.height);
  // Declared after `pixels`: leaving early, its destructor waits for the thread first.
  std::future<Result<ImageSource>> first
      = std::async (std::launch::async, [&pixels] { return png_source (pixels, "layer.png"); });
  std::optional<Result<ImageSource>> mask;
  if (selected)
    mask = png_source (read_mask (image, layer_x, layer_y, source, sent), "mask.png",
                       PngAlpha::always);
  auto encoded = first.get ();
  if (!encoded)
    return std::move (encoded).error ();
  inputs.images.push_back (std::move (encoded).value ());
  if (mask)
    {
      if (!*mask)
        return std::move (*mask).error ();
      inputs.mask = std::move (*mask).value ();
    }
  return {};
}

// A further selected layer as a reference image: whole, shrunk to fit within `bounds`.
RgbaImage
read_reference (GimpDrawable *drawable, plugin::RequestSize bounds)
{
  const int width = gimp_drawable_get_width (drawable);
  const int height = gimp_drawable_get_height (drawable);
  RgbaImage pixels = read_drawable (drawable, 0, 0, width, height);
  const double factor = std::min ({ 1.0, double (bounds.width) / width,
                                    double (bounds.height) / height });
  if (factor >= 1.0)
    return pixels;
  return scale_rgba (std::move (pixels), std::max (1, int (std::lround (width * factor))),
                     std::max (1, int (std::lround (height * factor))));
}

Result<EditOutcome>
fetch_edit (GimpImage *image, GimpDrawable **drawables, GimpProcedureConfig *config)
{
  RunInputs inputs;
  inputs.route = Route::edits;
  inputs.config.given = given_values (config, edit_arguments ());
  const int padding = config_int (config, "padding");
  // The region is fitted to what the model accepts, so the model must be known first.
  auto settings = load_plugin_settings ();
  if (!settings)
    return std::move (settings).error ();
  auto given_model = inputs.config.given.find (Param::image_model);
  const std::string model = given_model != inputs.config.given.end () ? given_model->second
                                                                       : settings->image_model;

  GimpDrawable *layer = drawables[0];
  int layer_x = 0, layer_y = 0;
  gimp_drawable_get_offsets (layer, &layer_x, &layer_y);
  gboolean selected = FALSE;
  int x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  gimp_selection_bounds (image, &selected, &x1, &y1, &x2, &y2);
  plugin::PixelRect selection; // layer coordinates; empty: the whole layer
  if (selected)
    selection = { x1 - layer_x, y1 - layer_y, x2 - x1, y2 - y1 };
  auto region = plugin::plan_edit_region (selection, padding, gimp_drawable_get_width (layer),
                                          gimp_drawable_get_height (layer), model);
  if (!region)
    return std::move (region).error ();
  const plugin::PixelRect source = region->source;
  // The region is sent at the planned size; an explicit `size` only sets the output size.
  const plugin::RequestSize sent = region->request;
  // "auto" here means: the region's own size.
  std::string &size = inputs.config.given[Param::size];
  if (size.empty () || size == "auto")
    size = std::to_string (sent.width) + "x" + std::to_string (sent.height);

  bench_start (kBenchUpload);
  if (auto added = add_region (inputs, image, layer, layer_x, layer_y, source, sent, selected);
      !added)
    return std::move (added).error ();
  for (int i = 1; drawables[i]; ++i)
    {
      if (!GIMP_IS_LAYER (drawables[i]))
        continue; // channels and masks are not pictures to refer to
      if (inputs.images.size () >= kMaxEditImages)
        return Error::invalid ("drawables", std::to_string (i + 1) + " layers",
                               _("an edit takes at most 16 images; select fewer layers"));
      auto reference = png_source (read_reference (drawables[i], sent),
                                   "reference-" + std::to_string (i) + ".png");
      if (!reference)
        return std::move (reference).error ();
      inputs.images.push_back (std::move (reference).value ());
    }

  auto run = prepare_plugin_run (std::move (inputs));
  if (run)
    bench_finish (kBenchUpload, g_bytes_get_size (run->request.body.get ()));
  auto answer = send_and_decode (run, _("GPT Image: editing…"));
  if (!answer)
    return std::move (answer).error ();

  EditOutcome outcome;
  for (RgbaImage &pixels : answer->images)
    outcome.results.push_back (scale_rgba (std::move (pixels), source.width, source.height));
  outcome.prompt = config_string (config, "prompt");
  outcome.x = layer_x + source.x;
  outcome.y = layer_y + source.y;
  outcome.masked = selected;
  return outcome;
}

GimpValueArray *
run_edit (GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
          GimpDrawable **drawables, GimpProcedureConfig *config, gpointer data)
{
  if (wants_interactive_run (run_mode))
    return run_interactive (procedure, run_mode, config, edit_dialog_layout (), [=] {
      return run_edit (procedure, run_mode, image, drawables, config, data);
    });
  if (!image || !drawables || !drawables[0])
    return error_return (procedure, std::string (_("GPT Image: Edit with Selection needs an "
                                                   "image with a selected layer")));
  if (!GIMP_IS_LAYER (drawables[0]))
    return error_return (procedure,
                         std::string (_("GPT Image: Edit with Selection edits a layer, but "
                                        "the active drawable is a channel or layer mask; "
                                        "select a layer in the Layers dialog")));
  if (std::string reason = unsupported_image_reason (image); !reason.empty ())
    return error_return (procedure, reason);

  // The network call happens before the image is touched: errors leave it as it was.
  auto outcome = fetch_edit (image, drawables, config);
  if (!outcome)
    return error_return (procedure, outcome.error ());

  gimp_image_undo_group_start (image);
  std::vector<GimpLayer *> layers = add_result_layers (image, outcome->results, outcome->prompt,
                                                       outcome->x, outcome->y, drawables[0]);
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
  GimpProcedure *procedure = gimp_image_procedure_new (plug_in, kEditProc,
                                                       GIMP_PDB_PROC_TYPE_PLUGIN, run_edit,
                                                       nullptr, nullptr);
  gimp_procedure_set_image_types (procedure, "*");
  // One layer, or several (the others go as reference images). run() explains anything else.
  gimp_procedure_set_sensitivity_mask (procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE
                                                    | GIMP_PROCEDURE_SENSITIVE_DRAWABLES);
  gimp_procedure_set_menu_label (procedure, _("_Edit with Selection…"));
  gimp_procedure_add_menu_path (procedure, kMenuBranch);
  gimp_procedure_set_documentation (
      procedure, _("Edit the active layer inside the selection"),
      _("Sends the active layer's region around the selection (plus padding, fitted to a size "
        "the model accepts) to the OpenAI Images API (POST /images/edits) with the selection "
        "as the mask; further selected layers go as reference images. Each result becomes a "
        "new layer over the region, scaled back to it exactly and masked by the selection, in "
        "one undo step; the source layer is untouched. Without a selection the whole layer is "
        "sent with no mask. Returns the new layers."),
      kEditProc);
  set_common_attribution (procedure);
  add_table_arguments (procedure, edit_arguments ());
  gimp_procedure_add_int_argument (procedure, "padding", _("Padding"),
                                   _("Context pixels around the selection"), 0, 4096, 32,
                                   G_PARAM_READWRITE);
  gimp_procedure_add_core_object_array_return_value (procedure, "layers", _("Layers"),
                                                     _("The new layers"), GIMP_TYPE_LAYER,
                                                     G_PARAM_READWRITE);
  return procedure;
}

} // namespace gptimage::gimp3
