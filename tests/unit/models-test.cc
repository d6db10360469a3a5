#include "gptimage/models.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

using namespace gptimage;

namespace {

bool
has_quality (const ModelCapabilities &caps, std::string_view quality)
{
  return std::find (caps.qualities.begin (), caps.qualities.end (), quality)
         != caps.qualities.end ();
}

} // namespace

TEST (Models, GptImage2AndSnapshots)
{
  for (const char *id : { "gpt-image-2", "gpt-image-2-2026-04-21" })
    {
      SCOPED_TRACE (id);
      const auto &caps = model_capabilities (id);
      EXPECT_TRUE (caps.known);
      EXPECT_EQ (caps.family, "gpt-image-2");
      EXPECT_EQ (caps.size_rule, SizeRule::flexible);
      EXPECT_TRUE (has_quality (caps, "low"));
      EXPECT_TRUE (has_quality (caps, "auto"));
      EXPECT_FALSE (has_quality (caps, "xhigh"));
      EXPECT_FALSE (has_quality (caps, "max"));
      EXPECT_FALSE (caps.transparent_background);
      EXPECT_FALSE (caps.input_fidelity);
      EXPECT_FALSE (caps.complexity);
    }
}

TEST (Models, PrefixOfGptImage2DoesNotSwallowLaterFamilies)
{
  EXPECT_EQ (model_capabilities ("gpt-image-2.5-flare").family, "gpt-image-2.5");
  EXPECT_EQ (model_capabilities ("gpt-image-2.5-sunburst").family, "gpt-image-2.5");
  EXPECT_EQ (model_capabilities ("gpt-image-2.6-flare").family, "gpt-image-2.6");
  // Not a snapshot: the suffix must be exactly -YYYY-MM-DD.
  for (const char *id : { "gpt-image-2-preview", "gpt-image-2-2026-04-2", "gpt-image-2-2026-04-211",
                          "gpt-image-2-2026/04/21", "gpt-image-2x", "gpt-image-20",
                          "gpt-image-2.5", "gpt-image-2.5-flare-x", "gpt-image-2.6",
                          "gpt-image-1", "gpt-image-1.5-mini", "GPT-IMAGE-2" })
    {
      SCOPED_TRACE (id);
      EXPECT_FALSE (model_capabilities (id).known);
    }
}

TEST (Models, Flare25AndSunburst25)
{
  for (const char *id : { "gpt-image-2.5-flare", "gpt-image-2.5-flare-2026-09-08",
                          "gpt-image-2.5-sunburst", "gpt-image-2.5-sunburst-2026-09-08" })
    {
      SCOPED_TRACE (id);
      const auto &caps = model_capabilities (id);
      EXPECT_TRUE (caps.known);
      EXPECT_EQ (caps.size_rule, SizeRule::flexible);
      EXPECT_TRUE (has_quality (caps, "xhigh"));
      EXPECT_TRUE (has_quality (caps, "max"));
      EXPECT_TRUE (has_quality (caps, "medium"));
      EXPECT_TRUE (caps.transparent_background);
      EXPECT_FALSE (caps.input_fidelity);
      EXPECT_FALSE (caps.complexity);
    }
}

TEST (Models, Any26SuffixAddsComplexity)
{
  for (const char *id : { "gpt-image-2.6-flare", "gpt-image-2.6-sunburst",
                          "gpt-image-2.6-sunburst-2026-11-04", "gpt-image-2.6-anything" })
    {
      SCOPED_TRACE (id);
      const auto &caps = model_capabilities (id);
      EXPECT_TRUE (caps.known);
      EXPECT_EQ (caps.family, "gpt-image-2.6");
      EXPECT_TRUE (caps.complexity);
      EXPECT_TRUE (caps.transparent_background);
      EXPECT_TRUE (has_quality (caps, "max"));
      EXPECT_EQ (caps.size_rule, SizeRule::flexible);
    }
}

TEST (Models, OlderModelsHaveFixedSizes)
{
  const auto &v15 = model_capabilities ("gpt-image-1.5");
  EXPECT_EQ (v15.size_rule, SizeRule::fixed_three);
  EXPECT_TRUE (v15.input_fidelity);
  EXPECT_TRUE (v15.transparent_background);
  EXPECT_FALSE (has_quality (v15, "xhigh"));
  EXPECT_TRUE (has_quality (v15, "high"));
  EXPECT_EQ (model_capabilities ("gpt-image-1.5-2025-12-16").family, "gpt-image-1.5");

  const auto &mini = model_capabilities ("gpt-image-1-mini");
  EXPECT_EQ (mini.size_rule, SizeRule::fixed_three);
  EXPECT_FALSE (mini.input_fidelity);
  EXPECT_TRUE (mini.transparent_background);
  EXPECT_EQ (model_capabilities ("gpt-image-1-mini-2025-10-06").family, "gpt-image-1-mini");
}

TEST (Models, UnknownModelsGetGenericRules)
{
  const auto &caps = model_capabilities ("my-local-diffusion");
  EXPECT_FALSE (caps.known);
  EXPECT_EQ (caps.size_rule, SizeRule::generic);
  EXPECT_TRUE (caps.qualities.empty ());
}

TEST (Models, IsGptImageModel)
{
  EXPECT_TRUE (is_gpt_image_model ("gpt-image-2"));
  EXPECT_TRUE (is_gpt_image_model ("gpt-image-1"));
  EXPECT_TRUE (is_gpt_image_model ("gpt-image-9-future"));
  EXPECT_TRUE (is_gpt_image_model ("chatgpt-image-latest"));
  EXPECT_FALSE (is_gpt_image_model ("gpt-5.4"));
  EXPECT_FALSE (is_gpt_image_model ("dall-e-3"));
  EXPECT_FALSE (is_gpt_image_model ("my-gpt-image-2"));
}

TEST (Models, KnownModelIdsAreTheTablesPickableIds)
{
  const std::vector<std::string_view> expected
      = { "gpt-image-2", "gpt-image-2.5-flare", "gpt-image-2.5-sunburst", "gpt-image-2.6-flare",
          "gpt-image-2.6-sunburst", "gpt-image-1.5", "gpt-image-1-mini" };
  EXPECT_EQ (known_model_ids (), expected);
  for (auto id : known_model_ids ())
    EXPECT_TRUE (model_capabilities (id).known) << id;
}
