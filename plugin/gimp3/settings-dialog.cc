#include "settings-dialog.h"

#include "procedure-args.h"

#include "gptimage/config.h"

#include <libgimp/gimpui.h>

#include <memory>

namespace gptimage::gimp3 {

namespace {

// Destroys a top-level widget when the dialog run ends.
struct WidgetDestroy
{
  void operator() (GtkWidget *widget) const noexcept { gtk_widget_destroy (widget); }
};

} // namespace

Result<std::map<std::string, std::string>>
run_settings_dialog (GimpProcedure *procedure, GimpProcedureConfig *config)
{
  gimp_ui_init ("gpt-image");
  std::unique_ptr<GtkWidget, WidgetDestroy> dialog (
      gimp_procedure_dialog_new (procedure, config, "GPT Image Settings"));
  gimp_procedure_dialog_fill (GIMP_PROCEDURE_DIALOG (dialog.get ()), nullptr);

  // The key lives only in this entry and the config file; it is not a config property.
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic ("OpenAI API _key:");
  GtkWidget *entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "unchanged");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_box_pack_start (GTK_BOX (box), label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), entry, TRUE, TRUE, 0);
  gtk_container_set_border_width (GTK_CONTAINER (box), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog.get ()))), box,
                      FALSE, FALSE, 0);
  gtk_widget_show_all (box);

  if (!gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (dialog.get ())))
    return Error::cancelled_error ();

  std::map<std::string, std::string> values;
  auto put = [&values] (const char *key, std::string value) {
    if (!value.empty ())
      values[key] = std::move (value);
  };
  put (keys::base_url, config_string (config, "base-url"));
  put (keys::organization, config_string (config, "organization"));
  put (keys::project, config_string (config, "project"));
  if (int timeout = config_int (config, "timeout"); timeout > 0)
    values[keys::timeout] = std::to_string (timeout);
  put (keys::api_key, gtk_entry_get_text (GTK_ENTRY (entry)));
  return values;
}

} // namespace gptimage::gimp3
