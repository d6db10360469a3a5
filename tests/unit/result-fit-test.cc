#include "result-fit.h"

#include <gtest/gtest.h>

#include <ostream>

using namespace gptimage::plugin;

namespace gptimage::plugin {

void
PrintTo (const PixelRect &r, std::ostream *out)
{
  *out << r.width << "x" << r.height << " at (" << r.x << ", " << r.y << ")";
}

} // namespace gptimage::plugin

namespace {

TEST (ResultFit, ExactSizeCoversTheTarget)
{
  EXPECT_EQ (fitted_placement (1024, 768, { 0, 0, 1024, 768 }), (PixelRect{ 0, 0, 1024, 768 }));
  EXPECT_EQ (fitted_placement (300, 200, { 16, 8, 300, 200 }), (PixelRect{ 16, 8, 300, 200 }));
}

TEST (ResultFit, MatchedSizeOfTheSameAspectFillsTheCanvas)
{
  // 1920x1080 asks for a size on the 16-pixel grid, e.g. 1904x1072: no bare 1 px strip.
  EXPECT_EQ (fitted_placement (1904, 1072, { 0, 0, 1920, 1080 }),
             (PixelRect{ 0, 0, 1920, 1080 }));
  // A small canvas gets a larger result of its aspect, scaled down onto it.
  EXPECT_EQ (fitted_placement (1024, 1024, { 0, 0, 64, 64 }), (PixelRect{ 0, 0, 64, 64 }));
}

TEST (ResultFit, OtherAspectIsFittedInsideAndCentred)
{
  // The 1024x1024 that "auto" gave on a 1024x768 image: scaled to 768x768, centred.
  EXPECT_EQ (fitted_placement (1024, 1024, { 0, 0, 1024, 768 }),
             (PixelRect{ 128, 0, 768, 768 }));
  // A fixed-size model's 1536x1024 on a 1024x768 image: 1024x683, centred vertically.
  EXPECT_EQ (fitted_placement (1536, 1024, { 0, 0, 1024, 768 }),
             (PixelRect{ 0, 42, 1024, 683 }));
  // Inside an edit region away from the origin.
  EXPECT_EQ (fitted_placement (1024, 1536, { 100, 50, 400, 400 }),
             (PixelRect{ 166, 50, 267, 400 }));
}

TEST (ResultFit, NeverLeavesTheTarget)
{
  for (int w = 1; w < 3000; w += 97)
    for (int h = 1; h < 3000; h += 89)
      {
        const PixelRect target{ 10, 20, 640, 360 };
        const PixelRect p = fitted_placement (w, h, target);
        EXPECT_GE (p.x, target.x);
        EXPECT_GE (p.y, target.y);
        EXPECT_LE (p.x + p.width, target.x + target.width);
        EXPECT_LE (p.y + p.height, target.y + target.height);
        EXPECT_GE (p.width, 1);
        EXPECT_GE (p.height, 1);
        // One edge always reaches across the target.
        EXPECT_TRUE (p.width == target.width || p.height == target.height);
      }
}

} // namespace
