// plug-in-gpt-image-info: the provenance a result layer holds (layer-provenance.h), shown in a
// dialog, or returned field by field to a script.
#include "gimp3-host.h"
#include "i18n.h"
#include "procedures.h"

#include "dialog-probe.h"
#include "dialog-values.h"
#include "layer-provenance.h"
#include "provenance-text.h"
#include "widget-ptr.h"

#include "gptimage/provenance.h"

#include <libgimp/gimpui.h>

#include <climits>

namespace gptimage::gimp3 {

namespace {

using plugin::WidgetPtr;

// The Info dialog's "Use these settings" button: noted, and the dialog closed.
void
on_reuse_clicked (GtkButton *button, gpointer reuse)
{
  *static_cast<bool *> (reuse) = true;
  gtk_dialog_response (GTK_DIALOG (gtk_widget_get_toplevel (GTK_WIDGET (button))),
                       GTK_RESPONSE_OK);
}

// Opens the Generate dialog with the layer's prompt and settings: they go where the dialog
// restores its last accepted values from (dialog-values.h).
void
reuse_in_generate (const Provenance &p, GimpImage *image, GimpDrawable *drawable)
{
  plugin::DialogValues values;
  const std::pair<const char *, std::string> fields[]
      = { { "prompt", p.prompt },         { "size", p.size },
          { "quality", p.quality },       { "model", p.model },
          { "output-format", p.output_format }, { "background", p.background },
          { "n", std::to_string (p.n) } };
  for (const auto &[name, value] : fields)
    if (!value.empty ())
      values[name] = value;
  if (Status saved = plugin::save_dialog_values (plugin::kGenerateProc, values); !saved)
    g_message ("%s", saved.error ().message.c_str ());
  GimpProcedure *generate = gimp_pdb_lookup_procedure (gimp_get_pdb (), plugin::kGenerateProc);
  if (!generate)
    return;
  GimpDrawable *drawables[] = { drawable, nullptr };
  GimpValueArray *values_returned
      = gimp_procedure_run (generate, "run-mode", GIMP_RUN_INTERACTIVE, "image", image,
                            "drawables", drawables, nullptr);
  if (values_returned)
    gimp_value_array_unref (values_returned);
}

void
show_info (GimpProcedure *procedure, GimpProcedureConfig *config, const Provenance &provenance,
           GimpImage *image, GimpDrawable *drawable)
{
  gimp_ui_init ("gpt-image");
  WidgetPtr dialog (gimp_procedure_dialog_new (procedure, config, _("GPT Image Info")));
  bool reuse = false;
  GtkWidget *label = gtk_label_new (plugin::provenance_text (provenance).c_str ());
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 72);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog.get ()))), label,
                      TRUE, TRUE, 0);
  gtk_widget_show (label);
  // In the dialog's content: GimpProcedureDialog's run ends only on OK or Cancel.
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Use These Settings…"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_start (button, 12);
  g_signal_connect (button, "clicked", G_CALLBACK (on_reuse_clicked), &reuse);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog.get ()))), button,
                      FALSE, FALSE, 0);
  gtk_widget_show (button);
  plugin::probe_dialog_for_tests (label);
  gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (dialog.get ()));
  dialog.reset ();
  if (reuse)
    reuse_in_generate (provenance, image, drawable);
}

int
clamped (long long count)
{
  return count > INT_MAX ? INT_MAX : static_cast<int> (count);
}

GimpValueArray *
run_info (GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
          GimpDrawable **drawables,
          GimpProcedureConfig *config, gpointer)
{
  const std::string json = drawables && drawables[0]
                               ? plugin::layer_provenance (
                                     gimp_item_get_id (GIMP_ITEM (drawables[0])))
                               : std::string ();
  if (json.empty ())
    return error_return (procedure, plugin::no_provenance_message ());
  auto provenance = parse_provenance (json);
  if (!provenance)
    return error_return (procedure, provenance.error ());
  const Provenance &p = provenance.value ();
  if (run_mode == GIMP_RUN_INTERACTIVE)
    show_info (procedure, config, p, image, drawables[0]);

  GimpValueArray *values = gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS,
                                                             nullptr);
  const std::string texts[] = { p.prompt,   p.revised_prompt, p.route,      p.model,
                                p.size,     p.quality,        p.output_format, p.response_id,
                                p.request_id };
  int index = 1;
  for (const std::string &text : texts)
    GIMP_VALUES_SET_STRING (values, index++, text.c_str ());
  GIMP_VALUES_SET_INT (values, index++, p.usage ? clamped (p.usage->input_tokens) : -1);
  GIMP_VALUES_SET_INT (values, index++, p.usage ? clamped (p.usage->output_tokens) : -1);
  GIMP_VALUES_SET_DOUBLE (values, index++, p.cost.dollars.value_or (-1.0));
  GIMP_VALUES_SET_STRING (values, index++, p.created_at.c_str ());
  GIMP_VALUES_SET_STRING (values, index++, json.c_str ());
  return values;
}

void
add_text_return (GimpProcedure *procedure, const char *name, const char *nick, const char *blurb)
{
  gimp_procedure_add_string_return_value (procedure, name, nick, blurb, "", G_PARAM_READWRITE);
}

} // namespace

GimpProcedure *
create_info_procedure (GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_image_procedure_new (plug_in, plugin::kInfoProc,
                                                       GIMP_PDB_PROC_TYPE_PLUGIN, run_info,
                                                       nullptr, nullptr);
  gimp_procedure_set_image_types (procedure, "*");
  gimp_procedure_set_sensitivity_mask (procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE);
  describe_procedure (procedure, plugin::info_procedure_info ());
  // In the order run_info sets them.
  add_text_return (procedure, "prompt", _("Prompt"), _("The prompt sent"));
  add_text_return (procedure, "revised-prompt", _("Revised prompt"),
                   _("The prompt as the model revised it"));
  add_text_return (procedure, "route", _("Route"), _("generations, edits or responses"));
  add_text_return (procedure, "model", _("Model"), _("The image model"));
  add_text_return (procedure, "size", _("Size"), _("The size of the result"));
  add_text_return (procedure, "quality", _("Quality"), _("The quality asked for"));
  add_text_return (procedure, "output-format", _("Output format"), _("png, jpeg or webp"));
  add_text_return (procedure, "response-id", _("Response id"), _("Responses route only"));
  add_text_return (procedure, "request-id", _("Request id"), _("The API's x-request-id"));
  gimp_procedure_add_int_return_value (procedure, "input-tokens", _("Input tokens"),
                                       _("Of the whole request; -1 when unknown"), -1, G_MAXINT,
                                       -1, G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value (procedure, "output-tokens", _("Output tokens"),
                                       _("Of the whole request; -1 when unknown"), -1, G_MAXINT,
                                       -1, G_PARAM_READWRITE);
  gimp_procedure_add_double_return_value (procedure, "cost", _("Cost"),
                                          _("US dollars for the whole request, from its usage "
                                            "and the price table; -1 when unknown"),
                                          -1.0, G_MAXDOUBLE, -1.0, G_PARAM_READWRITE);
  add_text_return (procedure, "created-at", _("Created"), _("When the answer arrived (UTC)"));
  add_text_return (procedure, "provenance", _("Provenance"), _("The whole provenance as JSON"));
  return procedure;
}

} // namespace gptimage::gimp3
