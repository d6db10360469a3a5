#include "cost-estimate-label.h"

#include "cost-preview.h"
#include "i18n.h"
#include "procedure-args.h"
#include "request-runner.h"
#include "requested-size.h"

#include "gptimage/glib-ptr.h"

#include <string_view>

namespace gptimage::gimp3 {

namespace {

constexpr const char *kLabelId = "cost-estimate";

// What the label follows; freed with the label.
struct Estimate
{
  GimpProcedureConfig *config;
  const plugin::ArgumentSet &set;
  Settings configured;
  std::optional<PixelSize> canvas;
};

// What the request will ask for: the size a run computes (an Edit's unset size follows its
// region, which the run plans from the selection).
std::string
size_line (const std::map<Param, std::string> &given, const Estimate &estimate)
{
  auto size = given.find (Param::size);
  std::string shown = size != given.end () ? size->second : estimate.configured.image.size;
  if (estimate.set.route == Route::edits && (size == given.end () || shown == "auto"))
    return _("Size requested: the selection's own size");
  /* Translators: %s is a size such as "1024x768", or words for "auto". */
  return plugin::printf_string (_("Size requested: %s"),
                                plugin::size_for_display (shown).c_str ());
}

void
update (GtkLabel *label, const Estimate &estimate)
{
  auto given = given_values (estimate.config, estimate.set);
  if (estimate.set.route != Route::edits)
    plugin::request_canvas_size (given, estimate.set.route, estimate.canvas);
  const std::string text
      = size_line (given, estimate) + "\n"
        + plugin::cost_preview_text (plugin::preview_cost (given, estimate.set.route,
                                                           estimate.configured));
  gtk_label_set_text (label, text.c_str ());
}

std::optional<PixelSize>
canvas_of (GimpProcedureConfig *config)
{
  if (!config_has (config, "image"))
    return std::nullopt;
  GimpImage *held = nullptr;
  g_object_get (config, "image", &held, nullptr);
  ObjectPtr<GimpImage> image (held);
  if (!image)
    return std::nullopt;
  return PixelSize { gimp_image_get_width (image.get ()), gimp_image_get_height (image.get ()) };
}

void
on_config_changed (GimpProcedureConfig *, GParamSpec *pspec, gpointer label)
{
  // The prompt's text costs nothing worth a recount at every key.
  if (std::string_view (pspec->name) == "prompt")
    return;
  auto *estimate = static_cast<Estimate *> (g_object_get_data (G_OBJECT (label), kLabelId));
  update (GTK_LABEL (label), *estimate);
}

} // namespace

const char *
add_cost_estimate (GimpProcedureDialog *dialog, GimpProcedureConfig *config,
                   const plugin::ArgumentSet &set)
{
  auto settings = plugin::load_plugin_settings ();
  auto *estimate = new Estimate { config, set,
                                  settings ? std::move (settings).value () : default_settings (),
                                  canvas_of (config) };
  GtkWidget *label = gimp_procedure_dialog_get_label (dialog, kLabelId, "", FALSE, FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  g_object_set_data_full (G_OBJECT (label), kLabelId, estimate,
                          [] (gpointer data) { delete static_cast<Estimate *> (data); });
  update (GTK_LABEL (label), *estimate);
  // Disconnected when the label goes: the config outlives the dialog.
  g_signal_connect_object (config, "notify", G_CALLBACK (on_config_changed), label,
                           GConnectFlags (0));
  return kLabelId;
}

} // namespace gptimage::gimp3
