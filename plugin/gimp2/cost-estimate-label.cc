#include "cost-estimate-label.h"

#include "cost-preview.h"
#include "request-runner.h"

#include <memory>

namespace gptimage::gimp2 {

namespace {

constexpr const char *kEstimateKey = "gpt-image-cost-estimate";

// What the label follows; freed with the label.
struct Estimate
{
  const plugin::ArgumentSet &set;
  Settings configured;
  std::function<RunValues ()> read_values;
};

void
update (GtkWidget *label)
{
  auto *estimate = static_cast<Estimate *> (g_object_get_data (G_OBJECT (label), kEstimateKey));
  const std::string text = plugin::cost_preview_text (plugin::preview_cost (
      given_values (estimate->read_values (), estimate->set), estimate->set.route,
      estimate->configured));
  gtk_label_set_text (GTK_LABEL (label), text.c_str ());
}

void
on_changed (GObject *, gpointer label)
{
  update (GTK_WIDGET (label));
}

void
follow (GtkWidget *widget, GtkWidget *label)
{
  // A spin button is an entry too; its value is what counts.
  const char *signal = nullptr;
  if (GTK_IS_SPIN_BUTTON (widget))
    signal = "value-changed";
  else if (GTK_IS_COMBO_BOX (widget) || GTK_IS_ENTRY (widget))
    signal = "changed";
  else if (GTK_IS_TOGGLE_BUTTON (widget))
    signal = "toggled";
  if (signal)
    g_signal_connect_object (widget, signal, G_CALLBACK (on_changed), label, GConnectFlags (0));
  if (GTK_IS_CONTAINER (widget) && !GTK_IS_SPIN_BUTTON (widget))
    {
      GList *children = gtk_container_get_children (GTK_CONTAINER (widget));
      for (GList *child = children; child; child = child->next)
        follow (GTK_WIDGET (child->data), label);
      g_list_free (children);
    }
}

} // namespace

void
add_cost_estimate (GtkWidget *box, GtkWidget *watched, const plugin::ArgumentSet &set,
                   std::function<RunValues ()> read_values)
{
  auto settings = plugin::load_plugin_settings ();
  GtkWidget *label = gtk_label_new ("");
  gtk_misc_set_alignment (GTK_MISC (label), 0.0, 0.5);
  g_object_set_data_full (
      G_OBJECT (label), kEstimateKey,
      new Estimate { set, settings ? std::move (settings).value () : default_settings (),
                     std::move (read_values) },
      [] (gpointer data) { delete static_cast<Estimate *> (data); });
  gtk_box_pack_start (GTK_BOX (box), label, FALSE, FALSE, 0);
  update (label);
  follow (watched, label);
}

} // namespace gptimage::gimp2
