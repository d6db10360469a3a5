#include "interactive-run.h"

#include "cost-estimate-label.h"
#include "i18n.h"
#include "procedure-args.h"
#include "prompt-history-menu.h"
#include "request-runner.h"

#include "active-run.h"
#include "widget-ptr.h"

#include "gptimage/glib-ptr.h"
#include "gptimage/models.h"

#include <libgimp/gimpui.h>

#include <memory>
#include <string>

namespace gptimage::gimp3 {

using plugin::WidgetPtr;

using plugin::ArgumentSet;

namespace {

struct ListFree
{
  void operator() (GList *list) const noexcept { g_list_free (list); }
};
using ListPtr = std::unique_ptr<GList, ListFree>;

void
on_size_chosen (GtkComboBox *combo, gpointer config)
{
  CharPtr size (gtk_combo_box_text_get_active_text (GTK_COMBO_BOX_TEXT (combo)));
  if (size)
    g_object_set (config, "size", size.get (), nullptr); // the entry follows the property
}

// A list of common sizes beside the size entry (a GimpLabeled grid: label, entry, list).
void
add_size_choices (GtkWidget *labeled_entry, GimpProcedureConfig *config)
{
  GtkWidget *combo = gtk_combo_box_text_new ();
  std::string current = config_string (config, "size");
  int index = 0;
  for (auto example : split_bars (parameter (Param::size).examples))
    {
      const std::string size (example);
      gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (combo), size.c_str ());
      if (current == size)
        gtk_combo_box_set_active (GTK_COMBO_BOX (combo), index);
      ++index;
    }
  gtk_widget_set_tooltip_text (combo, _("Common sizes; any WIDTHxHEIGHT the model accepts can "
                                        "be typed in the entry"));
  g_signal_connect (combo, "changed", G_CALLBACK (on_size_chosen), config);
  gtk_grid_attach (GTK_GRID (labeled_entry), combo, 2, 0, 1, 1);
  gtk_widget_show (combo);
}

ListPtr
present_fields (GimpProcedureConfig *config, const std::vector<const char *> &names)
{
  GList *list = nullptr;
  for (const char *name : names)
    if (config_has (config, name))
      list = g_list_append (list, const_cast<char *> (name));
  return ListPtr (list);
}

// Builds the dialog's widgets; returns the ids to fill, in order.
ListPtr
build_dialog (GimpProcedureDialog *dialog, GimpProcedureConfig *config,
              const DialogLayout &layout)
{
  gimp_procedure_dialog_set_ok_label (dialog, _(layout.ok_label));
  GList *ids = nullptr;
  for (const char *name : layout.fields)
    {
      if (!config_has (config, name))
        continue;
      std::string_view field (name);
      if (field == "prompt")
        {
          GtkWidget *view = gimp_procedure_dialog_get_widget (dialog, "prompt",
                                                              GTK_TYPE_TEXT_VIEW);
          gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
          gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
          GtkWidget *scroll = gimp_procedure_dialog_fill_scrolled_window (dialog, "prompt-scroll",
                                                                          "prompt");
          gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER,
                                          GTK_POLICY_AUTOMATIC);
          gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (scroll), GTK_SHADOW_IN);
          gtk_widget_set_size_request (scroll, 440, 110);
          GtkWidget *label = gimp_procedure_dialog_get_label (dialog, "prompt-label", _("_Prompt:"),
                                                              FALSE, TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 0.0);
          gtk_label_set_mnemonic_widget (GTK_LABEL (label), view);
          ids = g_list_append (ids, const_cast<char *> ("prompt-label"));
          ids = g_list_append (ids, const_cast<char *> ("prompt-scroll"));
          gtk_widget_grab_focus (view);
          attach_prompt_history (view); // the prompt history (branch settings)
          continue;
        }
      if (field == "model")
        {
          GtkWidget *model = gimp_procedure_dialog_get_widget (dialog, "model",
                                                               GIMP_TYPE_LABEL_ENTRY);
          gtk_entry_set_placeholder_text (
              GTK_ENTRY (gimp_label_entry_get_entry (GIMP_LABEL_ENTRY (model))),
              _("the configured model"));
        }
      if (field == "size")
        add_size_choices (gimp_procedure_dialog_get_widget (dialog, "size",
                                                            GIMP_TYPE_LABEL_ENTRY),
                          config);
      ids = g_list_append (ids, const_cast<char *> (name));
    }
  if (layout.arguments)
    ids = g_list_append (ids, const_cast<char *> (add_cost_estimate (dialog, config,
                                                                     *layout.arguments, {})));
  if (ListPtr advanced = present_fields (config, layout.advanced))
    {
      gimp_procedure_dialog_fill_box_list (dialog, "advanced-box", advanced.get ());
      gimp_procedure_dialog_get_label (dialog, "advanced-label", _("Advanced"), FALSE,
                                       FALSE);
      gimp_procedure_dialog_fill_expander (dialog, "advanced", "advanced-label", FALSE,
                                           "advanced-box");
      ids = g_list_append (ids, const_cast<char *> ("advanced"));
    }
  return ListPtr (ids);
}

// Screenshots show a choice list opened (no input device needed): the argument named here.
constexpr const char *kTestPopupVariable = "GPT_IMAGE_GIMP_TEST_POPUP";

GtkComboBox *
find_combo (GtkWidget *widget)
{
  if (GTK_IS_COMBO_BOX (widget))
    return GTK_COMBO_BOX (widget);
  if (!GTK_IS_CONTAINER (widget))
    return nullptr;
  ListPtr children (gtk_container_get_children (GTK_CONTAINER (widget)));
  for (GList *child = children.get (); child; child = child->next)
    if (GtkComboBox *combo = find_combo (GTK_WIDGET (child->data)))
      return combo;
  return nullptr;
}

gboolean
popup_combo (gpointer combo)
{
  gtk_combo_box_popup (GTK_COMBO_BOX (combo));
  return G_SOURCE_REMOVE;
}

void
popup_for_tests (GimpProcedureDialog *dialog)
{
  const char *name = g_getenv (kTestPopupVariable);
  if (!name || !*name)
    return;
  GtkWidget *widget = gimp_procedure_dialog_get_widget (dialog, name, G_TYPE_NONE);
  if (GtkComboBox *combo = widget ? find_combo (widget) : nullptr)
    g_timeout_add (1500, popup_combo, combo);
}

// The model an empty model argument stands for; the tool's rules default to gpt-image-2.
std::string
configured_model (const ArgumentSet &set)
{
  auto settings = plugin::load_plugin_settings ();
  if (!settings)
    return {};
  if (set.route != Route::responses)
    return settings->image_model;
  return settings->tool_model.empty () ? std::string (kDefaultToolModel) : settings->tool_model;
}

bool
show_dialog (GimpProcedure *procedure, GimpProcedureConfig *config, const DialogLayout &layout)
{
  WidgetPtr widget (gimp_procedure_dialog_new (procedure, config, layout.title));
  auto *dialog = GIMP_PROCEDURE_DIALOG (widget.get ());
  ListPtr ids = build_dialog (dialog, config, layout);
  if (layout.arguments)
    follow_model_in_choices (config, *layout.arguments, configured_model (*layout.arguments));
  popup_for_tests (dialog);
  gimp_procedure_dialog_fill_list (dialog, ids.get ());
  return gimp_procedure_dialog_run (dialog);
}

} // namespace

GimpValueArray *
run_interactive (GimpProcedure *procedure, GimpRunMode run_mode, GimpProcedureConfig *config,
                 const DialogLayout &layout, const InteractiveStep &step)
{
  gimp_ui_init ("gpt-image");
  if (run_mode == GIMP_RUN_INTERACTIVE && !show_dialog (procedure, config, layout))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL, nullptr);
  plugin::ActiveRunScope run;
  GimpValueArray *values = step ();
  if (run.cancelled ())
    {
      // The step's error return says "cancelled"; GIMP shows no message for CANCEL.
      gimp_value_array_unref (values);
      return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL, nullptr);
    }
  return values;
}

bool
wants_interactive_run (GimpRunMode run_mode)
{
  return run_mode != GIMP_RUN_NONINTERACTIVE && !plugin::interactive_step_running ();
}


} // namespace gptimage::gimp3
