// The price table turned into dollars: estimates before sending, costs from usage.
#include "gptimage/cost.h"
#include "gptimage/image-usage.h"
#include "gptimage/price-table.h"

#include <gtest/gtest.h>

using namespace gptimage;

namespace {

Cost
estimate (std::string_view model, std::string_view quality, std::string_view size, int n = 1,
          int partials = 0, Route route = Route::generations)
{
  CostQuery query;
  query.route = route;
  query.model = model;
  query.quality = quality;
  query.size = size;
  query.n = n;
  query.partial_images = partials;
  return estimate_cost (query);
}

ImageUsage
usage_of (const char *json)
{
  auto usage = parse_image_usage (json);
  EXPECT_TRUE (usage.has_value ()) << json;
  return usage.value_or (ImageUsage {});
}

constexpr const char *kTestServerUsage
    = R"({"input_tokens":50,"input_tokens_details":{"text_tokens":10,"image_tokens":40},)"
      R"("output_tokens":4160,"output_tokens_details":{"image_tokens":4160,"text_tokens":0},)"
      R"("total_tokens":4210})";

} // namespace

TEST (Cost, TheGuidesPerImagePricesForGptImage2)
{
  // The guide's table: $0.006 / $0.053 / $0.211 square, $0.005 / $0.041 / $0.165 otherwise.
  EXPECT_EQ (format_cost (estimate ("gpt-image-2", "low", "1024x1024")), "$0.0059");
  EXPECT_EQ (format_cost (estimate ("gpt-image-2", "medium", "1024x1024")), "$0.053");
  EXPECT_EQ (format_cost (estimate ("gpt-image-2", "high", "1024x1024")), "$0.211");
  EXPECT_EQ (format_cost (estimate ("gpt-image-2", "low", "1536x1024")), "$0.005");
  EXPECT_EQ (format_cost (estimate ("gpt-image-2", "medium", "1024x1536")), "$0.041");
  EXPECT_EQ (format_cost (estimate ("gpt-image-2-2026-04-21", "high", "1536x1024")), "$0.165");
  EXPECT_FALSE (estimate ("gpt-image-2", "high", "1024x1024").approximate);
}

TEST (Cost, OlderModelsUseTheirOwnTokenTable)
{
  // gpt-image-1.5 high: $0.133 square, $0.20 otherwise (the guide).
  EXPECT_EQ (format_cost (estimate ("gpt-image-1.5", "high", "1024x1024")), "$0.133");
  EXPECT_EQ (format_cost (estimate ("gpt-image-1.5", "high", "1024x1536")), "$0.200");
}

TEST (Cost, VariationsAndPartialImagesAddUp)
{
  Cost two = estimate ("gpt-image-2", "high", "1024x1024", 2, 2);
  ASSERT_TRUE (two.dollars);
  EXPECT_NEAR (*two.dollars, (7024 + 2 * kTokensPerPartialImage) * 2 * 30.0 / 1e6, 1e-12);
  // Responses makes one image whatever n says, and bills the text model on top.
  Cost responses = estimate ("gpt-image-2", "high", "1024x1024", 3, 0, Route::responses);
  ASSERT_TRUE (responses.dollars);
  EXPECT_NEAR (*responses.dollars, 7024 * 30.0 / 1e6, 1e-12);
  EXPECT_TRUE (responses.plus_text_model);
  EXPECT_TRUE (estimate ("gpt-image-2", "high", "1024x1024", 1, 0, Route::edits)
                   .plus_input_images);
}

TEST (Cost, UnpublishedSizesAreScaledFromTheNearestReading)
{
  // The calculator's own readings are exact.
  EXPECT_EQ (format_cost (estimate ("gpt-image-2", "high", "3840x2160")), "$0.400");
  Cost wide = estimate ("gpt-image-2", "high", "2048x1152");
  ASSERT_TRUE (wide.dollars);
  EXPECT_TRUE (wide.approximate);
  EXPECT_EQ (format_cost (wide).substr (0, 1), "~");
  // Between the 1536x1024 and 3840x2160 readings.
  EXPECT_GT (*wide.dollars, 0.165);
  EXPECT_LT (*wide.dollars, 0.400);
  // auto: the model chooses; priced as 1024x1024, approximately.
  EXPECT_TRUE (estimate ("gpt-image-2", "high", "auto").approximate);
}

TEST (Cost, AutoQualityIsPricedAsHighAndSaysSo)
{
  Cost cost = estimate ("gpt-image-2", "auto", "1024x1024");
  EXPECT_TRUE (cost.at_most);
  EXPECT_EQ (format_cost (cost), "up to $0.211");
  EXPECT_EQ (format_cost (estimate ("gpt-image-2", "", "1024x1024")), "up to $0.211");
}

TEST (Cost, WhatTheSourceDoesNotPriceIsUnknown)
{
  EXPECT_EQ (format_cost (estimate ("gpt-image-2.5-flare", "xhigh", "1024x1024")), "unknown");
  EXPECT_EQ (format_cost (estimate ("gpt-image-2.6-preview", "high", "1024x1024")), "unknown");
  EXPECT_EQ (format_cost (estimate ("my-local-model", "high", "1024x1024")), "unknown");
  EXPECT_EQ (model_prices ("gpt-image-1-mini"), nullptr);
  // 2.5 has gpt-image-2's token prices.
  EXPECT_EQ (format_cost (estimate ("gpt-image-2.5-sunburst", "high", "1024x1024")), "$0.211");
}

TEST (Cost, UsageIsPricedPerKindOfToken)
{
  Cost cost = usage_cost ("gpt-image-2", Route::edits, usage_of (kTestServerUsage));
  ASSERT_TRUE (cost.dollars);
  EXPECT_NEAR (*cost.dollars, (10 * 5.0 + 40 * 8.0 + 4160 * 30.0) / 1e6, 1e-12);
  EXPECT_FALSE (cost.approximate);
  EXPECT_EQ (format_cost (cost), "$0.125");
}

TEST (Cost, UsageWithoutDetailsIsPricedOnlyWhereItIsUnambiguous)
{
  const char *bare = R"({"input_tokens":12,"output_tokens":196,"total_tokens":208})";
  Cost generation = usage_cost ("gpt-image-2", Route::generations, usage_of (bare));
  ASSERT_TRUE (generation.dollars);
  EXPECT_NEAR (*generation.dollars, (12 * 5.0 + 196 * 30.0) / 1e6, 1e-12);
  // An edit's input tokens could be text or image tokens.
  EXPECT_FALSE (usage_cost ("gpt-image-2", Route::edits, usage_of (bare)).dollars);
}

TEST (Cost, UsageThatCannotBePricedIsUnknown)
{
  // Responses usage is the text model's.
  EXPECT_FALSE (usage_cost ("gpt-image-2", Route::responses, usage_of (kTestServerUsage)).dollars);
  // No text input price for 1.5; no text output price at all.
  EXPECT_FALSE (usage_cost ("gpt-image-1.5", Route::edits, usage_of (kTestServerUsage)).dollars);
  const char *text_out = R"({"input_tokens":1,"output_tokens":5,"output_tokens_details":)"
                         R"({"image_tokens":3,"text_tokens":2}})";
  EXPECT_FALSE (usage_cost ("gpt-image-2", Route::generations, usage_of (text_out)).dollars);
  EXPECT_FALSE (usage_cost ("someone-elses-model", Route::generations,
                            usage_of (kTestServerUsage))
                    .dollars);
}

TEST (ImageUsage, ReadsTheApisUsageObject)
{
  ImageUsage usage = usage_of (kTestServerUsage);
  EXPECT_EQ (usage.input_tokens, 50);
  EXPECT_EQ (usage.output_tokens, 4160);
  EXPECT_EQ (usage.total_tokens, 4210);
  EXPECT_EQ (usage.input_text_tokens, 10);
  EXPECT_EQ (usage.input_image_tokens, 40);
  EXPECT_EQ (usage.output_image_tokens, 4160);
  EXPECT_EQ (usage.output_text_tokens, 0);
}

TEST (ImageUsage, WhatIsNotUsageIsNone)
{
  for (const char *text : { "", "null", "[]", "{}", "{\"input_tokens\":-3}", "{\"a\":1}",
                            "{\"input_tokens\":\"12\"}", "{\"input_tokens\":1.5}", "{" })
    EXPECT_FALSE (parse_image_usage (text).has_value ()) << text;
}

// The confirm_above setting as the plug-in reads it.
namespace {

Settings
confirming (const std::string &value)
{
  Settings settings;
  settings.confirm_above = value;
  return settings;
}

} // namespace

TEST (ConfirmThreshold, UnsetOrNeverNeverAsks)
{
  for (const char *value : { "", "never" })
    {
      auto threshold = confirm_threshold (confirming (value));
      ASSERT_TRUE (threshold.ok ()) << value;
      EXPECT_FALSE (threshold.value ().has_value ()) << value;
    }
}

TEST (ConfirmThreshold, AnAmountInDollarsIsTheThreshold)
{
  auto threshold = confirm_threshold (confirming ("0.50"));
  ASSERT_TRUE (threshold.ok ());
  ASSERT_TRUE (threshold.value ().has_value ());
  EXPECT_DOUBLE_EQ (*threshold.value (), 0.5);
}

TEST (ConfirmThreshold, BadAmountsNameTheKeyAndTheValue)
{
  for (const char *value : { "abc", "-1", "0.5$", "nan" })
    {
      auto threshold = confirm_threshold (confirming (value));
      ASSERT_FALSE (threshold.ok ()) << value;
      EXPECT_EQ (threshold.error ().param, "OPENAI_IMAGE_CONFIRM_ABOVE");
      EXPECT_NE (threshold.error ().describe ().find (value), std::string::npos)
          << threshold.error ().describe ();
    }
}

