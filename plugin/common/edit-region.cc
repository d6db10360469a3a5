#include "edit-region.h"

#include "i18n.h"

#include "gptimage/models.h"
#include "gptimage/size-fit.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace gptimage::plugin {

namespace {

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
  // A region always asks for an explicit size: unknown models on the gpt-image-2 rules.
  const PixelSize size
      = nearest_allowed_size (model_capabilities (model).size_rule, width, height);
  return { size.width, size.height };
}

Result<EditRegion>
plan_edit_region (PixelRect selection, int padding, int layer_width, int layer_height,
                  std::string_view model)
{
  if (layer_width <= 0 || layer_height <= 0)
    return Error::invalid ("layer",
                           std::to_string (layer_width) + "x" + std::to_string (layer_height),
                           _("the layer must be at least 1x1 pixels"));
  if (padding < 0)
    return Error::invalid ("padding", std::to_string (padding), _("must be 0 or more pixels"));

  const std::int64_t lw = layer_width;
  const std::int64_t lh = layer_height;
  Box box{ 0, 0, lw, lh };
  if (!selection.empty ())
    {
      const Box sel{ selection.x, selection.y, std::int64_t (selection.x) + selection.width,
                     std::int64_t (selection.y) + selection.height };
      if (sel.x1 <= 0 || sel.y1 <= 0 || sel.x0 >= lw || sel.y0 >= lh)
        return Error::invalid ("selection", describe_rect (selection),
                               /* Translators: the layer's width and height in pixels. */
                               printf_string (_("it lies entirely outside the %dx%d layer"),
                                              layer_width, layer_height));
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
