#include "selection-mask.h"

#include "gptimage/image-codec.h"
#include "gptimage/png-encoder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

using namespace gptimage;
using namespace gptimage::plugin;

namespace {

// A feathered ellipse as GIMP would give it: 255 well inside, 0 well outside, a ramp between.
std::vector<std::uint8_t>
feathered_ellipse (int width, int height, double feather)
{
  std::vector<std::uint8_t> out (static_cast<std::size_t> (width) * height);
  const double cx = width / 2.0;
  const double cy = height / 2.0;
  const double rx = width / 3.0;
  const double ry = height / 3.0;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      {
        const double dx = (x + 0.5 - cx) / rx;
        const double dy = (y + 0.5 - cy) / ry;
        // Distance outside the rim in pixels, roughly.
        const double outside = (std::sqrt (dx * dx + dy * dy) - 1) * std::min (rx, ry);
        const double v = std::clamp (0.5 - outside / feather, 0.0, 1.0);
        out[static_cast<std::size_t> (y) * width + x]
          = static_cast<std::uint8_t> (std::lround (v * 255));
      }
  return out;
}

} // namespace

TEST (SelectionMask, EveryCoverageValueBecomesItsInverseAlpha)
{
  // 32x8: every value 0..255 once, in a non-square layout so rows and columns cannot be swapped.
  std::vector<std::uint8_t> coverage (256);
  for (int i = 0; i < 256; ++i)
    coverage[i] = static_cast<std::uint8_t> ((i * 37) % 256); // a permutation of 0..255
  const auto mask = selection_to_mask (coverage.data (), 32, 8);
  ASSERT_EQ (mask.width, 32);
  ASSERT_EQ (mask.height, 8);
  ASSERT_EQ (mask.pixels.size (), 32u * 8 * 4);
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 32; ++x)
      {
        const auto *p = mask.pixel (x, y);
        const int s = coverage[y * 32 + x];
        EXPECT_EQ (p[0], 0);
        EXPECT_EQ (p[1], 0);
        EXPECT_EQ (p[2], 0);
        EXPECT_EQ (p[3], 255 - s) << "at " << x << "," << y;
      }
}

TEST (SelectionMask, SelectedIsTransparentUnselectedIsOpaque)
{
  const std::uint8_t coverage[] = { 255, 0, 128, 255, 0, 1 }; // 3x2
  const auto mask = selection_to_mask (coverage, 3, 2);
  EXPECT_EQ (mask.pixel (0, 0)[3], 0);   // fully selected: edit here
  EXPECT_EQ (mask.pixel (1, 0)[3], 255); // not selected: keep
  EXPECT_EQ (mask.pixel (2, 0)[3], 127);
  EXPECT_EQ (mask.pixel (0, 1)[3], 0);
  EXPECT_EQ (mask.pixel (1, 1)[3], 255);
  EXPECT_EQ (mask.pixel (2, 1)[3], 254);
}

TEST (SelectionMask, PngRoundTripKeepsPartialAlpha)
{
  const int w = 96;
  const int h = 64;
  const auto coverage = feathered_ellipse (w, h, 8);
  const auto mask = selection_to_mask (coverage.data (), w, h);

  for (auto effort : { EncodeEffort::balanced, EncodeEffort::fastest })
    {
      auto png = encode_image (mask, ImageFormat::png, 90, effort);
      ASSERT_TRUE (png.ok ()) << png.error ().message;

      auto info = probe_image (png->data (), png->size ());
      ASSERT_TRUE (info.ok ());
      EXPECT_EQ (info->format, ImageFormat::png);
      EXPECT_EQ (info->width, w);
      EXPECT_EQ (info->height, h);
      EXPECT_TRUE (info->has_alpha); // the API wants a mask with an alpha channel

      auto decoded = decode_image (png->data (), png->size ());
      ASSERT_TRUE (decoded.ok ()) << decoded.error ().message;
      ASSERT_EQ (decoded->width, w);
      ASSERT_EQ (decoded->height, h);
      EXPECT_EQ (decoded->pixels, mask.pixels);

      // The centre is fully selected, the corner not at all, and the feathered rim in between.
      EXPECT_EQ (decoded->pixel (w / 2, h / 2)[3], 0);
      EXPECT_EQ (decoded->pixel (0, 0)[3], 255);
      std::set<int> partial;
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
          {
            const int a = decoded->pixel (x, y)[3];
            EXPECT_EQ (a, 255 - coverage[static_cast<std::size_t> (y) * w + x]);
            if (a > 0 && a < 255)
              partial.insert (a);
          }
      EXPECT_GT (partial.size (), 50u) << "the feathered edge should survive as many levels";
    }
}

// As the edit sends it: a 4K feathered selection, alpha kept, far under the API's 4 MB limit
// for masks (stored deflate made it 33 MB).
TEST (SelectionMask, A4KMaskIsSmallAndExact)
{
  const int w = 3840;
  const int h = 2160;
  const auto coverage = feathered_ellipse (w, h, 60);
  const auto mask = selection_to_mask (coverage.data (), w, h);
  auto png = encode_png (mask, PngAlpha::always);
  ASSERT_TRUE (png.ok ()) << png.error ().message;
  EXPECT_LT (png->size (), 1024u * 1024u) << png->size () << " bytes";
  auto info = probe_image (png->data (), png->size ());
  ASSERT_TRUE (info.ok ());
  EXPECT_TRUE (info->has_alpha);
  auto decoded = decode_image (png->data (), png->size ());
  ASSERT_TRUE (decoded.ok ()) << decoded.error ().message;
  EXPECT_TRUE (decoded->pixels == mask.pixels);
}

TEST (SelectionMask, NothingToReadGivesAnEmptyImage)
{
  const std::uint8_t one = 255;
  for (auto mask : { selection_to_mask (nullptr, 4, 4), selection_to_mask (&one, 0, 1),
                     selection_to_mask (&one, 1, -1) })
    {
      EXPECT_EQ (mask.width, 0);
      EXPECT_EQ (mask.height, 0);
      EXPECT_TRUE (mask.pixels.empty ());
      // And it cannot be sent by mistake.
      EXPECT_FALSE (encode_image (mask, ImageFormat::png).ok ());
    }
  const auto single = selection_to_mask (&one, 1, 1);
  ASSERT_EQ (single.pixels.size (), 4u);
  EXPECT_EQ (single.pixels[3], 0);
}
