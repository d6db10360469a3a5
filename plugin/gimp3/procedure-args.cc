#include "procedure-args.h"

#include "i18n.h"

#include "gptimage/glib-ptr.h"

#include <algorithm>

namespace gptimage::gimp3 {

namespace {

constexpr GParamFlags kFlags = G_PARAM_READWRITE;

// The nick of the choice that leaves a row to the configuration (OPENAI_IMAGE_*). Scripts pass
// the nick; the dialog shows its translation.
constexpr const char *kDefaultNick = N_ ("default");


// The row's translated labels ("Low|Medium|…" in the table), one per choice; the values
// themselves where the table gives no labels or their count differs.
std::vector<std::string>
choice_labels (const ParameterSpec &spec)
{
  std::vector<std::string_view> values = choice_list (spec);
  std::vector<std::string> labels;
  if (*spec.labels)
    for (auto label : split_bars (_(spec.labels)))
      labels.emplace_back (label);
  if (labels.size () != values.size ())
    labels.assign (values.begin (), values.end ());
  return labels;
}

GimpChoice *
choice_for (const ParameterSpec &spec)
{
  GimpChoice *choice = gimp_choice_new ();
  int id = 0;
  if (spec.gimp_fallback.empty ())
    gimp_choice_add (choice, kDefaultNick, id++, _(kDefaultNick), nullptr);
  std::vector<std::string> labels = choice_labels (spec);
  std::vector<std::string_view> values = choice_list (spec);
  for (std::size_t i = 0; i < values.size (); ++i)
    gimp_choice_add (choice, std::string (values[i]).c_str (), id++, labels[i].c_str (),
                     nullptr);
  return choice;
}

// Numbers below the row's range mean "not given", so an argument can leave a row unset; a
// row with a built-in default starts there instead.
int
unset_number (const ParameterSpec &spec)
{
  return spec.min - 1;
}

int
number_default (const ParameterSpec &spec)
{
  std::string_view text = !spec.gimp_fallback.empty () ? spec.gimp_fallback : spec.fallback;
  if (text.empty ())
    return unset_number (spec);
  return static_cast<int> (g_ascii_strtoll (std::string (text).c_str (), nullptr, 10));
}

// Streamed previews stand for streaming itself: 0 means none.
bool
is_previews_row (Param id)
{
  return id == Param::partial_images;
}

std::string
blurb_of (const ParameterSpec &spec, const ArgumentSet &set)
{
  if (auto own = set.front_blurbs.find (spec.id); own != set.front_blurbs.end ())
    return _(own->second);
  std::string blurb = _(spec.blurb);
  if (spec.storage == Storage::number && !spec.fallback.empty ())
    return blurb;
  if (spec.storage == Storage::number && !is_previews_row (spec.id))
    blurb += printf_string (_("; %d = not sent"), unset_number (spec));
  // What an unset value means, where the configuration has a say.
  else if (!spec.key.empty () && !spec.choices.empty ())
    blurb += printf_string (_("; \"%s\" = the configured value"), _(kDefaultNick));
  else if (!spec.key.empty () && spec.storage == Storage::text && spec.gimp_fallback.empty ())
    blurb += _("; empty = the configured value");
  return blurb;
}

void
add_row (GimpProcedure *procedure, const ParameterSpec &spec, const ArgumentSet &set)
{
  const std::string name (spec.gimp);
  const char *label = *spec.label ? _(spec.label) : spec.gimp.data ();
  const std::string blurb = blurb_of (spec, set);
  if (!spec.choices.empty ())
    {
      std::string fallback (spec.gimp_fallback.empty () ? kDefaultNick : spec.gimp_fallback);
      gimp_procedure_add_choice_argument (procedure, name.c_str (), label, blurb.c_str (),
                                          choice_for (spec), fallback.c_str (), kFlags);
    }
  else if (spec.storage == Storage::number)
    {
      int low = is_previews_row (spec.id) ? spec.min : unset_number (spec);
      gimp_procedure_add_int_argument (procedure, name.c_str (), label, blurb.c_str (), low,
                                       spec.max, std::max (low, number_default (spec)), kFlags);
    }
  else
    gimp_procedure_add_string_argument (procedure, name.c_str (), label, blurb.c_str (),
                                        std::string (spec.gimp_fallback).c_str (), kFlags);
}

struct ModelFollower
{
  GimpProcedureConfig *config;
  ArgumentSet set;
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
      for (auto value : choice_list (spec))
        gimp_choice_set_sensitive (
            choice, std::string (value).c_str (),
            std::find (accepted.begin (), accepted.end (), value) != accepted.end ());
    }
}

void
on_model_changed (GObject *config, GParamSpec *, gpointer data)
{
  update_choices (GIMP_PROCEDURE_CONFIG (config), *static_cast<ModelFollower *> (data));
}

} // namespace

const ArgumentSet &
generate_arguments ()
{
  static const ArgumentSet set { Route::generations,
                                 { Param::prompt, Param::size, Param::quality, Param::background,
                                   Param::output_format, Param::output_compression,
                                   Param::moderation, Param::n, Param::image_model,
                                   Param::partial_images, Param::complexity } };
  return set;
}

const ArgumentSet &
edit_arguments ()
{
  static const ArgumentSet set { Route::edits,
                                 { Param::prompt, Param::size, Param::quality,
                                   Param::output_format, Param::n, Param::image_model,
                                   Param::partial_images, Param::complexity } };
  return set;
}

const ArgumentSet &
respond_arguments ()
{
  static const ArgumentSet set { Route::responses,
                                 { Param::prompt, Param::size, Param::quality, Param::background,
                                   Param::output_format, Param::output_compression,
                                   Param::moderation, Param::responses_model,
                                   Param::partial_images, Param::complexity, Param::action,
                                   Param::tool_model, Param::previous_response_id },
                                 // The tool's model decides what the image options may be.
                                 "tool-model",
                                 { { Param::previous_response_id,
                                     N_ ("Empty: the id stored on the image by the last run; "
                                         "\"none\": a new conversation") } } };
  return set;
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
add_table_arguments (GimpProcedure *procedure, const ArgumentSet &set)
{
  for (Param id : set.rows)
    add_row (procedure, parameter (id), set);
}

std::map<Param, std::string>
given_values (GimpProcedureConfig *config, const ArgumentSet &set)
{
  std::map<Param, std::string> given;
  for (Param id : set.rows)
    {
      const ParameterSpec &spec = parameter (id);
      const char *name = spec.gimp.data ();
      if (spec.storage == Storage::number)
        {
          int number = config_int (config, name);
          if (number < spec.min || (is_previews_row (id) && number == 0))
            continue;
          given[id] = std::to_string (number);
          if (is_previews_row (id))
            given[Param::stream] = "true";
          continue;
        }
      std::string text = config_string (config, name);
      if (text.empty () || (!spec.choices.empty () && text == kDefaultNick))
        continue;
      given[id] = std::move (text);
    }
  return given;
}

void
follow_model_in_choices (GimpProcedureConfig *config, const ArgumentSet &set,
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
