#include "procedure-arguments.h"

#include "gptimage/config.h"

#include <algorithm>

namespace gptimage::plugin {

namespace {

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

std::vector<ArgumentChoice>
choices_of (const ParameterSpec &spec)
{
  std::vector<ArgumentChoice> choices;
  if (spec.gimp_fallback.empty ())
    choices.push_back ({ kDefaultNick, _(kDefaultNick) });
  std::vector<std::string> labels = choice_labels (spec);
  std::vector<std::string_view> values = choice_list (spec);
  for (std::size_t i = 0; i < values.size (); ++i)
    choices.push_back ({ std::string (values[i]), labels[i] });
  return choices;
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
    /* Translators: added to an argument's description; %d is the value that leaves it unset. */
    blurb += printf_string (_("; %d = not sent"), unset_number (spec));
  // What an unset value means, where the configuration has a say.
  else if (!spec.key.empty () && !spec.choices.empty ())
    /* Translators: added to an argument's description; %s is the choice that means the
       configured value. */
    blurb += printf_string (_("; \"%s\" = the configured value"), _(kDefaultNick));
  else if (!spec.key.empty () && spec.storage == Storage::text && spec.gimp_fallback.empty ())
    blurb += _("; empty = the configured value");
  return blurb;
}

ArgumentSpec
describe_row (const ParameterSpec &spec, const ArgumentSet &set)
{
  ArgumentSpec arg;
  arg.name = std::string (spec.gimp);
  arg.label = *spec.label ? _(spec.label) : arg.name;
  arg.blurb = blurb_of (spec, set);
  arg.table_row = true;
  if (!spec.choices.empty ())
    {
      arg.kind = ArgumentKind::choice;
      arg.choices = choices_of (spec);
      arg.default_text = spec.gimp_fallback.empty () ? kDefaultNick : spec.gimp_fallback;
    }
  else if (spec.storage == Storage::number)
    {
      arg.kind = ArgumentKind::number;
      arg.min = is_previews_row (spec.id) ? spec.min : unset_number (spec);
      arg.max = spec.max;
      arg.default_number = std::max (arg.min, number_default (spec));
    }
  else
    arg.default_text = std::string (spec.gimp_fallback);
  return arg;
}

ArgumentSpec
extra_number (const char *name, std::string label, std::string blurb, int min, int max,
              int fallback)
{
  ArgumentSpec arg;
  arg.name = name;
  arg.label = std::move (label);
  arg.blurb = std::move (blurb);
  arg.kind = ArgumentKind::number;
  arg.min = min;
  arg.max = max;
  arg.default_number = fallback;
  return arg;
}

ArgumentSpec
extra_boolean (const char *name, std::string label, std::string blurb)
{
  ArgumentSpec arg;
  arg.name = name;
  arg.label = std::move (label);
  arg.blurb = std::move (blurb);
  arg.kind = ArgumentKind::boolean;
  return arg;
}

ArgumentSpec
extra_text (Param id, std::string label, std::string blurb)
{
  ArgumentSpec arg;
  arg.name = std::string (parameter (id).gimp);
  arg.label = std::move (label);
  arg.blurb = std::move (blurb);
  return arg;
}

// An empty size matches the image (requested-size.h).
constexpr const char *kMatchSizeBlurb
    = N_ ("Empty: the size nearest to the image's that the model accepts (no image: the "
          "configured size); auto or WIDTHxHEIGHT, e.g. 1536x1024");

} // namespace

const ArgumentSet &
generate_arguments ()
{
  static const ArgumentSet set { Route::generations,
                                 { Param::prompt, Param::size, Param::quality, Param::background,
                                   Param::output_format, Param::output_compression,
                                   Param::moderation, Param::n, Param::image_model,
                                   Param::partial_images, Param::complexity },
                                 "model",
                                 { { Param::size, kMatchSizeBlurb } } };
  return set;
}

const ArgumentSet &
edit_arguments ()
{
  static const ArgumentSet set { Route::edits,
                                 { Param::prompt, Param::size, Param::quality,
                                   Param::output_format, Param::n, Param::image_model,
                                   Param::partial_images, Param::complexity },
                                 "model",
                                 { { Param::size,
                                     N_ ("Empty or auto: the size nearest to the edit region's "
                                         "that the model accepts; or WIDTHxHEIGHT, e.g. "
                                         "1536x1024") } } };
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
                                     N_ ("Empty: the id stored on the image by the last run "
                                         "(none with new-conversation); \"none\": a new "
                                         "conversation") },
                                   { Param::size, kMatchSizeBlurb } } };
  return set;
}

std::vector<ArgumentSpec>
table_arguments (const ArgumentSet &set)
{
  std::vector<ArgumentSpec> args;
  for (Param id : set.rows)
    args.push_back (describe_row (parameter (id), set));
  return args;
}

std::vector<ArgumentSpec>
generate_procedure_arguments ()
{
  return table_arguments (generate_arguments ());
}

std::vector<ArgumentSpec>
edit_procedure_arguments ()
{
  std::vector<ArgumentSpec> args = table_arguments (edit_arguments ());
  args.push_back (extra_number ("padding", _("Padding"), _("Context pixels around the selection"),
                                0, 4096, 32));
  return args;
}

std::vector<ArgumentSpec>
respond_procedure_arguments ()
{
  std::vector<ArgumentSpec> args = table_arguments (respond_arguments ());
  args.push_back (extra_boolean ("send-layer", _("Send the active layer"),
                                 _("Send the active layer as an input image")));
  args.push_back (extra_boolean (kNewConversationArgument, _("Start a new conversation"),
                                 _("Leave the image's conversation behind: this run continues "
                                   "no earlier response, and the image's turns count from 1 "
                                   "again")));
  return args;
}

std::vector<ArgumentSpec>
settings_procedure_arguments ()
{
  return {
    extra_text (Param::base_url, _("Base URL"),
                _("e.g. https://api.openai.com/v1; empty = unchanged")),
    extra_text (Param::organization, _("Organization"),
                _("OpenAI-Organization; empty = unchanged")),
    extra_text (Param::project, _("Project"), _("OpenAI-Project; empty = unchanged")),
    extra_number (parameter (Param::timeout).gimp.data (), _("Timeout (s)"),
                  _("Seconds per attempt; 0 = unchanged"), 0, parameter (Param::timeout).max, 0),
    extra_text (Param::proxy, _("Proxy"),
                _("HTTP proxy, http://HOST:PORT; empty = unchanged (unset: the proxy "
                  "environment variables)")),
    extra_text (Param::ca_bundle, _("CA bundle"),
                _("PEM file of the certificate authorities to trust instead of the system's, "
                  "for a self-hosted server or a TLS-inspecting proxy; empty = unchanged")),
    extra_text (Param::results_folder, _("Results folder"),
                _("Folder where every result is saved as it arrives, with a .json sidecar; "
                  "default = gpt-image in Pictures, off = not saved; empty = unchanged")),
    extra_text (Param::confirm_above, _("Confirm above ($)"),
                _("Ask before sending an interactive run estimated above this many US dollars, "
                  "e.g. 0.50; never = do not ask; empty = unchanged")),
  };
}

std::map<Param, std::string>
given_values (const ArgumentReader &reader, const ArgumentSet &set)
{
  std::map<Param, std::string> given;
  for (Param id : set.rows)
    {
      const ParameterSpec &spec = parameter (id);
      const char *name = spec.gimp.data ();
      if (spec.storage == Storage::number)
        {
          int number = reader.number (name);
          if (number < spec.min || (is_previews_row (id) && number == 0))
            continue;
          given[id] = std::to_string (number);
          if (is_previews_row (id))
            given[Param::stream] = "true";
          continue;
        }
      std::string text = reader.text (name);
      if (text.empty () || (!spec.choices.empty () && text == kDefaultNick))
        continue;
      given[id] = std::move (text);
    }
  return given;
}

Status
check_arguments (const ArgumentReader &reader, const std::vector<ArgumentSpec> &args)
{
  for (const ArgumentSpec &arg : args)
    if (arg.kind == ArgumentKind::choice)
      {
        const std::string value = reader.text (arg.name.c_str ());
        std::string nicks;
        bool known = false;
        for (const ArgumentChoice &choice : arg.choices)
          {
            known = known || choice.nick == value;
            nicks += (nicks.empty () ? "" : ", ") + choice.nick;
          }
        if (!known)
          /* Translators: %s lists the accepted values. */
          return Error::invalid (arg.name, value, printf_string (_("must be one of %s"),
                                                                 nicks.c_str ()));
      }
    else if (arg.kind == ArgumentKind::number || arg.kind == ArgumentKind::boolean)
      {
        const int value = reader.number (arg.name.c_str ());
        const int max = arg.kind == ArgumentKind::boolean ? 1 : arg.max;
        if (value < arg.min || value > max)
          return Error::invalid (arg.name, std::to_string (value),
                                 /* Translators: the lowest and highest values accepted. */
                                 printf_string (_("must be from %d to %d"), arg.min, max));
      }
  return {};
}

std::map<std::string, std::string>
settings_values (const ArgumentReader &reader)
{
  std::map<std::string, std::string> values;
  for (Param id : kSettingsTextArguments)
    if (std::string text = reader.text (parameter (id).gimp.data ()); !text.empty ())
      values[config_key (id)] = std::move (text);
  if (int timeout = reader.number (parameter (Param::timeout).gimp.data ()); timeout > 0)
    values[config_key (Param::timeout)] = std::to_string (timeout);
  return values;
}

} // namespace gptimage::plugin
