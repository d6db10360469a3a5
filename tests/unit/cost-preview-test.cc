// The estimate a dialog shows follows the values being edited, the configuration standing in
// for those left to it.
#include "cost-preview.h"

#include <gtest/gtest.h>

using namespace gptimage;
using namespace gptimage::plugin;

namespace {

Settings
configured ()
{
  Settings settings = default_settings ();
  settings.image_model = "gpt-image-2";
  settings.image.quality = "high";
  settings.image.size = "1024x1024";
  return settings;
}

} // namespace

TEST (CostPreview, GivenValuesWinOverTheConfiguration)
{
  Settings settings = configured ();
  EXPECT_EQ (cost_preview_text (preview_cost ({}, Route::generations, settings)),
             "Estimated cost: $0.211");
  EXPECT_EQ (cost_preview_text (preview_cost ({ { Param::quality, "low" },
                                                { Param::size, "1536x1024" } },
                                              Route::generations, settings)),
             "Estimated cost: $0.005");
  Cost three = preview_cost ({ { Param::n, "3" } }, Route::generations, settings);
  ASSERT_TRUE (three.dollars);
  EXPECT_NEAR (*three.dollars, 3 * 7024 * 30.0 / 1e6, 1e-12);
  Cost previews = preview_cost ({ { Param::partial_images, "2" } }, Route::generations, settings);
  ASSERT_TRUE (previews.dollars);
  EXPECT_NEAR (*previews.dollars, (7024 + 200) * 30.0 / 1e6, 1e-12);
}

TEST (CostPreview, SaysWhatIsBilledOnTopAndWhatIsUnknown)
{
  Settings settings = configured ();
  EXPECT_EQ (cost_preview_text (preview_cost ({}, Route::edits, settings)),
             "Estimated cost: $0.211 plus the input images");
  // Responses: the tool's model, gpt-image-2 rules when unset.
  EXPECT_EQ (cost_preview_text (preview_cost ({}, Route::responses, settings)),
             "Estimated cost: $0.211 plus the text model's tokens");
  EXPECT_EQ (cost_preview_text (preview_cost ({ { Param::quality, "auto" } },
                                              Route::generations, settings)),
             "Estimated cost: up to $0.211");
  EXPECT_EQ (cost_preview_text (preview_cost ({ { Param::image_model, "gpt-image-2.6-x" } },
                                              Route::generations, settings)),
             "Estimated cost: unknown for this model and quality");
  EXPECT_EQ (cost_result_text (Cost {}), "");
  Cost paid;
  paid.dollars = 0.12517;
  EXPECT_EQ (cost_result_text (paid), "Cost: $0.125");
}

TEST (CostPreview, TheOutcomeSetsTheCostBesideTheEstimate)
{
  Cost paid;
  paid.dollars = 0.12517;
  Cost estimated;
  estimated.dollars = 0.211;
  estimated.at_most = true;
  EXPECT_EQ (cost_outcome_text (paid, estimated), "Cost: $0.125 (estimated up to $0.211).");
  // Responses' usage is the text model's: the cost stays unknown, the estimate is still said.
  EXPECT_EQ (cost_outcome_text (Cost {}, estimated), "Cost: unknown (estimated up to $0.211).");
  Cost about;
  about.dollars = 0.0059;
  about.approximate = true;
  EXPECT_EQ (cost_in_words (about), "about $0.0059");
}
