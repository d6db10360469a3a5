#include "model-rules.h"

#include <cctype>

namespace gptimage::testing {

namespace {

// `model` is `base` or `base-YYYY-MM-DD`.
bool
is_snapshot_of (std::string_view model, std::string_view base)
{
  if (model == base)
    return true;
  if (model.size () != base.size () + 11 || model.substr (0, base.size ()) != base
      || model[base.size ()] != '-')
    return false;
  std::string_view date = model.substr (base.size () + 1);
  for (std::size_t i = 0; i < date.size (); ++i)
    {
      bool dash = i == 4 || i == 7;
      if (dash ? date[i] != '-' : !std::isdigit (static_cast<unsigned char> (date[i])))
        return false;
    }
  return true;
}

bool
starts_with (std::string_view s, std::string_view prefix)
{
  return s.substr (0, prefix.size ()) == prefix;
}

} // namespace

ModelRules
model_rules (std::string_view model)
{
  ModelRules r;
  static const std::vector<std::string_view> basic = { "low", "medium", "high", "auto" };
  static const std::vector<std::string_view> extended
      = { "low", "medium", "high", "xhigh", "max", "auto" };
  static const std::vector<std::string_view> generic
      = { "low", "medium", "high", "xhigh", "max", "auto", "standard", "hd" };

  r.qualities = basic;
  r.image_model = true;
  r.response_format = false;
  if (is_snapshot_of (model, "gpt-image-2"))
    {
      r.family = ModelFamily::gpt_image_2;
      r.custom_sizes = true;
      r.transparent = false;
      r.input_fidelity = false;
    }
  else if (is_snapshot_of (model, "gpt-image-2.5-flare")
           || is_snapshot_of (model, "gpt-image-2.5-sunburst"))
    {
      r.family = ModelFamily::gpt_image_2_5;
      r.custom_sizes = true;
      r.input_fidelity = false; // the guide lists it under the earlier models only
      r.qualities = extended;
    }
  else if (starts_with (model, "gpt-image-2.6-") && model.size () > 14)
    {
      r.family = ModelFamily::gpt_image_2_6;
      r.custom_sizes = true;
      r.input_fidelity = false;
      r.complexity = true;
      r.qualities = extended;
    }
  else if (is_snapshot_of (model, "gpt-image-1.5") || model == "chatgpt-image-latest")
    {
      r.family = ModelFamily::gpt_image_1_5;
      r.fixed_sizes = true;
    }
  else if (is_snapshot_of (model, "gpt-image-1-mini"))
    {
      r.family = ModelFamily::gpt_image_1_mini;
      r.fixed_sizes = true;
      r.input_fidelity = false;
    }
  else if (is_snapshot_of (model, "gpt-image-1") || starts_with (model, "dall-e-"))
    r.family = ModelFamily::retired;
  else if (starts_with (model, "gpt-image-") || starts_with (model, "chatgpt-image-"))
    r.family = ModelFamily::unknown_image;
  else
    {
      r.family = ModelFamily::other;
      r.image_model = false;
      r.response_format = true;
      r.complexity = true;
      r.qualities = generic;
    }
  return r;
}

bool
model_not_found (const ModelRules &rules)
{
  return rules.family == ModelFamily::retired || rules.family == ModelFamily::unknown_image;
}

} // namespace gptimage::testing
