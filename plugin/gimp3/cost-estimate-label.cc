#include "cost-estimate-label.h"

#include "cost-preview.h"
#include "procedure-args.h"
#include "request-runner.h"

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
  std::optional<PixelSize> unset_size;
};

void
update (GtkLabel *label, const Estimate &estimate)
{
  const std::string text = plugin::cost_preview_text (plugin::preview_cost (
      given_values (estimate.config, estimate.set), estimate.set.route, estimate.configured,
      estimate.unset_size));
  gtk_label_set_text (label, text.c_str ());
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
                   const plugin::ArgumentSet &set, std::optional<PixelSize> unset_size)
{
  auto settings = plugin::load_plugin_settings ();
  auto *estimate = new Estimate { config, set,
                                  settings ? std::move (settings).value () : default_settings (),
                                  unset_size };
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
