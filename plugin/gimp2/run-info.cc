// plug-in-gpt-image-info, GIMP 2.10: the provenance a result layer holds (layer-provenance.h),
// shown in a dialog, or returned field by field to a script (the values of the GIMP 3 front).
#include "gimp2-host.h"
#include "interactive-call.h"
#include "interactive-run.h"
#include "procedures.h"

#include "dialog-probe.h"
#include "i18n.h"
#include "layer-provenance.h"
#include "provenance-text.h"
#include "widget-ptr.h"

#include "gptimage/provenance.h"

#include <libgimp/gimpui.h>

#include <climits>

namespace gptimage::gimp2 {

namespace {

using plugin::WidgetPtr;

constexpr gint kReuseResponse = 1;

// Generate's dialog starts from its last values: the layer's prompt and settings go there.
void
reuse_in_generate (const Provenance &p, gint32 image, gint32 drawable)
{
  const Procedure &generate = generate_procedure ();
  RunValues values = last_values (plugin::kGenerateProc, generate.arguments ());
  const std::pair<const char *, std::string> texts[]
      = { { "prompt", p.prompt },   { "size", p.size },
          { "quality", p.quality }, { "model", p.model },
          { "output-format", p.output_format }, { "background", p.background } };
  for (const auto &[name, value] : texts)
    if (!value.empty ())
      values.set_text (name, value);
  values.set_number ("n", p.n);
  keep_last_values (plugin::kGenerateProc, values);
  run_interactively (generate, image, drawable);
}

// True when the user asked to use the layer's settings.
bool
show_info (const Provenance &provenance)
{
  WidgetPtr dialog (gimp_dialog_new (_("GPT Image Info"), plugin::kInfoProc, nullptr,
                                     GtkDialogFlags (0), gimp_standard_help_func,
                                     plugin::kInfoProc,
                                     _("_Use These Settings…"), kReuseResponse, _("_Close"),
                                     GTK_RESPONSE_CLOSE, nullptr));
  gtk_dialog_set_default_response (GTK_DIALOG (dialog.get ()), GTK_RESPONSE_CLOSE);
  gimp_window_set_transient (GTK_WINDOW (dialog.get ()));
  GtkWidget *label = gtk_label_new (plugin::provenance_text (provenance).c_str ());
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 72);
  gtk_misc_set_alignment (GTK_MISC (label), 0.0, 0.0);
  gtk_misc_set_padding (GTK_MISC (label), 12, 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog.get ()))), label,
                      TRUE, TRUE, 0);
  plugin::probe_dialog_for_tests (label);
  gtk_widget_show_all (dialog.get ());
  return gimp_dialog_run (GIMP_DIALOG (dialog.get ())) == kReuseResponse;
}

gint32
clamped (long long count)
{
  return count > INT_MAX ? INT_MAX : static_cast<gint32> (count);
}

void
run_info (const RunContext &context)
{
  ReturnValues &returned = ReturnValues::current ();
  const std::string json = context.drawable >= 0 ? plugin::layer_provenance (context.drawable)
                                                 : std::string ();
  if (json.empty ())
    return returned.error (plugin::no_provenance_message ());
  auto provenance = parse_provenance (json);
  if (!provenance)
    return returned.error (provenance.error ());
  const Provenance &p = provenance.value ();
  if (context.run_mode == GIMP_RUN_INTERACTIVE && show_info (p))
    reuse_in_generate (p, context.image, context.drawable);

  returned.success ();
  for (const std::string *text : { &p.prompt, &p.revised_prompt, &p.route, &p.model, &p.size,
                                   &p.quality, &p.output_format, &p.response_id, &p.request_id })
    returned.add_string (*text);
  returned.add_int (p.usage ? clamped (p.usage->input_tokens) : -1);
  returned.add_int (p.usage ? clamped (p.usage->output_tokens) : -1);
  returned.add_float (p.cost.dollars.value_or (-1.0));
  returned.add_string (p.created_at);
  returned.add_string (json);
}

std::vector<plugin::ArgumentSpec>
no_arguments ()
{
  return {};
}

} // namespace

const Procedure &
info_procedure ()
{
  // In the order run_info adds them.
  static const Procedure procedure {
    plugin::info_procedure_info,
    no_arguments,
    true,
    "*",
    { { GIMP_PDB_STRING, "prompt" },        { GIMP_PDB_STRING, "revised-prompt" },
      { GIMP_PDB_STRING, "route" },         { GIMP_PDB_STRING, "model" },
      { GIMP_PDB_STRING, "size" },          { GIMP_PDB_STRING, "quality" },
      { GIMP_PDB_STRING, "output-format" }, { GIMP_PDB_STRING, "response-id" },
      { GIMP_PDB_STRING, "request-id" },    { GIMP_PDB_INT32, "input-tokens" },
      { GIMP_PDB_INT32, "output-tokens" },  { GIMP_PDB_FLOAT, "cost" },
      { GIMP_PDB_STRING, "created-at" },    { GIMP_PDB_STRING, "provenance" } },
    { N_ ("The prompt sent"), N_ ("The prompt as the model revised it"),
      N_ ("generations, edits or responses"), N_ ("The image model"),
      N_ ("The size of the result"), N_ ("The quality asked for"), N_ ("png, jpeg or webp"),
      N_ ("Responses route only"), N_ ("The API's x-request-id"),
      N_ ("Of the whole request; -1 when unknown"), N_ ("Of the whole request; -1 when unknown"),
      N_ ("US dollars for the whole request, from its usage and the price table; -1 when "
          "unknown"),
      N_ ("When the answer arrived (UTC)"), N_ ("The whole provenance as JSON") },
    run_info,
    nullptr
  };
  return procedure;
}

} // namespace gptimage::gimp2
