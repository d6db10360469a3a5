#include "edit-region.h"

#include "gptimage/models.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace gptimage::plugin {

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

RequestSize
fit_fixed (double aspect)
{
  // A region always asks for an explicit size, never "auto".
  PixelSize best = kFixedSizes[0];
  for (const auto &size : kFixedSizes)
    if (aspect_error (double (size.width) / size.height, aspect)
        < aspect_error (double (best.width) / best.height, aspect))
      best = size;
  return { best.width, best.height };
}

// Every allowed size next to the line of the wanted aspect: for each edge length on the grid,
// the grid values just below and above the other edge.
std::vector<RequestSize>
grid_candidates (double aspect)
{
  std::vector<RequestSize> out;
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

RequestSize
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
      auto in_window = [&] (const RequestSize &s) {
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
          auto better = [&] (const RequestSize &a, const RequestSize &b) {
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
          const RequestSize *best = nullptr;
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

// Half-open box in 64 bits, so padding near INT_MAX cannot overflow.
struct Box
{
  std::int64_t x0, y0, x1, y1;

  std::int64_t width () const { return x1 - x0; }
  std::int64_t height () const { return y1 - y0; }
  bool operator== (const Box &) const = default;
};

// Grows one extent of [lo, hi) to `wanted` (<= limit), centred, shifted back inside [0, limit).
void
grow_extent (std::int64_t &lo, std::int64_t &hi, std::int64_t wanted, std::int64_t limit)
{
  wanted = std::min (wanted, limit);
  const std::int64_t extra = wanted - (hi - lo);
  if (extra <= 0)
    return;
  lo = std::clamp (lo - extra / 2, std::int64_t (0), limit - wanted);
  hi = lo + wanted;
}

// Grows the box towards the aspect of `request`, rounding to the nearest pixel.
Box
grow_towards (Box box, RequestSize request, std::int64_t layer_w, std::int64_t layer_h)
{
  const std::int64_t w = box.width ();
  const std::int64_t h = box.height ();
  if (w * request.height < h * request.width)
    grow_extent (box.x0, box.x1, (h * request.width + request.height / 2) / request.height,
                 layer_w);
  else if (w * request.height > h * request.width)
    grow_extent (box.y0, box.y1, (w * request.height + request.width / 2) / request.width,
                 layer_h);
  return box;
}

std::string
describe_rect (const PixelRect &r)
{
  return std::to_string (r.width) + "x" + std::to_string (r.height) + " at ("
         + std::to_string (r.x) + ", " + std::to_string (r.y) + ")";
}

} // namespace

RequestSize
fit_request_size (int width, int height, std::string_view model)
{
  // A degenerate region still gets an allowed size; treat it as one pixel.
  const double w = std::max (width, 1);
  const double h = std::max (height, 1);
  if (model_capabilities (model).size_rule == SizeRule::fixed_three)
    return fit_fixed (w / h);
  // flexible, and generic (unknown models) on the gpt-image-2 rules.
  return fit_flexible (w, h);
}

Result<EditRegion>
plan_edit_region (PixelRect selection, int padding, int layer_width, int layer_height,
                  std::string_view model)
{
  if (layer_width <= 0 || layer_height <= 0)
    return Error::invalid ("layer",
                           std::to_string (layer_width) + "x" + std::to_string (layer_height),
                           "the layer must be at least 1x1 pixels");
  if (padding < 0)
    return Error::invalid ("padding", std::to_string (padding), "must be 0 or more pixels");

  const std::int64_t lw = layer_width;
  const std::int64_t lh = layer_height;
  Box box{ 0, 0, lw, lh };
  if (!selection.empty ())
    {
      const Box sel{ selection.x, selection.y, std::int64_t (selection.x) + selection.width,
                     std::int64_t (selection.y) + selection.height };
      if (sel.x1 <= 0 || sel.y1 <= 0 || sel.x0 >= lw || sel.y0 >= lh)
        return Error::invalid ("selection", describe_rect (selection),
                               "it lies entirely outside the "
                                 + std::to_string (layer_width) + "x"
                                 + std::to_string (layer_height) + " layer");
      box = Box{ std::max (sel.x0 - padding, std::int64_t (0)),
                 std::max (sel.y0 - padding, std::int64_t (0)),
                 std::min (sel.x1 + padding, lw), std::min (sel.y1 + padding, lh) };
    }

  // Growing changes the size the model gets, which changes the aspect to grow towards: repeat
  // until the box holds still (it only grows, so this ends; a few rounds are plenty).
  RequestSize request = fit_request_size (int (box.width ()), int (box.height ()), model);
  for (int round = 0; round < 8; ++round)
    {
      const Box grown = grow_towards (box, request, lw, lh);
      if (grown == box)
        break;
      box = grown;
      request = fit_request_size (int (box.width ()), int (box.height ()), model);
    }

  EditRegion region;
  region.source = PixelRect{ int (box.x0), int (box.y0), int (box.width ()), int (box.height ()) };
  region.request = request;
  return region;
}

} // namespace gptimage::plugin
