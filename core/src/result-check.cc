#include "gptimage/result-check.h"

#include "gptimage/arriving-image.h"
#include "gptimage/i18n.h"
#include "gptimage/image-size.h"
#include "gptimage/response-limits.h"

#include <glib.h>

#include <optional>
#include <string_view>

namespace gptimage {

namespace {

// The first bytes, shown when they are text (an error page or a message where an image
// should be): that says more than "not an image".
std::string
text_start (const guint8 *data, std::size_t size)
{
  constexpr std::size_t shown = 32;
  std::string text;
  for (std::size_t i = 0; i < size && i < shown; ++i)
    {
      if (!g_ascii_isprint (data[i]) && !g_ascii_isspace (data[i]))
        return {};
      text += g_ascii_isspace (data[i]) ? ' ' : static_cast<char> (data[i]);
    }
  return size > shown ? text + "..." : text;
}

} // namespace

Result<CheckedImage>
check_result_image (const GeneratedImage &image, const RequestedImage &requested,
                    KeepPixels keep)
{
  gsize size = 0;
  const auto *data = static_cast<const guint8 *> (
      image.data ? g_bytes_get_data (image.data.get (), &size) : nullptr);
  if (size == 0)
    return Error::protocol_error (_("the image data is empty"));

  bool announced = !image.announced_format.empty ();
  std::string claimed_name = announced ? image.announced_format : requested.format;
  ImageFormat claimed = image_format_from_name (claimed_name);
  ImageFormat actual = sniff_image_format (data, size);
  if (actual == ImageFormat::unknown)
    {
      std::string start = text_start (data, size);
      if (start.empty ())
        return Error::protocol_error (_("the data is not a PNG, JPEG or WebP image"));
      return Error::protocol_error (
        /* Translators: %s is the start of the data, shown as it is (often an error page). */
        printf_string (_("the data is not a PNG, JPEG or WebP image (it starts with \"%s\")"),
                       start.c_str ()));
    }
  if (claimed != ImageFormat::unknown && actual != claimed)
    {
      const std::string got (image_format_name (actual));
      const std::string said (image_format_name (claimed));
      return Error::protocol_error (
        announced
          /* Translators: %1$s is the format the data has, %2$s the one the API announced
             (png, jpeg or webp: keep them). */
          ? printf_string (_("the data is a %s image, not %s as the API announced"), got.c_str (),
                           said.c_str ())
          /* Translators: %1$s is the format the data has, %2$s the one requested (png,
             jpeg or webp: keep them). */
          : printf_string (_("the data is a %s image, not %s as requested"), got.c_str (),
                           said.c_str ()));
    }

  // The headers first: a picture past the limits is not decoded at all.
  if (auto header = probe_image (data, size); header)
    if (Status within = check_image_dimensions (header->width, header->height); !within)
      return std::move (within).error ();

  CheckedImage checked;
  checked.format = actual;
  std::optional<Error> failure;
  if (keep == KeepPixels::yes)
    {
      if (auto decoded = decode_image (data, size); decoded)
        checked.pixels = std::move (decoded).value ();
      else
        failure = std::move (decoded).error ();
      checked.width = checked.pixels.width;
      checked.height = checked.pixels.height;
    }
  else
    {
      // Checked while it arrived (the same decoding), or now.
      std::optional<Result<ImageInfo>> arrived;
      if (image.arrival)
        arrived = image.arrival->verdict ();
      Result<ImageInfo> verified = arrived ? std::move (*arrived) : verify_image (data, size);
      if (verified)
        {
          checked.width = verified->width;
          checked.height = verified->height;
        }
      else
        failure = std::move (verified).error ();
    }
  if (failure)
    return Error::protocol_error (
      /* Translators: %1$s is the format (png, jpeg or webp: keep it), %2$s why decoding failed. */
      printf_string (_("the %s data does not decode (%s)"),
                     std::string (image_format_name (actual)).c_str (), failure->message.c_str ()));
  if (auto wanted = parse_image_size (requested.size);
      wanted && *wanted != PixelSize { checked.width, checked.height })
    {
      const std::string got = image_size_text ({ checked.width, checked.height });
      /* Translators: %1$s is the size that came, %2$s the one requested, both like 1024x1536. */
      checked.size_mismatch = printf_string (_("the image is %s, not the requested %s"),
                                             got.c_str (), image_size_text (*wanted).c_str ());
    }
  return checked;
}

} // namespace gptimage
