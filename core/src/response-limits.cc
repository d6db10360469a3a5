#include "gptimage/response-limits.h"

#include <algorithm>

namespace gptimage {

namespace {

std::string
count_text (int count, const char *one, const char *many)
{
  return std::to_string (count) + " " + (count == 1 ? one : many);
}

} // namespace

std::size_t
ResponseLimits::body_bytes () const
{
  return static_cast<std::size_t> (std::max (final_images, 1)) * max_image_text
         + max_envelope_bytes;
}

std::size_t
ResponseLimits::stream_bytes () const
{
  return static_cast<std::size_t> (std::max (partial_images, 0) + 2 * std::max (final_images, 1))
             * max_image_text
         + max_stream_envelope_bytes;
}

ResponseLimits
response_limits_for (Route route, const ImageOptions &options)
{
  ResponseLimits limits;
  if (route == Route::responses)
    {
      limits.final_images = 1; // one image_generation tool, one image
      limits.final_images_source = "one per Responses request";
    }
  else
    {
      limits.final_images = std::max (options.n.value_or (1), 1);
      limits.final_images_source = "n = " + std::to_string (limits.final_images);
    }
  limits.partial_images = options.stream ? std::max (options.partial_images.value_or (0), 0) : 0;
  return limits;
}

std::string
byte_size_text (std::size_t bytes)
{
  if (bytes >= kMiB && bytes % kMiB == 0)
    return std::to_string (bytes / kMiB) + " MiB";
  if (bytes >= kMiB)
    return std::to_string ((bytes + kMiB / 2) / kMiB) + " MiB";
  if (bytes >= 1024)
    return std::to_string ((bytes + 512) / 1024) + " KiB";
  return std::to_string (bytes) + (bytes == 1 ? " byte" : " bytes");
}

Error
body_too_large_error (std::size_t limit)
{
  return Error::protocol_error ("the response body is larger than its limit of "
                                + byte_size_text (limit)
                                + " (see docs/limits.md); reading stopped");
}

Error
announced_body_too_large_error (std::size_t announced, std::size_t limit)
{
  return Error::protocol_error ("the response announces a body of " + byte_size_text (announced)
                                + " (Content-Length), over its limit of " + byte_size_text (limit)
                                + " (see docs/limits.md); it was not read");
}

Error
sse_event_too_large_error (std::size_t limit)
{
  return Error::protocol_error ("an SSE event of the stream is larger than the limit of "
                                + byte_size_text (limit)
                                + " for one event (see docs/limits.md); reading stopped");
}

Error
stream_too_large_error (std::size_t limit)
{
  return Error::protocol_error ("the stream is larger than its limit of " + byte_size_text (limit)
                                + " (see docs/limits.md); reading stopped");
}

Error
image_too_large_error (std::size_t base64_size)
{
  return Error::protocol_error ("an image of the response is " + byte_size_text (base64_size)
                                + " of base64, over the limit of "
                                + byte_size_text (max_image_text) + " ("
                                + byte_size_text (max_image_bytes)
                                + " decoded; see docs/limits.md)");
}

Error
too_many_images_error (const ResponseLimits &limits)
{
  return Error::protocol_error ("the response holds more images than the "
                                + count_text (limits.final_images, "image", "images")
                                + " asked for (" + limits.final_images_source
                                + "); the extra ones were refused (see docs/limits.md)");
}

Error
too_many_partial_images_error (const ResponseLimits &limits)
{
  std::string asked = limits.partial_images == 0
                          ? std::string ("none were asked for")
                          : "only " + count_text (limits.partial_images, "was", "were")
                                + " asked for";
  return Error::protocol_error ("the stream sent more partial images than asked for: " + asked
                                + " (partial_images = " + std::to_string (limits.partial_images)
                                + "); reading stopped (see docs/limits.md)");
}

Status
check_image_dimensions (std::int64_t width, std::int64_t height)
{
  if (width > max_image_side || height > max_image_side || width * height > max_image_pixels)
    return Error::protocol_error ("the image is " + std::to_string (width) + "x"
                                  + std::to_string (height) + " pixels, over the limit of "
                                  + std::to_string (max_image_side) + " pixels a side and "
                                  + std::to_string (max_image_pixels)
                                  + " in all (see docs/limits.md)");
  return {};
}

} // namespace gptimage
