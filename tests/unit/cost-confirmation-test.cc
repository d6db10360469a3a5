#include "cost-confirmation.h"

#include <gtest/gtest.h>

using namespace gptimage;
using namespace gptimage::plugin;

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
