#include "gptimage/parameter.h"

#include "gptimage/i18n.h"

#include "gptimage/models.h"

#include <glib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <optional>

namespace gptimage {

namespace {

constexpr ParameterSpec kTable[] = {
#define GPT_IMAGE_ROW(kind_, id_, storage_, ...)                                                  \
  ParameterSpec{ .id = Param::id_, .name = #id_, .kind = Kind::kind_,                           \
                 .storage = Storage::storage_, __VA_ARGS__ },
#define GPT_IMAGE_SETTING(...) GPT_IMAGE_ROW (setting, __VA_ARGS__)
#define GPT_IMAGE_OPTION(...) GPT_IMAGE_ROW (option, __VA_ARGS__)
#define GPT_IMAGE_INPUT(...) GPT_IMAGE_ROW (input, __VA_ARGS__)
#include "gptimage/parameter-table.h"
#undef GPT_IMAGE_SETTING
#undef GPT_IMAGE_OPTION
#undef GPT_IMAGE_INPUT
#undef GPT_IMAGE_ROW
};

// The table is indexed by Param: each row must sit at its own enum value.
constexpr bool
rows_in_enum_order ()
{
  for (std::size_t i = 0; i < std::size (kTable); ++i)
    if (static_cast<std::size_t> (kTable[i].id) != i)
      return false;
  return true;
}
static_assert (rows_in_enum_order ());

bool
contains (const std::vector<std::string_view> &values, std::string_view value)
{
  return std::find (values.begin (), values.end (), value) != values.end ();
}

// Whether `model`'s capabilities accept `value` of a row narrowed per model.
bool
model_accepts (const ParameterSpec &spec, const ModelCapabilities &caps, std::string_view model,
               std::string_view value)
{
  switch (spec.per_model)
    {
    case ModelRule::quality:
      return !caps.known || contains (caps.qualities, value);
    case ModelRule::transparent_background:
      return value != "transparent" || !caps.known || caps.transparent_background;
    case ModelRule::input_fidelity:
      return !caps.known || caps.input_fidelity;
    case ModelRule::complexity:
      return caps.complexity;
    case ModelRule::not_gpt_image:
      return !is_gpt_image_model (model);
    case ModelRule::none:
    case ModelRule::size:
      break;
    }
  return true;
}

// The model families a value is limited to, e.g. "gpt-image-2.5, gpt-image-2.6"; empty when
// every known model takes it.
std::string
families_accepting (const ParameterSpec &spec, std::string_view value)
{
  std::vector<std::string_view> families;
  bool everyone = true;
  for (const ModelCapabilities *known : known_model_capabilities ())
    {
      const ModelCapabilities &caps = *known;
      if (model_accepts (spec, caps, caps.family, value))
        {
          if (!contains (families, caps.family))
            families.push_back (caps.family);
        }
      else
        everyone = false;
    }
  if (everyone)
    return {};
  std::string out;
  for (auto family : families)
    out += (out.empty () ? "" : ", ") + std::string (family);
  return out.empty () ? std::string (_("no GPT image model")) : out;
}

// "a, b or c", or "a, b, c or a JSON object".
std::string
allowed_words (const ParameterSpec &spec, const std::vector<std::string_view> &values)
{
  if (!spec.json_object)
    return join_choices (values);
  std::string text;
  for (auto value : values)
    text += std::string (value) + ", ";
  if (!text.empty ())
    text.resize (text.size () - 2);
  /* Translators: "auto, none or a JSON object": %s is a list of values (kept in English). */
  return printf_string (_("%s or a JSON object"), text.c_str ());
}

// An optional '-' and decimal digits. Leading zeros do not count; a number of more digits
// than any range holds comes back as the largest (or smallest) long long.
std::optional<long long>
whole_number (std::string_view text)
{
  const bool negative = text.starts_with ('-');
  std::string_view digits = negative ? text.substr (1) : text;
  if (digits.empty ())
    return std::nullopt;
  for (char c : digits)
    if (!g_ascii_isdigit (c))
      return std::nullopt;
  while (digits.size () > 1 && digits.front () == '0')
    digits.remove_prefix (1);
  if (digits.size () > 18)
    return negative ? LLONG_MIN : LLONG_MAX;
  long long number = g_ascii_strtoll (std::string (digits).c_str (), nullptr, 10);
  return negative ? -number : number;
}

} // namespace

unsigned
route_bit (Route route)
{
  switch (route)
    {
    case Route::generations: return kGenerationsRoute;
    case Route::edits: return kEditsRoute;
    case Route::responses: return kResponsesRoute;
    }
  return 0;
}

std::span<const ParameterSpec>
parameter_table ()
{
  return kTable;
}

const ParameterSpec &
parameter (Param id)
{
  return kTable[static_cast<std::size_t> (id)];
}

const ParameterSpec *
find_parameter (std::string_view name)
{
  for (const auto &spec : kTable)
    if (spec.name == name)
      return &spec;
  return nullptr;
}

const ParameterSpec *
find_parameter_by_key (std::string_view key)
{
  if (key.empty ())
    return nullptr;
  for (const auto &spec : kTable)
    if (spec.key == key)
      return &spec;
  return nullptr;
}

Param
model_parameter (Route route)
{
  return route == Route::responses ? Param::responses_model : Param::image_model;
}

std::vector<std::string_view>
choice_list (const ParameterSpec &spec)
{
  return split_bars (spec.choices);
}

std::vector<std::string_view>
split_bars (std::string_view rest)
{
  std::vector<std::string_view> values;
  while (!rest.empty ())
    {
      auto bar = rest.find ('|');
      values.push_back (rest.substr (0, bar));
      rest = bar == std::string_view::npos ? std::string_view () : rest.substr (bar + 1);
    }
  return values;
}

std::vector<std::string_view>
choices_for_model (const ParameterSpec &spec, std::string_view model)
{
  std::vector<std::string_view> values;
  const ModelCapabilities &caps = model_capabilities (model);
  for (auto value : choice_list (spec))
    if (model.empty () || model_accepts (spec, caps, model, value))
      values.push_back (value);
  return values;
}

std::string
join_choices (const std::vector<std::string_view> &values)
{
  std::string out;
  for (std::size_t i = 0; i + 1 < values.size (); ++i)
    out += (i > 0 ? ", " : "") + std::string (values[i]);
  if (values.empty ())
    return out;
  if (out.empty ())
    return std::string (values.back ());
  /* Translators: the end of a list of values (kept in English): "low, medium or high". */
  return printf_string (_("%s or %s"), out.c_str (), std::string (values.back ()).c_str ());
}

std::string
describe_allowed (const ParameterSpec &spec)
{
  if (spec.storage == Storage::number)
    return std::to_string (spec.min) + "-" + std::to_string (spec.max);
  if (spec.storage == Storage::flag || spec.choices.empty ())
    return {};
  std::vector<std::string_view> values = choice_list (spec);
  std::string text = allowed_words (spec, values);
  // Values that only some models take, grouped by the models that take them.
  std::vector<std::pair<std::string, std::string>> limited; // families, values
  // The blurb says it where no GPT image model takes any of the values.
  if (spec.per_model == ModelRule::not_gpt_image)
    return text;
  for (auto value : values)
    {
      std::string families = families_accepting (spec, value);
      if (families.empty ())
        continue;
      auto same = std::find_if (limited.begin (), limited.end (),
                                [&] (const auto &entry) { return entry.first == families; });
      if (same == limited.end ())
        limited.push_back ({ families, std::string (value) });
      else
        same->second += ", " + std::string (value);
    }
  for (const auto &[families, subset] : limited)
    text += "; " + subset + ": " + families;
  return text;
}

namespace {

std::string
model_supports (std::string_view model, const std::vector<std::string_view> &choices)
{
  /* Translators: "gpt-image-2 supports low, medium, high or auto": a model, then its values
     (kept in English). */
  return printf_string (_("%s supports %s"), std::string (model).c_str (),
                        join_choices (choices).c_str ());
}

} // namespace

Error
invalid_value (const ParameterSpec &spec, std::string_view text, std::string_view rule)
{
  if (!spec.secret)
    return Error::invalid (std::string (spec.name), text, rule);
  Error e = Error::invalid (std::string (spec.name), {}, rule);
  return e.renamed (e.param, {}, true);
}

Status
check_text (const ParameterSpec &spec, std::string_view text)
{
  if (!g_utf8_validate (text.data (), static_cast<gssize> (text.size ()), nullptr))
    return invalid_value (spec, text, _("must be valid UTF-8 text"));
  return {};
}

Status
check_parameter_value (const ParameterSpec &spec, std::string_view text, std::string_view model)
{
  const std::string name (spec.name);
  if (Status ok = check_text (spec, text); !ok)
    return ok;
  if (spec.storage == Storage::number)
    {
      auto number = whole_number (text);
      if (!number)
        return invalid_value (spec, text, _("must be a whole number"));
      if (*number < spec.min || *number > spec.max)
        /* Translators: the lowest and the highest value allowed. */
        return invalid_value (spec, text, printf_string (_("must be from %lld to %lld"),
                                                         static_cast<long long> (spec.min),
                                                         static_cast<long long> (spec.max)));
      return {};
    }
  if (spec.storage == Storage::text && spec.max > 0)
    {
      auto chars = static_cast<long long> (
          g_utf8_strlen (text.data (), static_cast<gssize> (text.size ())));
      if (chars > spec.max)
        return invalid_value (spec, text,
                              /* Translators: the most characters allowed, and how many the value
                                 has. */
                              printf_string (_("must be at most %lld characters (it has %lld)"),
                                             static_cast<long long> (spec.max), chars));
    }
  if (spec.choices.empty () || (spec.json_object && text.starts_with ('{')))
    return {};
  // An OpenAI-compatible endpoint's own model may have qualities of its own.
  if (spec.per_model == ModelRule::quality && !model.empty () && !model_capabilities (model).known)
    return {};
  std::vector<std::string_view> all = choice_list (spec);
  if (!contains (all, text))
    {
      /* Translators: %s is a list of values, kept in English: "must be low, medium or high". */
      std::string rule = printf_string (_("must be %s"), allowed_words (spec, all).c_str ());
      if (spec.per_model == ModelRule::quality && !model.empty ()
          && model_capabilities (model).known)
        rule = model_supports (model, choices_for_model (spec, model));
      return invalid_value (spec, text, rule);
    }
  if (model.empty () || model_accepts (spec, model_capabilities (model), model, text))
    return {};
  switch (spec.per_model)
    {
    case ModelRule::quality:
      return invalid_value (spec, text, model_supports (model, choices_for_model (spec, model)));
    case ModelRule::transparent_background:
      return invalid_value (spec, text,
                            /* Translators: %s is a model, e.g. gpt-image-2. */
                            printf_string (_("%s does not support transparent backgrounds"),
                                           std::string (model).c_str ()));
    case ModelRule::input_fidelity:
      /* Translators: a model, then a parameter's name (kept in English). */
      return invalid_value (spec, text, printf_string (_("%s does not support %s; omit it"),
                                                       std::string (model).c_str (),
                                                       name.c_str ()));
    case ModelRule::complexity:
      return invalid_value (spec, text,
                            /* Translators: "only gpt-image-2.6 models support complexity, not
                               gpt-image-2": the models that do, a parameter's name (kept in
                               English), the model given. */
                            printf_string (_("only %s models support %s, not %s"),
                                           families_accepting (spec, text).c_str (), name.c_str (),
                                           std::string (model).c_str ()));
    case ModelRule::not_gpt_image:
      return invalid_value (spec, text,
                            /* Translators: %s is a parameter's name (kept in English). */
                            printf_string (_("GPT image models always return base64; omit %s"),
                                           name.c_str ()));
    case ModelRule::none:
    case ModelRule::size:
      break;
    }
  return {};
}

} // namespace gptimage
