#include "gptimage/size-fit.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace gptimage {

namespace {

// Below the pixel budget, how much smaller a size may be to buy a better aspect.
constexpr double kSizeWindow = 0.10;
// Among the sizes in the window, aspect errors this close to the best count as equally good;
// the largest of them wins.
constexpr double kAspectSlack = 0.0025;

// |ln (a / b)|: symmetric, so 2:1 against 1:1 weighs as much as 1:2 against 1:1.
double
aspect_error (double a, double b)
{
  return std::abs (std::log (a / b));
}

bool
flexible_size_ok (std::int64_t w, std::int64_t h)
{
  if (w <= 0 || h <= 0 || w % kSizeMultiple != 0 || h % kSizeMultiple != 0)
    return false;
  const std::int64_t longest = std::max (w, h);
  const std::int64_t shortest = std::min (w, h);
  const std::int64_t pixels = w * h;
  return longest <= kMaxEdge && longest <= shortest * kMaxAspectRatio && pixels >= kMinPixels
         && pixels <= kMaxPixels;
}

PixelSize
fit_fixed (double aspect)
{
  PixelSize best = kFixedSizes[0];
  for (const auto &size : kFixedSizes)
    if (aspect_error (double (size.width) / size.height, aspect)
        < aspect_error (double (best.width) / best.height, aspect))
      best = size;
  return { best.width, best.height };
}

// Every allowed size next to the line of the wanted aspect: for each edge length on the grid,
// the grid values just below and above the other edge.
std::vector<PixelSize>
grid_candidates (double aspect)
{
  std::vector<PixelSize> out;
  auto add = [&] (double w, double h) {
    const auto wi = static_cast<std::int64_t> (w);
    const auto hi = static_cast<std::int64_t> (h);
    if (flexible_size_ok (wi, hi))
      out.push_back ({ static_cast<int> (wi), static_cast<int> (hi) });
  };
  for (int edge = kSizeMultiple; edge <= kMaxEdge; edge += kSizeMultiple)
    {
      const double other_h = edge / aspect / kSizeMultiple;
      add (edge, std::floor (other_h) * kSizeMultiple);
      add (edge, std::ceil (other_h) * kSizeMultiple);
      const double other_w = edge * aspect / kSizeMultiple;
      add (std::floor (other_w) * kSizeMultiple, edge);
      add (std::ceil (other_w) * kSizeMultiple, edge);
    }
  return out;
}

PixelSize
fit_flexible (double width, double height)
{
  const double aspect
    = std::clamp (width / height, 1.0 / kMaxAspectRatio, double (kMaxAspectRatio));
  // The pixel budget: the region's own pixel count brought into the allowed range, then shrunk
  // until the longest edge of that area at this aspect fits. Whole pixels, so that a region
  // which already has an allowed size keeps it despite rounding in the square roots.
  const double target = std::clamp (width * height, double (kMinPixels), double (kMaxPixels));
  const double ideal_long = std::sqrt (target * std::max (aspect, 1 / aspect));
  const double over = ideal_long / kMaxEdge;
  const double budget = std::round (over > 1 ? target / (over * over) : target);

  const auto candidates = grid_candidates (aspect);
  // Start with sizes at most 10% under the budget; widen the window only if it holds nothing.
  for (double window = kSizeWindow;; window *= 2)
    {
      double low = budget * (1 - window);
      double high = budget;
      if (low < kMinPixels)
        {
          // Near the minimum the window cannot reach down, so it reaches up instead.
          low = kMinPixels;
          high = std::max (budget, kMinPixels * (1 + window));
        }
      auto in_window = [&] (const PixelSize &s) {
        const double pixels = double (s.width) * s.height;
        return pixels >= low && pixels <= high;
      };
      double best_error = INFINITY;
      for (const auto &s : candidates)
        if (in_window (s))
          best_error = std::min (best_error, aspect_error (double (s.width) / s.height, aspect));
      if (std::isfinite (best_error))
        {
          // The largest size within the budget; only when none fits, the smallest above it.
          auto better = [&] (const PixelSize &a, const PixelSize &b) {
            const double pa = double (a.width) * a.height;
            const double pb = double (b.width) * b.height;
            const bool a_within = pa <= budget;
            const bool b_within = pb <= budget;
            if (a_within != b_within)
              return a_within;
            if (pa != pb)
              return a_within ? pa > pb : pa < pb;
            return aspect_error (double (a.width) / a.height, aspect)
                   < aspect_error (double (b.width) / b.height, aspect);
          };
          const PixelSize *best = nullptr;
          for (const auto &s : candidates)
            if (in_window (s)
                && aspect_error (double (s.width) / s.height, aspect) <= best_error + kAspectSlack
                && (!best || better (s, *best)))
              best = &s;
          return *best;
        }
      if (low <= kMinPixels && high >= kMaxPixels)
        break;
    }
  // Not reached: the widest window holds every allowed size near the aspect.
  return { kFixedSizes[0].width, kFixedSizes[0].height };
}

} // namespace

PixelSize
nearest_allowed_size (SizeRule rule, int width, int height)
{
  const double w = std::max (width, 1);
  const double h = std::max (height, 1);
  if (rule == SizeRule::fixed_three)
    return fit_fixed (w / h);
  return fit_flexible (w, h);
}

std::string
matched_size (const ModelCapabilities &model, int width, int height)
{
  if (!model.known)
    return "auto";
  return image_size_text (nearest_allowed_size (model.size_rule, width, height));
}

} // namespace gptimage
