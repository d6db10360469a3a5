#include "edit-region.h"

#include "gptimage/models.h"
#include "gptimage/options.h"
#include "gptimage/validate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <ostream>
#include <random>
#include <string>

using namespace gptimage;
using namespace gptimage::plugin;

// Readable failures: "1392x3840", "600x200 at (1000, 350)".
namespace gptimage::plugin {

void
PrintTo (const RequestSize &s, std::ostream *out)
{
  *out << s.width << "x" << s.height;
}

void
PrintTo (const PixelRect &r, std::ostream *out)
{
  *out << r.width << "x" << r.height << " at (" << r.x << ", " << r.y << ")";
}

} // namespace gptimage::plugin

namespace {

std::string
size_text (RequestSize s)
{
  return std::to_string (s.width) + "x" + std::to_string (s.height);
}

// The core's own verdict on a size for `model`.
::testing::AssertionResult
core_accepts (RequestSize s, std::string_view model)
{
  ImageOptions options;
  options.size = size_text (s);
  options.quality = "high";
  options.output_format = "png";
  auto status = validate_image_options (options, model, Route::edits);
  if (status.ok ())
    return ::testing::AssertionSuccess ();
  return ::testing::AssertionFailure () << model << " refuses " << options.size << ": "
                                        << status.error ().message;
}

double
relative_aspect_error (RequestSize s, double width, double height)
{
  return std::abs ((double (s.width) / s.height) / (width / height) - 1);
}

long
pixels (RequestSize s)
{
  return long (s.width) * s.height;
}

// The models whose sizes follow the gpt-image-2 rules, and an unknown model that borrows them.
const char *const kFlexibleModels[]
  = { "gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-2.5-flare", "gpt-image-2.6-sunburst" };
const char *const kFixedModels[] = { "gpt-image-1.5", "gpt-image-1-mini" };

struct Dims
{
  int width;
  int height;
};

const Dims kListedInputs[] = {
  { 1, 1 },       { 10, 500 },    { 500, 10 },    { 100, 100 },   { 1000, 1000 },
  { 4000, 3000 }, { 8000, 8000 }, { 7680, 2160 }, { 2000, 50 },   { 50, 2000 },
  { 1024, 640 },  { 640, 1024 },  { 3840, 2160 }, { 2160, 3840 }, { 2880, 2880 },
  { 1440, 480 },  { 480, 1440 },  { 3840, 1280 }, { 1280, 3840 }, { 3840, 3840 },
  { 3841, 2161 }, { 1023, 639 },  { 1, 100000 },  { 100000, 1 }, { 0, 0 },
  { -5, 20 },     { 2147483647, 2147483647 },
};

} // namespace

TEST (FitRequestSize, ListedInputsPassCoreValidation)
{
  for (const char *model : kFlexibleModels)
    for (const auto &d : kListedInputs)
      {
        SCOPED_TRACE (std::string (model) + " " + std::to_string (d.width) + "x"
                      + std::to_string (d.height));
        const auto s = fit_request_size (d.width, d.height, model);
        EXPECT_TRUE (core_accepts (s, model));
      }
  for (const char *model : kFixedModels)
    for (const auto &d : kListedInputs)
      EXPECT_TRUE (core_accepts (fit_request_size (d.width, d.height, model), model));
}

TEST (FitRequestSize, UnknownModelsUseGptImage2Rules)
{
  for (const char *model : { "my-local-model", "gpt-image-7", "" })
    for (const auto &d : kListedInputs)
      {
        const auto s = fit_request_size (d.width, d.height, model);
        EXPECT_EQ (s, fit_request_size (d.width, d.height, "gpt-image-2"));
        EXPECT_TRUE (core_accepts (s, "gpt-image-2"));
      }
}

TEST (FitRequestSize, RandomSweepValidatesAndKeepsAspect)
{
  std::mt19937 rng (20260421);
  std::uniform_real_distribution<double> log_edge (0, std::log (20000.0));
  double worst = 0;
  int checked_aspect = 0;
  for (int i = 0; i < 3000; ++i)
    {
      const int w = std::max (1, int (std::exp (log_edge (rng))));
      const int h = std::max (1, int (std::exp (log_edge (rng))));
      SCOPED_TRACE (std::to_string (w) + "x" + std::to_string (h));
      const auto s = fit_request_size (w, h, "gpt-image-2");
      ASSERT_TRUE (core_accepts (s, "gpt-image-2"));
      // Beyond 3:1 the aspect to keep is 3:1, on the side the region leans to.
      const double ratio = double (std::max (w, h)) / std::min (w, h);
      const double kept_long = std::min (ratio, 3.0);
      const double error = w >= h ? relative_aspect_error (s, kept_long, 1)
                                  : relative_aspect_error (s, 1, kept_long);
      EXPECT_LT (error, 0.02);
      if (ratio <= 3)
        {
          worst = std::max (worst, error);
          ++checked_aspect;
        }
    }
  EXPECT_GT (checked_aspect, 500);
  // What the 16-pixel grid achieves: a dense sweep measured at most 1.12%, near the minimum
  // size where the grid is coarsest.
  EXPECT_LT (worst, 0.015) << "worst relative aspect error " << worst;
  RecordProperty ("worst_aspect_error_ppm", std::to_string (int (worst * 1e6)));
}

TEST (FitRequestSize, SmallRegionsScaleUpToTheMinimum)
{
  for (const auto &d : { Dims{ 1, 1 }, Dims{ 100, 100 }, Dims{ 300, 200 }, Dims{ 64, 170 } })
    {
      SCOPED_TRACE (std::to_string (d.width) + "x" + std::to_string (d.height));
      const auto s = fit_request_size (d.width, d.height, "gpt-image-2");
      EXPECT_GE (pixels (s), kMinPixels);
      // Just above the minimum, not needlessly large.
      EXPECT_LE (pixels (s), kMinPixels * 11 / 10);
      EXPECT_LT (relative_aspect_error (s, d.width, d.height), 0.02);
    }
  // Square stays square: the smallest allowed square is 816x816 (51 * 16; 800 would be too small).
  EXPECT_EQ (fit_request_size (100, 100, "gpt-image-2"), (RequestSize{ 816, 816 }));
}

TEST (FitRequestSize, LargeRegionsScaleDownToTheLimits)
{
  const auto big = fit_request_size (8000, 8000, "gpt-image-2");
  EXPECT_EQ (big.width, big.height);
  EXPECT_LE (pixels (big), kMaxPixels);
  EXPECT_LE (big.width, kMaxEdge);
  EXPECT_GE (pixels (big), kMaxPixels * 9 / 10);
  // The largest square is 2880x2880 (180 * 16; 2896^2 is over 8,294,400).
  EXPECT_EQ (big, (RequestSize{ 2880, 2880 }));

  const auto photo = fit_request_size (4000, 3000, "gpt-image-2");
  EXPECT_LE (pixels (photo), kMaxPixels);
  EXPECT_GE (pixels (photo), kMaxPixels * 9 / 10);
  EXPECT_LT (relative_aspect_error (photo, 4, 3), 0.01);

  // 32:9 is beyond 3:1: clamped to 3:1, and the long edge is held to 3840.
  const auto wide = fit_request_size (7680, 2160, "gpt-image-2");
  EXPECT_EQ (wide, (RequestSize{ 3840, 1280 }));
  const auto tall = fit_request_size (2160, 7680, "gpt-image-2");
  EXPECT_EQ (tall, (RequestSize{ 1280, 3840 }));

  // 16:9 at 4K hits edge and pixel limits at once.
  EXPECT_EQ (fit_request_size (7680, 4320, "gpt-image-2"), (RequestSize{ 3840, 2160 }));
}

TEST (FitRequestSize, ExtremeRatiosClampToThreeToOne)
{
  for (const auto &d : { Dims{ 10, 500 }, Dims{ 500, 10 }, Dims{ 2000, 50 }, Dims{ 1, 100000 } })
    {
      SCOPED_TRACE (std::to_string (d.width) + "x" + std::to_string (d.height));
      const auto s = fit_request_size (d.width, d.height, "gpt-image-2");
      const int longest = std::max (s.width, s.height);
      const int shortest = std::min (s.width, s.height);
      EXPECT_EQ (longest, shortest * 3);
      EXPECT_EQ (s.width > s.height, d.width > d.height);
    }
  // The smallest 3:1 strip.
  EXPECT_EQ (fit_request_size (2000, 50, "gpt-image-2"), (RequestSize{ 1440, 480 }));
  EXPECT_EQ (fit_request_size (10, 500, "gpt-image-2"), (RequestSize{ 480, 1440 }));
}

TEST (FitRequestSize, AllowedSizesInsideTheRangeAreKept)
{
  for (const auto &d : { Dims{ 1024, 640 }, Dims{ 640, 1024 }, Dims{ 3840, 2160 },
                         Dims{ 2880, 2880 }, Dims{ 1440, 480 }, Dims{ 3840, 1280 },
                         Dims{ 1024, 1024 }, Dims{ 1536, 1024 }, Dims{ 2048, 1152 } })
    {
      SCOPED_TRACE (std::to_string (d.width) + "x" + std::to_string (d.height));
      EXPECT_EQ (fit_request_size (d.width, d.height, "gpt-image-2"),
                 (RequestSize{ d.width, d.height }));
    }
}

TEST (FitRequestSize, EveryAllowedSizeIsKept)
{
  int allowed = 0;
  for (int w = kSizeMultiple; w <= kMaxEdge; w += kSizeMultiple)
    for (int h = kSizeMultiple; h <= kMaxEdge; h += kSizeMultiple)
      {
        const RequestSize size{ w, h };
        if (!core_accepts (size, "gpt-image-2"))
          continue;
        ++allowed;
        ASSERT_EQ (fit_request_size (w, h, "gpt-image-2"), size) << size_text (size);
      }
  EXPECT_GT (allowed, 10000);
}

TEST (FitRequestSize, RegionsInsideTheRangeAreNotUpscaled)
{
  std::mt19937 rng (7);
  std::uniform_int_distribution<int> edge (300, 3800);
  int checked = 0;
  for (int i = 0; i < 2000; ++i)
    {
      const int w = edge (rng);
      const int h = edge (rng);
      const long px = long (w) * h;
      const double ratio = double (std::max (w, h)) / std::min (w, h);
      // Inside the range with room for the 10% search window, edges and ratio already allowed.
      if (px < kMinPixels * 11 / 10 || px > kMaxPixels || ratio > 3)
        continue;
      SCOPED_TRACE (std::to_string (w) + "x" + std::to_string (h));
      const auto s = fit_request_size (w, h, "gpt-image-2");
      EXPECT_LE (pixels (s), px);
      EXPECT_GE (pixels (s), px * 9 / 10);
      ++checked;
    }
  EXPECT_GT (checked, 500);
  // The largest square not above 1000x1000 pixels: 992 = 62 * 16.
  EXPECT_EQ (fit_request_size (1000, 1000, "gpt-image-2"), (RequestSize{ 992, 992 }));
}

TEST (FitRequestSize, FixedSizeModelsPickTheClosestAspect)
{
  for (const char *model : kFixedModels)
    {
      SCOPED_TRACE (model);
      EXPECT_EQ (fit_request_size (1000, 1000, model), (RequestSize{ 1024, 1024 }));
      EXPECT_EQ (fit_request_size (2000, 1000, model), (RequestSize{ 1536, 1024 }));
      EXPECT_EQ (fit_request_size (1000, 2000, model), (RequestSize{ 1024, 1536 }));
      EXPECT_EQ (fit_request_size (10, 500, model), (RequestSize{ 1024, 1536 }));
      EXPECT_EQ (fit_request_size (8000, 10, model), (RequestSize{ 1536, 1024 }));
      // The split between square and 3:2 is at sqrt(1.5) = 1.2247...
      EXPECT_EQ (fit_request_size (1224, 1000, model), (RequestSize{ 1024, 1024 }));
      EXPECT_EQ (fit_request_size (1225, 1000, model), (RequestSize{ 1536, 1024 }));
      EXPECT_EQ (fit_request_size (1000, 1224, model), (RequestSize{ 1024, 1024 }));
      EXPECT_EQ (fit_request_size (1000, 1225, model), (RequestSize{ 1024, 1536 }));
    }
}

// ---- plan_edit_region ----------------------------------------------------------------------

TEST (PlanEditRegion, NoSelectionSendsTheWholeLayer)
{
  auto region = plan_edit_region (PixelRect{}, 32, 1200, 900, "gpt-image-2");
  ASSERT_TRUE (region.ok ()) << region.error ().message;
  EXPECT_EQ (region->source, (PixelRect{ 0, 0, 1200, 900 }));
  EXPECT_EQ (region->request, fit_request_size (1200, 900, "gpt-image-2"));
  EXPECT_TRUE (core_accepts (region->request, "gpt-image-2"));

  // A rect with no area is no selection, wherever it is.
  auto flat = plan_edit_region (PixelRect{ 5000, 5000, 0, 10 }, 0, 64, 48, "gpt-image-1.5");
  ASSERT_TRUE (flat.ok ());
  EXPECT_EQ (flat->source, (PixelRect{ 0, 0, 64, 48 }));
  EXPECT_EQ (flat->request, (RequestSize{ 1536, 1024 }));
}

TEST (PlanEditRegion, PaddingGrowsTheBox)
{
  auto region = plan_edit_region (PixelRect{ 900, 800, 200, 200 }, 50, 2000, 2000,
                                   "gpt-image-2");
  ASSERT_TRUE (region.ok ());
  EXPECT_EQ (region->source, (PixelRect{ 850, 750, 300, 300 }));
  EXPECT_EQ (region->request, (RequestSize{ 816, 816 }));
}

TEST (PlanEditRegion, PaddingIsClampedToTheLayer)
{
  auto region = plan_edit_region (PixelRect{ 10, 20, 100, 100 }, 40, 150, 300, "gpt-image-2");
  ASSERT_TRUE (region.ok ());
  // Left edge clamped at 0, right at 150; height 20-40 -> 0 .. 160.
  // 150x160 asks for a near-square request, so no further growth past the layer.
  EXPECT_EQ (region->source.x, 0);
  EXPECT_EQ (region->source.width, 150);
  EXPECT_EQ (region->source.y, 0);
  EXPECT_GE (region->source.height, 160);
  EXPECT_LE (region->source.y + region->source.height, 300);
}

TEST (PlanEditRegion, GrowsCentredTowardsTheRequestAspect)
{
  // A 6:1 strip gets a 3:1 request, so the box grows to 600x200, centred vertically.
  auto region = plan_edit_region (PixelRect{ 1000, 400, 600, 100 }, 0, 4000, 1000,
                                  "gpt-image-2");
  ASSERT_TRUE (region.ok ());
  EXPECT_EQ (region->request, (RequestSize{ 1440, 480 }));
  EXPECT_EQ (region->source, (PixelRect{ 1000, 350, 600, 200 }));

  // The same strip on its side grows horizontally.
  auto tall = plan_edit_region (PixelRect{ 400, 1000, 100, 600 }, 0, 1000, 4000, "gpt-image-2");
  ASSERT_TRUE (tall.ok ());
  EXPECT_EQ (tall->request, (RequestSize{ 480, 1440 }));
  EXPECT_EQ (tall->source, (PixelRect{ 350, 1000, 200, 600 }));
}

TEST (PlanEditRegion, GrowthShiftsAtLayerEdges)
{
  auto top = plan_edit_region (PixelRect{ 1000, 0, 600, 100 }, 0, 4000, 1000, "gpt-image-2");
  ASSERT_TRUE (top.ok ());
  EXPECT_EQ (top->source, (PixelRect{ 1000, 0, 600, 200 }));

  auto bottom = plan_edit_region (PixelRect{ 1000, 900, 600, 100 }, 0, 4000, 1000,
                                  "gpt-image-2");
  ASSERT_TRUE (bottom.ok ());
  EXPECT_EQ (bottom->source, (PixelRect{ 1000, 800, 600, 200 }));

  // The layer is only 150 high: the box takes all of it and the request stays 3:1.
  auto shallow = plan_edit_region (PixelRect{ 0, 20, 600, 100 }, 0, 600, 150, "gpt-image-2");
  ASSERT_TRUE (shallow.ok ());
  EXPECT_EQ (shallow->source, (PixelRect{ 0, 0, 600, 150 }));
  EXPECT_EQ (shallow->request, fit_request_size (600, 150, "gpt-image-2"));
}

TEST (PlanEditRegion, FixedSizeModelsGrowTowardsTheirSize)
{
  // 300x250 is nearer square than 3:2: the box grows to 300x300.
  auto region = plan_edit_region (PixelRect{ 500, 500, 300, 250 }, 0, 2000, 2000,
                                  "gpt-image-1.5");
  ASSERT_TRUE (region.ok ());
  EXPECT_EQ (region->request, (RequestSize{ 1024, 1024 }));
  EXPECT_EQ (region->source, (PixelRect{ 500, 475, 300, 300 }));

  // 400x300 is nearer 3:2: it grows to 450x300.
  auto wide = plan_edit_region (PixelRect{ 500, 500, 400, 300 }, 0, 2000, 2000, "gpt-image-1.5");
  ASSERT_TRUE (wide.ok ());
  EXPECT_EQ (wide->request, (RequestSize{ 1536, 1024 }));
  EXPECT_EQ (wide->source, (PixelRect{ 475, 500, 450, 300 }));
}

TEST (PlanEditRegion, SelectionPartlyOutsideIsClipped)
{
  auto region = plan_edit_region (PixelRect{ -50, -50, 100, 100 }, 10, 500, 500, "gpt-image-2");
  ASSERT_TRUE (region.ok ());
  EXPECT_EQ (region->source, (PixelRect{ 0, 0, 60, 60 }));
}

TEST (PlanEditRegion, HugePaddingCoversTheLayerWithoutOverflow)
{
  auto region = plan_edit_region (PixelRect{ 10, 10, 5, 5 }, 2147483647, 640, 480,
                                  "gpt-image-2");
  ASSERT_TRUE (region.ok ());
  EXPECT_EQ (region->source, (PixelRect{ 0, 0, 640, 480 }));
}

TEST (PlanEditRegion, ErrorsNameParameterValueAndRule)
{
  for (const auto &d : { Dims{ 0, 100 }, Dims{ 100, 0 }, Dims{ -1, 5 } })
    {
      auto r = plan_edit_region (PixelRect{}, 0, d.width, d.height, "gpt-image-2");
      ASSERT_FALSE (r.ok ());
      EXPECT_EQ (r.error ().kind, ErrorKind::validation);
      EXPECT_EQ (r.error ().param, "layer");
      EXPECT_NE (r.error ().message.find (std::to_string (d.width) + "x"
                                          + std::to_string (d.height)),
                 std::string::npos)
        << r.error ().message;
    }

  auto padding = plan_edit_region (PixelRect{ 1, 1, 5, 5 }, -3, 100, 100, "gpt-image-2");
  ASSERT_FALSE (padding.ok ());
  EXPECT_EQ (padding.error ().kind, ErrorKind::validation);
  EXPECT_EQ (padding.error ().param, "padding");
  EXPECT_EQ (padding.error ().message, "padding \"-3\" is invalid: must be 0 or more pixels");

  auto outside = plan_edit_region (PixelRect{ 500, 20, 10, 10 }, 8, 100, 100, "gpt-image-2");
  ASSERT_FALSE (outside.ok ());
  EXPECT_EQ (outside.error ().kind, ErrorKind::validation);
  EXPECT_EQ (outside.error ().param, "selection");
  EXPECT_EQ (outside.error ().message,
             "selection \"10x10 at (500, 20)\" is invalid: it lies entirely outside the 100x100 "
             "layer");

  // Touching an edge from outside is still outside (half-open rects).
  for (const auto &sel : { PixelRect{ 100, 0, 5, 5 }, PixelRect{ -5, 0, 5, 5 },
                           PixelRect{ 0, 100, 5, 5 }, PixelRect{ 0, -5, 5, 5 } })
    EXPECT_FALSE (plan_edit_region (sel, 0, 100, 100, "gpt-image-2").ok ());
  // One pixel inside is enough.
  EXPECT_TRUE (plan_edit_region (PixelRect{ 99, 99, 5, 5 }, 0, 100, 100, "gpt-image-2").ok ());
}

TEST (PlanEditRegion, RandomPlansAreInsideExactAndAccepted)
{
  std::mt19937 rng (3);
  std::uniform_int_distribution<int> layer_edge (1, 5000);
  std::uniform_int_distribution<int> pad (0, 200);
  std::uniform_int_distribution<int> pick (0, 9);
  const char *const models[] = { "gpt-image-2", "gpt-image-1.5", "some-other-model" };
  int aligned = 0;
  for (int i = 0; i < 1500; ++i)
    {
      const int lw = layer_edge (rng);
      const int lh = layer_edge (rng);
      PixelRect sel;
      if (pick (rng) != 0)
        {
          std::uniform_int_distribution<int> x (-lw / 4, lw - 1);
          std::uniform_int_distribution<int> y (-lh / 4, lh - 1);
          sel.x = x (rng);
          sel.y = y (rng);
          sel.width = std::uniform_int_distribution<int> (1, lw) (rng);
          sel.height = std::uniform_int_distribution<int> (1, lh) (rng);
          if (sel.x + sel.width <= 0)
            sel.width = 1 - sel.x;
          if (sel.y + sel.height <= 0)
            sel.height = 1 - sel.y;
        }
      const int padding = pad (rng);
      const char *model = models[i % 3];
      SCOPED_TRACE (std::string (model) + " layer " + std::to_string (lw) + "x"
                    + std::to_string (lh) + " sel " + std::to_string (sel.width) + "x"
                    + std::to_string (sel.height) + "+" + std::to_string (sel.x) + "+"
                    + std::to_string (sel.y) + " pad " + std::to_string (padding));
      auto region = plan_edit_region (sel, padding, lw, lh, model);
      ASSERT_TRUE (region.ok ()) << region.error ().message;
      const auto &src = region->source;
      const auto &req = region->request;

      // Inside the layer, never empty.
      ASSERT_GE (src.x, 0);
      ASSERT_GE (src.y, 0);
      ASSERT_GT (src.width, 0);
      ASSERT_GT (src.height, 0);
      ASSERT_LE (src.x + src.width, lw);
      ASSERT_LE (src.y + src.height, lh);

      // Holds the padded selection (clipped to the layer).
      if (!sel.empty ())
        {
          EXPECT_LE (src.x, std::max (0, sel.x - padding));
          EXPECT_LE (src.y, std::max (0, sel.y - padding));
          EXPECT_GE (src.x + src.width, std::min (lw, sel.x + sel.width + padding));
          EXPECT_GE (src.y + src.height, std::min (lh, sel.y + sel.height + padding));
        }
      else
        EXPECT_EQ (src, (PixelRect{ 0, 0, lw, lh }));

      // The request is the fitted size of exactly this box, and the core accepts it.
      EXPECT_EQ (req, fit_request_size (src.width, src.height, model));
      EXPECT_TRUE (core_accepts (req, model_capabilities (model).known ? model : "gpt-image-2"));

      // Unless the layer stopped the growth, the box has the request's aspect to half a pixel
      // (on the edge that was grown), so scaling back is uniform.
      const bool blocked = src.width == lw || src.height == lh;
      if (!blocked)
        {
          const std::int64_t cross = std::int64_t (src.width) * req.height
                                     - std::int64_t (src.height) * req.width;
          EXPECT_LE (2 * std::abs (cross), std::max (req.width, req.height));
          ++aligned;
        }
    }
  EXPECT_GT (aligned, 200);
}
