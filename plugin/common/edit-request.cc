#include "edit-request.h"

#include "bench-timer.h"
#include "i18n.h"
#include "pixel-scaling.h"
#include "request-runner.h"
#include "requested-size.h"
#include "selection-mask.h"

#include "gptimage/png-encoder.h"
#include "gptimage/validate.h"

#include <algorithm>
#include <cmath>
#include <future>

namespace gptimage::plugin {

namespace {

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
read_mask (const EditInputs &inputs, const PixelRect &rect, RequestSize size)
{
  std::vector<std::uint8_t> coverage = inputs.read_selection (
      { inputs.layer_x + rect.x, inputs.layer_y + rect.y, rect.width, rect.height });
  if (rect.width == size.width && rect.height == size.height)
    return selection_to_mask (coverage.data (), size.width, size.height);
  auto scaled = scale_pixels (coverage.data (), rect.width, rect.height, babl_format ("Y u8"),
                              size.width, size.height, GEGL_SAMPLER_LINEAR);
  return selection_to_mask (scaled.data (), size.width, size.height);
}

// The region as the first image and, with a selection, the mask. The layer is encoded on a
// second thread while this one reads the selection (host calls stay on this thread;
// encode_png uses neither GIMP nor GLib).
Status
add_region (RunInputs &run, const EditInputs &inputs, const PixelRect &source, RequestSize sent)
{
  const RgbaImage pixels = scale_rgba (inputs.layer.read (source), sent.width, sent.height);
  // Declared after `pixels`: leaving early, its destructor waits for the thread first.
  std::future<Result<ImageSource>> first
      = std::async (std::launch::async, [&pixels] { return png_source (pixels, "layer.png"); });
  std::optional<Result<ImageSource>> mask;
  if (inputs.selection)
    mask = png_source (read_mask (inputs, source, sent), "mask.png", PngAlpha::always);
  auto encoded = first.get ();
  if (!encoded)
    return std::move (encoded).error ();
  run.images.push_back (std::move (encoded).value ());
  if (mask)
    {
      if (!*mask)
        return std::move (*mask).error ();
      run.mask = std::move (*mask).value ();
    }
  return {};
}

// A further layer as a reference image: whole, shrunk to fit within `bounds`.
RgbaImage
read_reference (const LayerPixels &layer, RequestSize bounds)
{
  RgbaImage pixels = layer.read ({ 0, 0, layer.width, layer.height });
  const double factor = std::min ({ 1.0, double (bounds.width) / layer.width,
                                    double (bounds.height) / layer.height });
  if (factor >= 1.0)
    return pixels;
  return scale_rgba (std::move (pixels), std::max (1, int (std::lround (layer.width * factor))),
                     std::max (1, int (std::lround (layer.height * factor))));
}

} // namespace

Result<EditOutcome>
fetch_edit (EditInputs inputs, RequestHost &host)
{
  RunInputs run;
  run.route = Route::edits;
  run.config.given = inputs.given;
  // The region is fitted to what the model accepts, so the model must be known first.
  auto settings = load_plugin_settings ();
  if (!settings)
    return std::move (settings).error ();
  auto given_model = run.config.given.find (Param::image_model);
  const std::string model = given_model != run.config.given.end () ? given_model->second
                                                                    : settings->image_model;

  PixelRect selection; // layer coordinates; empty: the whole layer
  if (inputs.selection)
    selection = { inputs.selection->x - inputs.layer_x, inputs.selection->y - inputs.layer_y,
                  inputs.selection->width, inputs.selection->height };
  auto region = plan_edit_region (selection, inputs.padding, inputs.layer.width,
                                  inputs.layer.height, model);
  if (!region)
    return std::move (region).error ();
  const PixelRect source = region->source;
  // The region is sent at the planned size; an explicit `size` only sets the output size.
  const RequestSize sent = region->request;
  // Unless a size was given or configured, the result has the region's (matched) size; "auto"
  // means the same here, also for unknown models: an edit keeps its region's shape. (A
  // configuration error is reported by prepare_plugin_run below, naming the argument.)
  auto chosen = requested_size (run.config.given, Route::edits,
                                PixelSize { sent.width, sent.height });
  if (!chosen || chosen->matched || chosen->size == "auto")
    run.config.given[Param::size] = image_size_text ({ sent.width, sent.height });

  bench_start (kBenchUpload);
  if (auto added = add_region (run, inputs, source, sent); !added)
    return std::move (added).error ();
  for (std::size_t i = 0; i < inputs.references.size (); ++i)
    {
      if (run.images.size () >= kMaxEditImages)
        return Error::invalid ("drawables",
                               /* Translators: how many layers are selected. */
                               printf_string (g_dngettext (GETTEXT_PACKAGE, "%zu layer",
                                                           "%zu layers", i + 2),
                                              i + 2),
                               _("an edit takes at most 16 images; select fewer layers"));
      auto reference = png_source (read_reference (inputs.references[i], sent),
                                   "reference-" + std::to_string (i + 1) + ".png");
      if (!reference)
        return std::move (reference).error ();
      run.images.push_back (std::move (reference).value ());
    }

  auto prepared = prepare_plugin_run (std::move (run));
  if (prepared)
    bench_finish (kBenchUpload, g_bytes_get_size (prepared->request.body.get ()));
  auto answer = send_and_decode (prepared, _("GPT Image: editing…"), host);
  if (!answer)
    return std::move (answer).error ();

  EditOutcome outcome;
  // A result of the size sent is the region squeezed to that size: scaling it back exactly
  // undoes the squeeze. Any other size (an explicit size argument) is fitted when inserted.
  for (RgbaImage &pixels : answer->images)
    outcome.results.push_back (pixels.width == sent.width && pixels.height == sent.height
                                   ? scale_rgba (std::move (pixels), source.width, source.height)
                                   : std::move (pixels));
  outcome.region = { inputs.layer_x + source.x, inputs.layer_y + source.y, source.width,
                     source.height };
  outcome.masked = inputs.selection.has_value ();
  outcome.provenance = std::move (answer->provenance);
  outcome.prompt = std::move (answer->prompt);
  return outcome;
}

std::optional<PixelRect>
selection_bounds (bool selected, int x1, int y1, int x2, int y2)
{
  if (!selected)
    return std::nullopt;
  return PixelRect { x1, y1, x2 - x1, y2 - y1 };
}

} // namespace gptimage::plugin
