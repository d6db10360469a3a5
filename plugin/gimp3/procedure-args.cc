#include "procedure-args.h"

#include "dialog-layout.h"
#include "i18n.h"
#include "mnemonics.h"

#include "gptimage/glib-ptr.h"

#include <algorithm>

namespace gptimage::gimp3 {

namespace {

constexpr GParamFlags kFlags = G_PARAM_READWRITE;

GimpChoice *
choice_for (const plugin::ArgumentSpec &arg)
{
  GimpChoice *choice = gimp_choice_new ();
  int id = 0;
  for (const plugin::ArgumentChoice &option : arg.choices)
    gimp_choice_add (choice, option.nick.c_str (), id++, option.label.c_str (), nullptr);
  return choice;
}

void
add_argument (GimpProcedure *procedure, const plugin::ArgumentSpec &arg)
{
  const char *name = arg.name.c_str ();
  const char *label = arg.label.c_str ();
  const char *blurb = arg.blurb.c_str ();
  switch (arg.kind)
    {
    case plugin::ArgumentKind::choice:
      gimp_procedure_add_choice_argument (procedure, name, label, blurb, choice_for (arg),
                                          arg.default_text.c_str (), kFlags);
      break;
    case plugin::ArgumentKind::number:
      gimp_procedure_add_int_argument (procedure, name, label, blurb, arg.min, arg.max,
                                       arg.default_number, kFlags);
      break;
    case plugin::ArgumentKind::boolean:
      gimp_procedure_add_boolean_argument (procedure, name, label, blurb,
                                           arg.default_number != 0, kFlags);
      break;
    case plugin::ArgumentKind::text:
      gimp_procedure_add_string_argument (procedure, name, label, blurb,
                                          arg.default_text.c_str (), kFlags);
      break;
    }
}

struct ModelFollower
{
  GimpProcedureConfig *config;
  plugin::ArgumentSet set;
  std::string configured_model;
};

void
update_choices (GimpProcedureConfig *config, const ModelFollower &follower)
{
  std::string model = config_string (config, follower.set.model_argument);
  if (model.empty ())
    model = follower.configured_model;
  for (Param id : follower.set.rows)
    {
      const ParameterSpec &spec = parameter (id);
      if (spec.choices.empty () || spec.per_model == ModelRule::none)
        continue;
      GParamSpec *pspec
          = g_object_class_find_property (G_OBJECT_GET_CLASS (config), spec.gimp.data ());
      if (!pspec || !GIMP_IS_PARAM_SPEC_CHOICE (pspec))
        continue;
      GimpChoice *choice = gimp_param_spec_choice_get_choice (pspec);
      std::vector<std::string_view> accepted = choices_for_model (spec, model);
      auto is_accepted = [&accepted] (std::string_view value) {
        return std::find (accepted.begin (), accepted.end (), value) != accepted.end ();
      };
      for (auto value : choice_list (spec))
        gimp_choice_set_sensitive (choice, std::string (value).c_str (), is_accepted (value));
      // A value the new model refuses goes back to the argument's default (e.g. xhigh to auto).
      const std::string current = config_string (config, spec.gimp.data ());
      const std::string fallback = gimp_param_spec_choice_get_default (pspec);
      if (gimp_choice_is_valid (choice, fallback.c_str ())
          && !gimp_choice_is_valid (choice, current.c_str ()))
        g_object_set (config, spec.gimp.data (), fallback.c_str (), nullptr);
    }
}

void
on_model_changed (GObject *config, GParamSpec *, gpointer data)
{
  update_choices (GIMP_PROCEDURE_CONFIG (config), *static_cast<ModelFollower *> (data));
}

} // namespace

// GimpProcedureDialog's buttons (libgimp's own catalog) and the plug-in's: the letters the
// argument labels must leave to them.
plugin::MnemonicPicker
dialog_mnemonics ()
{
  plugin::MnemonicPicker picker;
  for (const char *button : { "_Help", "_Reset", "_Cancel", "_OK", "_Load Saved Settings" })
    picker.reserve (g_dgettext ("gimp30-libgimp", button));
  for (const plugin::DialogLayout *layout : { &plugin::generate_dialog_layout (),
                                              &plugin::edit_dialog_layout (),
                                              &plugin::respond_dialog_layout () })
    picker.reserve (_(layout->ok_label));
  picker.reserve (_(plugin::kOpenSettingsLabel));
  return picker;
}

void
add_arguments (GimpProcedure *procedure, const std::vector<plugin::ArgumentSpec> &args)
{
  // The labels are the dialog's: each gets a mnemonic of its own.
  plugin::MnemonicPicker picker = dialog_mnemonics ();
  std::vector<plugin::ArgumentSpec> labelled = args;
  // The fields of the main dialogs choose first; those under Advanced take what is left.
  for (const plugin::DialogLayout *layout : { &plugin::generate_dialog_layout (),
                                              &plugin::respond_dialog_layout (),
                                              &plugin::edit_dialog_layout () })
    for (const char *name : layout->fields)
      for (plugin::ArgumentSpec &arg : labelled)
        if (arg.name == name)
          arg.label = picker.pick (arg.label);
  for (plugin::ArgumentSpec &arg : labelled)
    {
      arg.label = picker.pick (arg.label);
      add_argument (procedure, arg);
    }
}

std::string
ConfigReader::text (const char *name) const
{
  return config_string (config_, name);
}

int
ConfigReader::number (const char *name) const
{
  return config_int (config_, name);
}

std::map<Param, std::string>
given_values (GimpProcedureConfig *config, const plugin::ArgumentSet &set)
{
  return plugin::given_values (ConfigReader (config), set);
}

std::string
config_string (GimpProcedureConfig *config, const char *name)
{
  gchar *value = nullptr;
  g_object_get (config, name, &value, nullptr);
  return take_string (value);
}

int
config_int (GimpProcedureConfig *config, const char *name)
{
  int value = 0;
  g_object_get (config, name, &value, nullptr);
  return value;
}

bool
config_has (GimpProcedureConfig *config, const char *name)
{
  return g_object_class_find_property (G_OBJECT_GET_CLASS (config), name) != nullptr;
}

void
follow_model_in_choices (GimpProcedureConfig *config, const plugin::ArgumentSet &set,
                         std::string configured_model)
{
  auto *follower = new ModelFollower { config, set, std::move (configured_model) };
  update_choices (config, *follower);
  const std::string signal = std::string ("notify::") + set.model_argument;
  g_signal_connect_data (config, signal.c_str (), G_CALLBACK (on_model_changed), follower,
                         [] (gpointer data, GClosure *) { delete static_cast<ModelFollower *> (data); },
                         GConnectFlags (0));
}

} // namespace gptimage::gimp3
