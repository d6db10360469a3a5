#include "interactive-run.h"

#include "cost-estimate-label.h"
#include "dialog-test-driver.h"
#include "gimp3-host.h"
#include "i18n.h"
#include "procedure-args.h"
#include "prompt-history-menu.h"
#include "request-runner.h"

#include "dialog-check.h"
#include "dialog-values.h"
#include "procedure-info.h"

#include "active-run.h"
#include "problem-area.h"
#include "prompt-view.h"
#include "widget-ptr.h"

#include "gptimage/glib-ptr.h"
#include "gptimage/models.h"

#include <json-glib/json-glib.h>
#include <libgimp/gimpui.h>

#include <algorithm>
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

// The model argument: an entry (any id, for compatible endpoints) with the capability table's
// known models to pick from, bound to the config like GIMP's own widgets.
void
add_model_choices (GtkWidget *labeled_entry, GimpProcedureConfig *config, const char *name)
{
  GtkWidget *combo = gtk_combo_box_text_new_with_entry ();
  for (auto id : known_model_ids ())
    gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (combo), std::string (id).c_str ());
  GtkWidget *entry = gtk_bin_get_child (GTK_BIN (combo));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("the configured model"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  g_object_bind_property (config, name, entry, "text",
                          GBindingFlags (G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE));
  gtk_widget_set_tooltip_text (combo, _("A model from the list, or any model id your "
                                        "OpenAI-compatible server offers"));
  // The combo takes the place of GimpLabelEntry's own entry (column 1).
  GtkWidget *own_entry = gimp_label_entry_get_entry (GIMP_LABEL_ENTRY (labeled_entry));
  gtk_widget_set_no_show_all (own_entry, TRUE);
  gtk_widget_hide (own_entry);
  gtk_grid_attach (GTK_GRID (labeled_entry), combo, 1, 0, 1, 1);
  gtk_widget_set_hexpand (combo, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (gimp_labeled_get_label (GIMP_LABELED (labeled_entry))),
                                 entry);
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

// Choices as drop-down lists: GIMP 3.2 would show short ones as radio frames, whose titles
// take no mnemonic, and the dialog would differ between GIMP versions.
void
use_combo_boxes (GimpProcedureDialog *dialog, GimpProcedureConfig *config,
                 const std::vector<const char *> &names)
{
  for (const char *name : names)
    if (GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (config), name);
        pspec && GIMP_IS_PARAM_SPEC_CHOICE (pspec))
      gimp_procedure_dialog_get_widget (dialog, name, GTK_TYPE_COMBO_BOX);
}

// Builds the dialog's widgets; returns the ids to fill, in order.
ListPtr
build_dialog (GimpProcedureDialog *dialog, GimpProcedureConfig *config,
              const DialogLayout &layout)
{
  gimp_procedure_dialog_set_ok_label (dialog, _(layout.ok_label));
  use_combo_boxes (dialog, config, layout.fields);
  use_combo_boxes (dialog, config, layout.advanced);
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
          gtk_widget_set_size_request (scroll, 480, 180);
          plugin::press_ok_on_ctrl_enter (view);
          // The argument's label, with the mnemonic add_arguments gave it.
          GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (config), "prompt");
          const std::string text = std::string (g_param_spec_get_nick (pspec)) + ":";
          GtkWidget *label = gimp_procedure_dialog_get_label (dialog, "prompt-label", text.c_str (),
                                                              FALSE, TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 0.0);
          gtk_label_set_mnemonic_widget (GTK_LABEL (label), view);
          ids = g_list_append (ids, const_cast<char *> ("prompt-label"));
          ids = g_list_append (ids, const_cast<char *> ("prompt-scroll"));
          gtk_widget_grab_focus (view);
          attach_prompt_history (view); // Recent prompts
          continue;
        }
      if (field == "size")
        add_size_choices (gimp_procedure_dialog_get_widget (dialog, "size",
                                                            GIMP_TYPE_LABEL_ENTRY),
                          config);
      ids = g_list_append (ids, const_cast<char *> (name));
    }
  // The argument whose model decides the choices (Conversation: the tool model, under Advanced).
  if (layout.arguments && config_has (config, layout.arguments->model_argument))
    add_model_choices (gimp_procedure_dialog_get_widget (dialog, layout.arguments->model_argument,
                                                         GIMP_TYPE_LABEL_ENTRY),
                       config, layout.arguments->model_argument);
  if (layout.arguments)
    ids = g_list_append (ids, const_cast<char *> (add_cost_estimate (dialog, config,
                                                                     *layout.arguments)));
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

// Every field of the dialog, by name (the ones the procedure has).
std::vector<const char *>
dialog_fields (GimpProcedureConfig *config, const DialogLayout &layout)
{
  std::vector<const char *> names;
  for (const auto *list : { &layout.fields, &layout.advanced })
    for (const char *name : *list)
      if (config_has (config, name))
        names.push_back (name);
  return names;
}

plugin::DialogValues
read_fields (GimpProcedureConfig *config, const DialogLayout &layout)
{
  plugin::DialogValues values;
  for (const char *name : dialog_fields (config, layout))
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (config), name);
      if (pspec->value_type == G_TYPE_INT)
        values[name] = std::to_string (config_int (config, name));
      else if (pspec->value_type == G_TYPE_BOOLEAN)
        {
          gboolean on = FALSE;
          g_object_get (config, name, &on, nullptr);
          values[name] = on ? "1" : "0";
        }
      else
        values[name] = config_string (config, name);
    }
  return values;
}

// The values the dialog was last accepted with; GIMP's own last values are kept only after a
// run succeeded. A saved value the argument no longer takes is skipped.
void
restore_fields (GimpProcedure *procedure, GimpProcedureConfig *config, const DialogLayout &layout)
{
  plugin::DialogValues saved = plugin::load_dialog_values (gimp_procedure_get_name (procedure));
  for (const char *name : dialog_fields (config, layout))
    {
      if (std::ranges::find (layout.one_shot, std::string_view (name)) != layout.one_shot.end ())
        continue;
      auto found = saved.find (name);
      if (found == saved.end ())
        continue;
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (config), name);
      GValue value = G_VALUE_INIT;
      g_value_init (&value, pspec->value_type);
      if (pspec->value_type == G_TYPE_INT)
        g_value_set_int (&value, static_cast<int> (g_ascii_strtoll (found->second.c_str (),
                                                                    nullptr, 10)));
      else if (pspec->value_type == G_TYPE_BOOLEAN)
        g_value_set_boolean (&value, found->second == "1");
      else
        g_value_set_string (&value, found->second.c_str ());
      if (!g_param_value_validate (pspec, &value))
        g_object_set_property (G_OBJECT (config), name, &value);
      g_value_unset (&value);
    }
}

// Resets the layout's one-shot fields to their defaults.
void
reset_one_shot_fields (GimpProcedureConfig *config, const DialogLayout &layout)
{
  for (const char *name : layout.one_shot)
    if (GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (config), name))
      g_object_set_property (G_OBJECT (config), name, g_param_spec_get_default_value (pspec));
}

// The note's label, worded again on every change of the config.
struct NoteLine
{
  GtkWidget *label = nullptr;
  const DialogNote *note = nullptr;
};

void
on_config_changed (GObject *, GParamSpec *, gpointer data)
{
  auto *line = static_cast<NoteLine *> (data);
  gtk_label_set_text (GTK_LABEL (line->label), (*line->note) ().c_str ());
}

void
open_settings ()
{
  GimpProcedure *settings = gimp_pdb_lookup_procedure (gimp_get_pdb (), plugin::kSettingsProc);
  if (!settings)
    return;
  GimpValueArray *values
      = gimp_procedure_run (settings, "run-mode", GIMP_RUN_INTERACTIVE, nullptr);
  if (values)
    gimp_value_array_unref (values);
}

struct DialogGuard
{
  GimpProcedure *procedure;
  GimpProcedureConfig *config;
  const DialogLayout *layout;
  plugin::ProblemArea area;
  GimpProcedureDialog *dialog;
  NoteLine note;
};

void
show_problem (DialogGuard &guard, const plugin::DialogProblem &problem)
{
  plugin::show_problem (guard.area, problem);
  if (problem.field.empty () || !config_has (guard.config, problem.field.c_str ()))
    return;
  // The field it is about gets the focus; one under Advanced opens it first.
  for (const char *name : guard.layout->advanced)
    if (problem.field == name)
      if (GtkWidget *expander = gimp_procedure_dialog_get_widget (guard.dialog, "advanced",
                                                                  G_TYPE_NONE))
        if (GTK_IS_EXPANDER (expander))
          gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  if (GtkWidget *widget = gimp_procedure_dialog_get_widget (guard.dialog, problem.field.c_str (),
                                                            G_TYPE_NONE))
    gtk_widget_child_focus (widget, GTK_DIR_TAB_FORWARD);
}

// OK runs the run's own checks first: a refusal keeps the dialog open with the reason; an
// accepted dialog's values are kept, so that a failed run loses none of them.
void
on_response (GtkDialog *dialog, gint response, gpointer data)
{
  if (response != GTK_RESPONSE_OK)
    return;
  auto &guard = *static_cast<DialogGuard *> (data);
  if (guard.layout->arguments)
    if (auto problem = plugin::check_dialog_values (
            guard.layout->arguments->route, given_values (guard.config, *guard.layout->arguments)))
      {
        show_problem (guard, *problem);
        g_signal_stop_emission_by_name (dialog, "response");
        return;
      }
  gtk_widget_hide (guard.area.box);
  if (Status saved = plugin::save_dialog_values (gimp_procedure_get_name (guard.procedure),
                                                 read_fields (guard.config, *guard.layout));
      !saved)
    g_printerr ("gpt-image: %s\n", saved.error ().message.c_str ());
}

// What the test driver reports: the values, the quality choices offered, the problem shown.
std::string
report_dialog (const DialogGuard &guard)
{
  ObjectPtr<JsonBuilder> builder (json_builder_new ());
  json_builder_begin_object (builder.get ());
  for (const auto &[name, value] : read_fields (guard.config, *guard.layout))
    {
      json_builder_set_member_name (builder.get (), name.c_str ());
      json_builder_add_string_value (builder.get (), value.c_str ());
    }
  json_builder_set_member_name (builder.get (), "offered-qualities");
  json_builder_begin_array (builder.get ());
  GParamSpec *quality = g_object_class_find_property (G_OBJECT_GET_CLASS (guard.config),
                                                      "quality");
  if (quality && GIMP_IS_PARAM_SPEC_CHOICE (quality))
    for (auto value : choice_list (parameter (Param::quality)))
      if (gimp_choice_is_valid (gimp_param_spec_choice_get_choice (quality),
                                std::string (value).c_str ()))
        json_builder_add_string_value (builder.get (), std::string (value).c_str ());
  json_builder_end_array (builder.get ());
  json_builder_set_member_name (builder.get (), "note");
  json_builder_add_string_value (builder.get (),
                                 guard.note.label ? gtk_label_get_text (GTK_LABEL (guard.note.label))
                                                  : "");
  json_builder_set_member_name (builder.get (), "problem");
  json_builder_add_string_value (builder.get (),
                                 gtk_widget_get_visible (guard.area.box)
                                     ? gtk_label_get_text (GTK_LABEL (guard.area.label))
                                     : "");
  json_builder_set_member_name (builder.get (), "open-settings");
  json_builder_add_boolean_value (builder.get (),
                                  gtk_widget_get_visible (guard.area.box)
                                      && gtk_widget_get_visible (guard.area.settings_button));
  json_builder_end_object (builder.get ());
  JsonNodePtr root (json_builder_get_root (builder.get ()));
  return take_string (json_to_string (root.get (), FALSE));
}

bool
show_dialog (GimpProcedure *procedure, GimpProcedureConfig *config, const DialogLayout &layout,
             const DialogNote &note)
{
  restore_fields (procedure, config, layout);
  WidgetPtr widget (gimp_procedure_dialog_new (procedure, config, layout.title));
  auto *dialog = GIMP_PROCEDURE_DIALOG (widget.get ());
  ListPtr ids = build_dialog (dialog, config, layout);
  NoteLine line;
  if (note)
    {
      line = { gimp_procedure_dialog_get_label (dialog, "note", note ().c_str (), FALSE, FALSE),
               &note };
      gtk_label_set_xalign (GTK_LABEL (line.label), 0.0);
      gtk_label_set_line_wrap (GTK_LABEL (line.label), TRUE);
      ids.reset (g_list_prepend (ids.release (), const_cast<char *> ("note")));
      g_signal_connect (config, "notify", G_CALLBACK (on_config_changed), &line);
    }
  if (layout.arguments)
    follow_model_in_choices (config, *layout.arguments, configured_model (*layout.arguments));
  popup_for_tests (dialog);
  gimp_procedure_dialog_fill_list (dialog, ids.get ());
  DialogGuard guard { procedure, config, &layout, {}, dialog, line };
  plugin::add_problem_area (guard.area, GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))),
                            open_settings);
  // Connected before gimp_procedure_dialog_run's own handler, so that a refusal can stop it.
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), &guard);
  drive_dialog_for_tests (GTK_DIALOG (dialog), config, [&guard] { return report_dialog (guard); });
  const bool accepted = gimp_procedure_dialog_run (dialog);
  g_signal_handlers_disconnect_by_data (dialog, &guard);
  g_signal_handlers_disconnect_by_data (config, &line);
  return accepted;
}

} // namespace

GimpValueArray *
run_interactive (GimpProcedure *procedure, GimpRunMode run_mode, GimpProcedureConfig *config,
                 const DialogLayout &layout, const InteractiveStep &step, const DialogNote &note)
{
  gimp_ui_init ("gpt-image");
  reset_one_shot_fields (config, layout);
  if (run_mode == GIMP_RUN_INTERACTIVE && !show_dialog (procedure, config, layout, note))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL, nullptr);
  plugin::ActiveRunScope run;
  GimpValueArray *values = step ();
  const bool succeeded = !run.cancelled ()
                         && GIMP_VALUES_GET_ENUM (values, 0) == GIMP_PDB_SUCCESS;
  // The results are on the canvas while the progress window shows what they cost.
  if (succeeded)
    gimp_displays_flush ();
  request_host ().end_window (succeeded);
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
