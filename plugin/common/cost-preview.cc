#include "cost-preview.h"

#include "i18n.h"

#include "gptimage/models.h"

namespace gptimage::plugin {

namespace {

std::string
given_or (const std::map<Param, std::string> &given, Param param, const std::string &fallback)
{
  auto found = given.find (param);
  return found != given.end () && !found->second.empty () ? found->second : fallback;
}

int
number_or (const std::map<Param, std::string> &given, Param param, std::optional<int> fallback)
{
  auto found = given.find (param);
  if (found != given.end ())
    if (int64_t value = 0; g_ascii_string_to_signed (found->second.c_str (), 10, 0, 1000, &value,
                                                     nullptr))
      return static_cast<int> (value);
  return fallback.value_or (0);
}

} // namespace

Cost
preview_cost (const std::map<Param, std::string> &given, Route route, const Settings &configured)
{
  std::string model;
  if (route == Route::responses)
    {
      model = given_or (given, Param::tool_model, configured.tool_model);
      if (model.empty ())
        model = kDefaultToolModel;
    }
  else
    model = given_or (given, Param::image_model, configured.image_model);
  const std::string quality = given_or (given, Param::quality, configured.image.quality);
  const std::string size = given_or (given, Param::size, configured.image.size);
  CostQuery query;
  query.route = route;
  query.model = model;
  query.quality = quality;
  query.size = size;
  query.n = number_or (given, Param::n, configured.image.n);
  query.partial_images = number_or (given, Param::partial_images, configured.image.partial_images);
  return estimate_cost (query);
}

std::string
cost_preview_text (const Cost &cost)
{
  if (!cost.dollars)
    return _("Estimated cost: unknown for this model and quality");
  const std::string amount = cost_in_words (cost);
  if (cost.plus_input_images)
    /* Translators: %s is an amount such as "$0.211", "about $0.17" or "up to $0.211". */
    return printf_string (_("Estimated cost: %s plus the input images"), amount.c_str ());
  if (cost.plus_text_model)
    /* Translators: %s is an amount such as "$0.211", "about $0.17" or "up to $0.211". */
    return printf_string (_("Estimated cost: %s plus the text model's tokens"), amount.c_str ());
  /* Translators: %s is an amount such as "$0.211", "about $0.17" or "up to $0.211". */
  return printf_string (_("Estimated cost: %s"), amount.c_str ());
}

std::string
cost_result_text (const Cost &cost)
{
  if (!cost.dollars)
    return {};
  /* Translators: %s is an amount such as "$0.125". */
  return printf_string (_("Cost: %s"), format_dollars (*cost.dollars).c_str ());
}

std::string
cost_outcome_text (const Cost &cost, const Cost &estimate)
{
  /* Translators: the first %s is what the run cost ("$0.125" or "unknown"), the second what
     was estimated before sending ("$0.211", "about $0.17" or "up to $0.211"). */
  return printf_string (_("Cost: %s (estimated %s)."), cost_in_words (cost).c_str (),
                        cost_in_words (estimate).c_str ());
}

} // namespace gptimage::plugin
