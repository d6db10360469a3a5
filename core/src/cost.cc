#include "gptimage/cost.h"

#include "gptimage/i18n.h"

#include "gptimage/image-size.h"
#include "gptimage/price-table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace gptimage {

namespace {

int
shape_of (PixelSize size)
{
  return size.width == size.height ? 0 : (size.width > size.height ? 1 : 2);
}

double
pixels_of (PixelSize size)
{
  return static_cast<double> (size.width) * size.height;
}

// Output tokens of one image: the reading itself when the table has this size, else the
// nearest reading of the same shape scaled by the edge length (the calculator's large sizes
// grow about as the square root of the pixel count).
std::optional<double>
output_tokens (const ModelPrices &prices, std::string_view quality, PixelSize size,
               bool &approximate)
{
  const OutputTokenReading *nearest = nullptr;
  double nearest_distance = std::numeric_limits<double>::infinity ();
  for (const auto &reading : prices.readings)
    {
      if (reading.quality != quality)
        continue;
      if (reading.size == size)
        return static_cast<double> (reading.tokens);
      double distance = std::fabs (std::log (pixels_of (size) / pixels_of (reading.size)));
      if (shape_of (reading.size) != shape_of (size))
        distance += 100; // another shape only when the quality has no reading of this one
      if (distance < nearest_distance)
        {
          nearest = &reading;
          nearest_distance = distance;
        }
    }
  if (!nearest)
    return std::nullopt;
  approximate = true;
  return nearest->tokens * std::sqrt (pixels_of (size) / pixels_of (nearest->size));
}

double
dollars_for (double tokens, double price_per_million)
{
  return tokens * price_per_million / 1e6;
}

} // namespace

Cost
estimate_cost (const CostQuery &query)
{
  Cost cost;
  cost.plus_input_images = query.route == Route::edits;
  cost.plus_text_model = query.route == Route::responses;
  const ModelPrices *prices = model_prices (query.model);
  if (!prices || !prices->tokens.image_output)
    return cost;
  std::string_view quality = query.quality;
  if (quality.empty () || quality == "auto")
    {
      quality = "high";
      cost.at_most = true;
    }
  PixelSize size { 1024, 1024 };
  if (auto given = parse_image_size (query.size))
    size = *given;
  else
    cost.approximate = true; // auto: the model picks the size
  auto tokens = output_tokens (*prices, quality, size, cost.approximate);
  if (!tokens)
    return cost;
  const int images = query.route == Route::responses ? 1 : std::max (query.n, 1);
  double total = (*tokens + kTokensPerPartialImage * std::max (query.partial_images, 0)) * images;
  cost.dollars = dollars_for (total, *prices->tokens.image_output);
  return cost;
}

Cost
usage_cost (std::string_view model, Route route, const ImageUsage &usage)
{
  Cost cost;
  const ModelPrices *prices = model_prices (model);
  if (!prices || route == Route::responses)
    return cost;
  const TokenPrices &price = prices->tokens;
  double dollars = 0;
  // Input: text and image tokens at their prices; without the split, only a prompt's text
  // can be priced (a generation has no input image).
  long long text_in = usage.input_text_tokens.value_or (0);
  long long image_in = usage.input_image_tokens.value_or (0);
  if (!usage.input_text_tokens && !usage.input_image_tokens)
    {
      if (route != Route::generations && usage.input_tokens > 0)
        return cost;
      text_in = usage.input_tokens;
    }
  if (text_in > 0)
    {
      if (!price.text_input)
        return cost;
      dollars += dollars_for (static_cast<double> (text_in), *price.text_input);
    }
  if (image_in > 0)
    {
      if (!price.image_input)
        return cost;
      dollars += dollars_for (static_cast<double> (image_in), *price.image_input);
    }
  // Output: image tokens; text output has no published price.
  long long image_out = usage.output_image_tokens.value_or (usage.output_tokens);
  if (usage.output_text_tokens.value_or (0) > 0 || !price.image_output)
    return cost;
  dollars += dollars_for (static_cast<double> (image_out), *price.image_output);
  cost.dollars = dollars;
  return cost;
}

Result<std::optional<double>>
confirm_threshold (const Settings &settings)
{
  const std::string &value = settings.confirm_above;
  if (value.empty () || value == "never")
    return std::optional<double> ();
  const char *text = value.c_str ();
  char *end = nullptr;
  // C locale: "0.50" whatever the user's decimal separator.
  const double dollars = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !std::isfinite (dollars) || dollars < 0)
    return Error::invalid (config_key (Param::confirm_above), value,
                           /* Translators: "never" is what to type; 0.50 keeps its point. */
                           _("must be an amount in US dollars, e.g. 0.50, or never"));
  return std::optional<double> (dollars);
}

std::string
format_dollars (double dollars)
{
  char amount[32];
  // Three decimals show a cent's tenth; small amounts keep two significant digits.
  if (dollars >= 0.01 || dollars == 0)
    std::snprintf (amount, sizeof amount, "$%.3f", dollars);
  else
    std::snprintf (amount, sizeof amount, "$%.2g", dollars);
  return amount;
}

std::string
format_cost (const Cost &cost)
{
  if (!cost.dollars)
    return "unknown";
  const std::string text = format_dollars (*cost.dollars);
  if (cost.at_most)
    return "up to " + text;
  if (cost.approximate)
    return "~" + text;
  return text;
}

std::string
cost_in_words (const Cost &cost)
{
  if (!cost.dollars)
    /* Translators: an amount of money that cannot be told (no price for the model). */
    return _("unknown");
  const std::string dollars = format_dollars (*cost.dollars);
  if (cost.at_most)
    /* Translators: %s is an amount such as "$0.211": the most it will cost. */
    return printf_string (_("up to %s"), dollars.c_str ());
  if (cost.approximate)
    /* Translators: %s is an amount such as "$0.211": about what it will cost. */
    return printf_string (_("about %s"), dollars.c_str ());
  return dollars;
}

} // namespace gptimage
