#include "validate-private.h"

#include "gptimage/i18n.h"

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
                             /* Translators: %s is a model; the sizes are kept as they are. */
                             printf_string (_("%s supports only auto, 1024x1024, 1536x1024 and "
                                              "1024x1536"),
                                            std::string (model).c_str ()));
    }

  if (size == "auto")
    return {};
  auto dims = parse_image_size (size);
  if (!dims)
    /* Translators: "auto" and "WIDTHxHEIGHT" are what to type: keep them (translate WIDTH and
       HEIGHT only if the x between them stays). */
    return Error::invalid ("size", size,
                           _("must be auto or WIDTHxHEIGHT with positive whole numbers, e.g. "
                             "1024x1024"));
  if (capabilities.size_rule == SizeRule::generic)
    return {};

  const std::int64_t longest = std::max (dims->width, dims->height);
  const std::int64_t shortest = std::min (dims->width, dims->height);
  const std::int64_t pixels = std::int64_t (dims->width) * dims->height;
  if (dims->width % kSizeMultiple != 0 || dims->height % kSizeMultiple != 0)
    /* Translators: %d is the multiple (16). */
    return Error::invalid ("size", size, printf_string (_("both edges must be multiples of %d"),
                                                        static_cast<int> (kSizeMultiple)));
  if (longest > kMaxEdge)
    return Error::invalid ("size", size,
                           /* Translators: %d is the longest edge allowed, in pixels. */
                           printf_string (_("the longest edge must be at most %d pixels"),
                                          static_cast<int> (kMaxEdge)));
  if (longest > shortest * kMaxAspectRatio)
    return Error::invalid ("size", size,
                           /* Translators: both numbers are the same ratio, e.g. 3 times, ratio
                              3:1. */
                           printf_string (_("the long edge may be at most %d times the short "
                                            "edge (ratio %d:1)"),
                                          static_cast<int> (kMaxAspectRatio),
                                          static_cast<int> (kMaxAspectRatio)));
  if (pixels < kMinPixels || pixels > kMaxPixels)
    return Error::invalid ("size", size,
                           /* Translators: the lowest and highest pixel counts allowed, then the
                              size's own. */
                           printf_string (_("the total pixel count must be between %s and %s "
                                            "(it is %s)"),
                                          grouped (kMinPixels).c_str (),
                                          grouped (kMaxPixels).c_str (),
                                          grouped (pixels).c_str ()));
  return {};
}

} // namespace gptimage::validate_detail
