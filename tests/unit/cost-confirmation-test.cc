#include "cost-confirmation.h"

#include <gtest/gtest.h>

using namespace gptimage;
using namespace gptimage::plugin;

namespace {

Settings
confirming (const std::string &value)
{
  Settings settings;
  settings.confirm_above = value;
  return settings;
}

} // namespace

TEST (CostConfirmation, UnsetOrNeverNeverAsks)
{
  for (const char *value : { "", "never" })
    {
      auto threshold = confirm_threshold (confirming (value));
      ASSERT_TRUE (threshold.ok ()) << value;
      EXPECT_FALSE (threshold.value ().has_value ()) << value;
    }
}

TEST (CostConfirmation, AnAmountInDollarsIsTheThreshold)
{
  auto threshold = confirm_threshold (confirming ("0.50"));
  ASSERT_TRUE (threshold.ok ());
  ASSERT_TRUE (threshold.value ().has_value ());
  EXPECT_DOUBLE_EQ (*threshold.value (), 0.5);
}

TEST (CostConfirmation, BadAmountsNameTheKeyAndTheValue)
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

TEST (CostConfirmation, AsksOnlyAboveAKnownEstimate)
{
  Cost estimate;
  estimate.dollars = 0.211;
  EXPECT_EQ (cost_question (estimate, 0.25), "");
  const std::string question = cost_question (estimate, 0.20);
  EXPECT_NE (question.find ("$0.211"), std::string::npos) << question;
  EXPECT_NE (question.find ("$0.20"), std::string::npos) << question;
  EXPECT_NE (question.find ("OPENAI_IMAGE_CONFIRM_ABOVE"), std::string::npos) << question;
  EXPECT_EQ (cost_question (Cost {}, 0.0), ""); // unknown: nothing to compare
}
