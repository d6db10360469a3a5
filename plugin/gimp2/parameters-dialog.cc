#include "parameters-dialog.h"

#include "cost-estimate-label.h"
#include "dialog-test-answer.h"
#include "interactive-call.h"
#include "prompt-history-button.h"

#include "dialog-check.h"
#include "i18n.h"
#include "mnemonics.h"
#include "problem-area.h"
#include "prompt-view.h"
#include "settings-prefill.h"
#include "widget-ptr.h"

#include "gptimage/config.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/models.h"

#include <libgimp/gimpui.h>

#include <functional>
#include <string_view>

namespace gptimage::gimp2 {

namespace {

using plugin::WidgetPtr;

// One field: its widget and how its value goes back into the run's values.
struct Field
{
  GtkWidget *widget = nullptr;
  std::function<void (RunValues &)> store;
};

// The prompt's text, and under it the "Recent prompts" button (`history_label`).
GtkWidget *
prompt_field (const std::string &text, const std::string &history_label, Field &field)
{
  GtkWidget *view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  plugin::press_ok_on_ctrl_enter (view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_set_text (buffer, text.c_str (), -1);
  GtkWidget *scroll = gtk_scrolled_window_new (nullptr, nullptr);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (scroll), GTK_SHADOW_IN);
  gtk_widget_set_size_request (scroll, 440, 110);
  gtk_container_add (GTK_CONTAINER (scroll), view);
  GtkWidget *history_row = gtk_hbox_new (FALSE, 0);
  gtk_box_pack_end (GTK_BOX (history_row), prompt_history_button (view, history_label), FALSE,
                    FALSE, 0);
  GtkWidget *box = gtk_vbox_new (FALSE, 4);
  gtk_box_pack_start (GTK_BOX (box), scroll, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (box), history_row, FALSE, FALSE, 0);
  field.widget = view;
  field.store = [buffer] (RunValues &values) {
    GtkTextIter start, end;
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    values.set_text ("prompt", take_string (gtk_text_buffer_get_text (buffer, &start, &end,
                                                                      FALSE)));
  };
  gtk_widget_grab_focus (view);
  return box;
}

GtkWidget *
choice_field (const plugin::ArgumentSpec &arg, const std::string &current, Field &field)
{
  GtkWidget *combo = gtk_combo_box_text_new ();
  for (std::size_t i = 0; i < arg.choices.size (); ++i)
    {
      gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (combo), arg.choices[i].label.c_str ());
      if (arg.choices[i].nick == current)
        gtk_combo_box_set_active (GTK_COMBO_BOX (combo), static_cast<gint> (i));
    }
  field.widget = combo;
  field.store = [combo, arg] (RunValues &values) {
    gint active = gtk_combo_box_get_active (GTK_COMBO_BOX (combo));
    if (active >= 0)
      values.set_text (arg.name, arg.choices[static_cast<std::size_t> (active)].nick);
  };
  return combo;
}

// "size" offers the common sizes, the model argument the known models; anything can be typed.
GtkWidget *
text_field (const plugin::ArgumentSpec &arg, const std::string &current,
            const char *model_argument, Field &field)
{
  GtkWidget *entry = nullptr;
  GtkWidget *widget = nullptr;
  if (arg.name == "size" || arg.name == model_argument)
    {
      widget = gtk_combo_box_text_new_with_entry ();
      const std::vector<std::string_view> offered
          = arg.name == "size" ? split_bars (parameter (Param::size).examples) : known_model_ids ();
      for (auto example : offered)
        gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (widget),
                                        std::string (example).c_str ());
      entry = gtk_bin_get_child (GTK_BIN (widget));
    }
  else
    widget = entry = gtk_entry_new ();
  gtk_entry_set_text (GTK_ENTRY (entry), current.c_str ());
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  field.widget = entry;
  field.store = [entry, name = arg.name] (RunValues &values) {
    values.set_text (name, gtk_entry_get_text (GTK_ENTRY (entry)));
  };
  return widget;
}

GtkWidget *
number_field (const plugin::ArgumentSpec &arg, int current, Field &field)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (arg.min, arg.max, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), current);
  gtk_entry_set_activates_default (GTK_ENTRY (spin), TRUE);
  field.widget = spin;
  field.store = [spin, name = arg.name] (RunValues &values) {
    values.set_number (name, gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)));
  };
  return spin;
}

GtkWidget *
boolean_field (const plugin::ArgumentSpec &arg, const std::string &label, int current,
               Field &field)
{
  GtkWidget *check = gtk_check_button_new_with_mnemonic (label.c_str ());
  field.widget = check;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), current != 0);
  field.store = [check, name = arg.name] (RunValues &values) {
    values.set_number (name, gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (check)) ? 1 : 0);
  };
  return check;
}

const plugin::ArgumentSpec *
find_argument (const std::vector<plugin::ArgumentSpec> &args, std::string_view name)
{
  for (const plugin::ArgumentSpec &arg : args)
    if (arg.name == name)
      return &arg;
  return nullptr;
}

// A table of label and widget rows for the named arguments (names the procedure lacks are
// skipped); each label gets a mnemonic of `picker`'s.
GtkWidget *
fields_table (const std::vector<plugin::ArgumentSpec> &args,
              const std::vector<const char *> &names, const RunValues &values,
              const char *model_argument, plugin::MnemonicPicker &picker,
              std::vector<Field> &fields)
{
  GtkWidget *table = gtk_table_new (1, 2, FALSE);
  gtk_table_set_row_spacings (GTK_TABLE (table), 4);
  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  guint row = 0;
  for (const char *name : names)
    {
      const plugin::ArgumentSpec *arg = find_argument (args, name);
      if (!arg)
        continue;
      Field field;
      GtkWidget *widget = nullptr;
      const std::string label_text = picker.pick (arg->label);
      if (arg->name == "prompt")
        widget = prompt_field (values.text (name), picker.pick (_("Recent prompts")), field);
      else if (arg->kind == plugin::ArgumentKind::choice)
        widget = choice_field (*arg, values.text (name), field);
      else if (arg->kind == plugin::ArgumentKind::number)
        widget = number_field (*arg, values.number (name), field);
      else if (arg->kind == plugin::ArgumentKind::boolean)
        widget = boolean_field (*arg, label_text, values.number (name), field);
      else
        widget = text_field (*arg, values.text (name), model_argument, field);
      gtk_widget_set_tooltip_text (arg->name == "prompt" ? field.widget : widget,
                                   arg->blurb.c_str ());
      if (arg->kind != plugin::ArgumentKind::boolean)
        {
          GtkWidget *label = gtk_label_new_with_mnemonic ((label_text + ":").c_str ());
          gtk_label_set_mnemonic_widget (GTK_LABEL (label), field.widget);
          gtk_misc_set_alignment (GTK_MISC (label), 0.0, 0.5);
          gtk_table_attach (GTK_TABLE (table), label, 0, 1, row, row + 1, GTK_FILL, GTK_FILL, 0,
                            0);
        }
      gtk_table_attach (GTK_TABLE (table), widget, 1, 2, row, row + 1,
                        GtkAttachOptions (GTK_EXPAND | GTK_FILL), GTK_FILL, 0, 0);
      fields.push_back (std::move (field));
      ++row;
    }
  return table;
}

void
open_settings ()
{
  run_interactively (settings_procedure ());
}

GtkWidget *
new_dialog (const std::string &title, const char *role, const char *ok_label)
{
  // The role is the procedure's name, which is also its help id (Help opens its section).
  GtkWidget *dialog = gimp_dialog_new (title.c_str (), role, nullptr, GtkDialogFlags (0),
                                       gimp_standard_help_func, role, _("_Cancel"),
                                       GTK_RESPONSE_CANCEL,
                                       ok_label, GTK_RESPONSE_OK, nullptr);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  gimp_window_set_transient (GTK_WINDOW (dialog));
  return dialog;
}

GtkWidget *
content_box (GtkWidget *dialog)
{
  GtkWidget *box = gtk_vbox_new (FALSE, 8);
  gtk_container_set_border_width (GTK_CONTAINER (box), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), box, TRUE,
                      TRUE, 0);
  return box;
}

} // namespace

bool
run_parameters_dialog (const Procedure &procedure, RunValues &values)
{
  const plugin::ProcedureInfo info = procedure.info ();
  const plugin::DialogLayout &layout = *procedure.layout;
  const std::vector<plugin::ArgumentSpec> args = procedure.arguments ();
  std::string title = info.menu_label;
  // The menu label without its mnemonic and ellipsis.
  std::erase (title, '_');
  if (title.ends_with ("…"))
    title.erase (title.size () - std::string_view ("…").size ());
  WidgetPtr dialog (new_dialog (title, info.name, _(layout.ok_label)));
  GtkWidget *box = content_box (dialog.get ());
  std::vector<Field> fields;
  const char *model_argument = layout.arguments ? layout.arguments->model_argument : "";
  // The buttons keep their letters; the main fields choose before those under Advanced.
  plugin::MnemonicPicker picker;
  for (const char *button : { _("_Cancel"), _(layout.ok_label), _(plugin::kOpenSettingsLabel) })
    picker.reserve (button);
  gtk_box_pack_start (GTK_BOX (box),
                      fields_table (args, layout.fields, values, model_argument, picker, fields),
                      TRUE, TRUE, 0);
  if (!layout.advanced.empty ())
    {
      GtkWidget *expander = gtk_expander_new_with_mnemonic (picker.pick (_("Advanced")).c_str ());
      gtk_container_add (GTK_CONTAINER (expander),
                         fields_table (args, layout.advanced, values, model_argument, picker,
                                       fields));
      gtk_box_pack_start (GTK_BOX (box), expander, FALSE, FALSE, 0);
    }
  if (layout.arguments)
    add_cost_estimate (box, box, *layout.arguments, [fields, values] {
      RunValues shown = values;
      for (const Field &field : fields)
        field.store (shown);
      return shown;
    });
  plugin::ProblemArea area;
  plugin::add_problem_area (area, GTK_BOX (box), open_settings);
  gtk_widget_show_all (dialog.get ());
  // OK runs the run's own checks first: a refusal keeps the dialog open with the reason.
  for (bool refused = false;; refused = true)
    {
      if (run_dialog (dialog.get (), refused) != GTK_RESPONSE_OK)
        return false;
      RunValues edited = values;
      for (const Field &field : fields)
        field.store (edited);
      if (layout.arguments)
        if (auto problem = plugin::check_dialog_values (
                layout.arguments->route, given_values (edited, *layout.arguments)))
          {
            plugin::show_problem (area, *problem);
            continue;
          }
      values = std::move (edited);
      return true;
    }
}

Result<std::map<std::string, std::string>>
run_settings_dialog ()
{
  const std::vector<plugin::ArgumentSpec> args = plugin::settings_procedure_arguments ();
  plugin::CurrentSettings current = plugin::current_settings ();
  RunValues values (args);
  for (const auto &[name, value] : current.texts)
    values.set_text (name, value);
  values.set_number (parameter (Param::timeout).gimp.data (), current.timeout);

  WidgetPtr dialog (new_dialog (_("GPT Image Settings"), plugin::kSettingsProc, _("_Save")));
  GtkWidget *box = content_box (dialog.get ());
  std::vector<Field> fields;
  std::vector<const char *> names;
  for (const plugin::ArgumentSpec &arg : args)
    names.push_back (arg.name.c_str ());
  const char *key_label = _("OpenAI API _key:");
  plugin::MnemonicPicker picker;
  for (const char *taken : std::initializer_list<const char *> { _("_Cancel"), _("_Save"),
                                                                 key_label })
    picker.reserve (taken);
  gtk_box_pack_start (GTK_BOX (box), fields_table (args, names, values, "", picker, fields), TRUE,
                      TRUE, 0);

  // The key lives only in this entry and the key store; it is not an argument.
  GtkWidget *key_row = gtk_hbox_new (FALSE, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (key_label);
  GtkWidget *entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_box_pack_start (GTK_BOX (key_row), label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (key_row), entry, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (box), key_row, FALSE, FALSE, 0);
  GtkWidget *state = gtk_label_new (current.key_state.c_str ());
  gtk_misc_set_alignment (GTK_MISC (state), 0.0, 0.5);
  gtk_label_set_line_wrap (GTK_LABEL (state), TRUE);
  gtk_box_pack_start (GTK_BOX (box), state, FALSE, FALSE, 0);

  gtk_widget_show_all (dialog.get ());
  if (run_dialog (dialog.get ()) != GTK_RESPONSE_OK)
    return Error::cancelled_error ();
  for (const Field &field : fields)
    field.store (values);
  std::map<std::string, std::string> saved = plugin::settings_values (values);
  plugin::keep_default_timeout_unpinned (saved, current);
  if (const char *key = gtk_entry_get_text (GTK_ENTRY (entry)); *key)
    saved[config_key (Param::api_key)] = key;
  return saved;
}

} // namespace gptimage::gimp2
