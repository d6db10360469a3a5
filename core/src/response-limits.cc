#include "gptimage/response-limits.h"

#include "gptimage/i18n.h"

#include <algorithm>

namespace gptimage {

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
      /* Translators: why one image is allowed, shown as "… than the 1 image asked for (one per
         Responses request) …"; Responses is the API's name. */
      limits.final_images_source = _("one per Responses request");
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
    /* Translators: %zu is a number of mebibytes; MiB is the unit's symbol. */
    return printf_string (_("%zu MiB"), bytes / kMiB);
  if (bytes >= kMiB)
    return printf_string (_("%zu MiB"), (bytes + kMiB / 2) / kMiB);
  if (bytes >= 1024)
    /* Translators: %zu is a number of kibibytes; KiB is the unit's symbol. */
    return printf_string (_("%zu KiB"), (bytes + 512) / 1024);
  /* Translators: a number of bytes. */
  return printf_string (g_dngettext (GETTEXT_PACKAGE, "%zu byte", "%zu bytes", bytes), bytes);
}

Error
body_too_large_error (std::size_t limit)
{
  return Error::protocol_error (printf_string (
      /* Translators: %s is a size such as "17 MiB"; keep docs/limits.md. */
      _("the response body is larger than its limit of %s (see docs/limits.md); reading stopped"),
      byte_size_text (limit).c_str ()));
}

Error
announced_body_too_large_error (std::size_t announced, std::size_t limit)
{
  return Error::protocol_error (printf_string (
      /* Translators: both %s are sizes such as "17 MiB": the announced body, then the limit.
         Content-Length is an HTTP header: keep it, and docs/limits.md. */
      _("the response announces a body of %s (Content-Length), over its limit of %s (see "
        "docs/limits.md); it was not read"),
      byte_size_text (announced).c_str (), byte_size_text (limit).c_str ()));
}

Error
sse_event_too_large_error (std::size_t limit)
{
  return Error::protocol_error (printf_string (
      /* Translators: %s is a size such as "65 MiB"; SSE is the stream's format (Server-Sent
         Events); keep docs/limits.md. */
      _("an SSE event of the stream is larger than the limit of %s for one event (see "
        "docs/limits.md); reading stopped"),
      byte_size_text (limit).c_str ()));
}

Error
stream_too_large_error (std::size_t limit)
{
  return Error::protocol_error (printf_string (
      /* Translators: %s is a size such as "200 MiB"; keep docs/limits.md. */
      _("the stream is larger than its limit of %s (see docs/limits.md); reading stopped"),
      byte_size_text (limit).c_str ()));
}

Error
image_too_large_error (std::size_t base64_size)
{
  return Error::protocol_error (printf_string (
      /* Translators: three sizes such as "64 MiB": the image's base64 text, the limit for that
         text, and the same limit once decoded. Keep base64 and docs/limits.md. */
      _("an image of the response is %s of base64, over the limit of %s (%s decoded; see "
        "docs/limits.md)"),
      byte_size_text (base64_size).c_str (), byte_size_text (max_image_text).c_str (),
      byte_size_text (max_image_bytes).c_str ()));
}

Error
too_many_images_error (const ResponseLimits &limits)
{
  return Error::protocol_error (printf_string (
      g_dngettext (GETTEXT_PACKAGE,
                   /* Translators: %d is how many images were asked for; %s says where that
                      number comes from: "n = 2" (a parameter, kept as it is) or "one per
                      Responses request". Keep docs/limits.md. */
                   "the response holds more images than the %d image asked for (%s); the extra "
                   "ones were refused (see docs/limits.md)",
                   "the response holds more images than the %d images asked for (%s); the extra "
                   "ones were refused (see docs/limits.md)",
                   limits.final_images),
      limits.final_images, limits.final_images_source.c_str ()));
}

Error
too_many_partial_images_error (const ResponseLimits &limits)
{
  if (limits.partial_images == 0)
    return Error::protocol_error (
        /* Translators: partial_images is a parameter: keep it, and docs/limits.md. */
        _("the stream sent more partial images than asked for: none were asked for "
          "(partial_images = 0); reading stopped (see docs/limits.md)"));
  return Error::protocol_error (printf_string (
      g_dngettext (GETTEXT_PACKAGE,
                   /* Translators: both %d are the number of partial images asked for (the second
                      is the value of the parameter partial_images: keep its name), and
                      docs/limits.md. */
                   "the stream sent more partial images than asked for: only %d was asked for "
                   "(partial_images = %d); reading stopped (see docs/limits.md)",
                   "the stream sent more partial images than asked for: only %d were asked for "
                   "(partial_images = %d); reading stopped (see docs/limits.md)",
                   limits.partial_images),
      limits.partial_images, limits.partial_images));
}

Status
check_image_dimensions (std::int64_t width, std::int64_t height)
{
  if (width > max_image_side || height > max_image_side || width * height > max_image_pixels)
    return Error::protocol_error (printf_string (
        /* Translators: the image's width and height in pixels, then the largest side allowed and
           the most pixels allowed in all. Keep docs/limits.md. */
        _("the image is %lldx%lld pixels, over the limit of %d pixels a side and %lld in all "
          "(see docs/limits.md)"),
        static_cast<long long> (width), static_cast<long long> (height), max_image_side,
        static_cast<long long> (max_image_pixels)));
  return {};
}

} // namespace gptimage
