#include "gptimage/size-fit.h"

#include "gptimage/models.h"
#include "gptimage/options.h"
#include "gptimage/validate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <ostream>

using namespace gptimage;

namespace gptimage {

void
PrintTo (const PixelSize &s, std::ostream *out)
{
  *out << s.width << "x" << s.height;
}

} // namespace gptimage

namespace {

double
aspect_error (double a, double b)
{
  return std::abs (std::log (a / b));
}

// The core's own validation of a size for gpt-image-2 (the rules the API applies).
bool
flexible_allows (PixelSize s)
{
  return s.width % kSizeMultiple == 0 && s.height % kSizeMultiple == 0
         && std::max (s.width, s.height) <= kMaxEdge
         && std::max (s.width, s.height) <= kMaxAspectRatio * std::min (s.width, s.height)
         && long (s.width) * s.height >= kMinPixels && long (s.width) * s.height <= kMaxPixels;
}

TEST (SizeFit, AllowedCanvasKeepsItsSize)
{
  EXPECT_EQ (nearest_allowed_size (SizeRule::flexible, 1024, 768), (PixelSize{ 1024, 768 }));
  EXPECT_EQ (matched_size (model_capabilities ("gpt-image-2"), 1024, 768), "1024x768");
  EXPECT_EQ (matched_size (model_capabilities ("gpt-image-2"), 1536, 1024), "1536x1024");
}

TEST (SizeFit, FullHdGetsAnAllowedSizeOfItsAspect)
{
  const PixelSize s = nearest_allowed_size (SizeRule::flexible, 1920, 1080);
  EXPECT_TRUE (flexible_allows (s)) << s.width << "x" << s.height;
  EXPECT_LT (aspect_error (double (s.width) / s.height, 16.0 / 9), 0.01);
  // Close to the canvas's own pixel count (within the 10% window below it).
  EXPECT_GE (double (s.width) * s.height, 0.9 * 1920 * 1080);
  EXPECT_LE (double (s.width) * s.height, 1920.0 * 1080);
}

TEST (SizeFit, SmallCanvasIsScaledUpLargeOneDown)
{
  const PixelSize small = nearest_allowed_size (SizeRule::flexible, 64, 64);
  EXPECT_TRUE (flexible_allows (small));
  EXPECT_EQ (small.width, small.height);
  const PixelSize large = nearest_allowed_size (SizeRule::flexible, 8000, 6000);
  EXPECT_TRUE (flexible_allows (large));
  EXPECT_LT (aspect_error (double (large.width) / large.height, 4.0 / 3), 0.01);
  EXPECT_LE (std::max (large.width, large.height), kMaxEdge);
}

TEST (SizeFit, ExtremeAspectIsClampedToThree)
{
  const PixelSize wide = nearest_allowed_size (SizeRule::flexible, 5000, 500);
  EXPECT_TRUE (flexible_allows (wide));
  EXPECT_LT (aspect_error (double (wide.width) / wide.height, 3.0), 0.02);
  const PixelSize tall = nearest_allowed_size (SizeRule::flexible, 300, 3000);
  EXPECT_TRUE (flexible_allows (tall));
  EXPECT_LT (aspect_error (double (tall.height) / tall.width, 3.0), 0.02);
}

TEST (SizeFit, EveryAspectGivesASizeTheValidatorAccepts)
{
  for (int w = 50; w <= 6000; w += 337)
    for (int h = 40; h <= 6000; h += 419)
      {
        const PixelSize s = nearest_allowed_size (SizeRule::flexible, w, h);
        ASSERT_TRUE (flexible_allows (s)) << w << "x" << h << " -> " << s.width << "x" << s.height;
        ImageOptions options;
        options.size = image_size_text (s);
        EXPECT_TRUE (validate_image_options (options, "gpt-image-2", Route::generations))
            << w << "x" << h << " -> " << options.size;
      }
}

TEST (SizeFit, FixedThreeTakesTheNearestAspect)
{
  EXPECT_EQ (nearest_allowed_size (SizeRule::fixed_three, 1024, 768), (PixelSize{ 1536, 1024 }));
  EXPECT_EQ (nearest_allowed_size (SizeRule::fixed_three, 1000, 1100), (PixelSize{ 1024, 1024 }));
  EXPECT_EQ (nearest_allowed_size (SizeRule::fixed_three, 600, 1000), (PixelSize{ 1024, 1536 }));
  EXPECT_EQ (matched_size (model_capabilities ("gpt-image-1.5"), 1920, 1080), "1536x1024");
}

TEST (SizeFit, UnknownModelsGetAuto)
{
  EXPECT_EQ (matched_size (model_capabilities ("my-local-model"), 1024, 768), "auto");
  // The generic rule still gives a region an explicit size (Edit needs one).
  EXPECT_TRUE (flexible_allows (nearest_allowed_size (SizeRule::generic, 1000, 700)));
}

TEST (SizeFit, DegenerateCanvasStillGetsAnAllowedSize)
{
  EXPECT_TRUE (flexible_allows (nearest_allowed_size (SizeRule::flexible, 0, -5)));
}

} // namespace
