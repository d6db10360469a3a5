#include "validate-private.h"

#include "gptimage/image-size.h"

#include <glib.h>

#include <cstdint>
#include <optional>

namespace gptimage::validate_detail {

std::string
grouped (std::int64_t number)
{
  std::string digits = std::to_string (number);
  std::string out;
  for (std::size_t i = 0; i < digits.size (); ++i)
    {
      if (i > 0 && (digits.size () - i) % 3 == 0)
        out += ',';
      out += digits[i];
    }
  return out;
}

Status
check_size (std::string_view size, std::string_view model, const ModelCapabilities &capabilities)
{
  if (capabilities.size_rule == SizeRule::fixed_three)
    {
      if (size == "auto")
        return {};
      for (PixelSize allowed : kFixedSizes)
        if (size == image_size_text (allowed))
          return {};
      return Error::invalid ("size", size,
                             std::string (model)
                               + " supports only auto, 1024x1024, 1536x1024 and 1024x1536");
    }

  if (size == "auto")
    return {};
  auto dims = parse_image_size (size);
  if (!dims)
    return Error::invalid ("size", size,
                           "must be auto or WIDTHxHEIGHT with positive whole numbers, e.g. 1024x1024");
  if (capabilities.size_rule == SizeRule::generic)
    return {};

  const std::int64_t longest = std::max (dims->width, dims->height);
  const std::int64_t shortest = std::min (dims->width, dims->height);
  const std::int64_t pixels = std::int64_t (dims->width) * dims->height;
  if (dims->width % kSizeMultiple != 0 || dims->height % kSizeMultiple != 0)
    return Error::invalid ("size", size,
                           "both edges must be multiples of " + std::to_string (kSizeMultiple));
  if (longest > kMaxEdge)
    return Error::invalid ("size", size,
                           "the longest edge must be at most " + std::to_string (kMaxEdge)
                             + " pixels");
  if (longest > shortest * kMaxAspectRatio)
    return Error::invalid ("size", size,
                           "the long edge may be at most " + std::to_string (kMaxAspectRatio)
                             + " times the short edge (ratio "
                             + std::to_string (kMaxAspectRatio) + ":1)");
  if (pixels < kMinPixels || pixels > kMaxPixels)
    return Error::invalid ("size", size,
                           "the total pixel count must be between " + grouped (kMinPixels)
                             + " and " + grouped (kMaxPixels) + " (it is " + grouped (pixels)
                             + ")");
  return {};
}

} // namespace gptimage::validate_detail
