#include "result-fit.h"

#include <algorithm>
#include <cmath>

namespace gptimage::plugin {

PixelRect
fitted_placement (int width, int height, const PixelRect &target)
{
  if (width <= 0 || height <= 0 || target.empty ())
    return target;
  const double result_aspect = double (width) / height;
  const double target_aspect = double (target.width) / target.height;
  if (std::abs (std::log (result_aspect / target_aspect)) <= kSameAspectTolerance)
    return target;
  // The edge that limits the scale keeps the target's length; the other follows the aspect.
  const double scale = std::min (double (target.width) / width, double (target.height) / height);
  const int w = std::clamp (int (std::lround (width * scale)), 1, target.width);
  const int h = std::clamp (int (std::lround (height * scale)), 1, target.height);
  return { target.x + (target.width - w) / 2, target.y + (target.height - h) / 2, w, h };
}

} // namespace gptimage::plugin
