#include "gptimage/result-check.h"

#include "gptimage/arriving-image.h"
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
    return Error::protocol_error ("the image data is empty");

  bool announced = !image.announced_format.empty ();
  std::string claimed_name = announced ? image.announced_format : requested.format;
  ImageFormat claimed = image_format_from_name (claimed_name);
  ImageFormat actual = sniff_image_format (data, size);
  if (actual == ImageFormat::unknown)
    {
      std::string start = text_start (data, size);
      return Error::protocol_error ("the data is not a PNG, JPEG or WebP image"
                       + (start.empty () ? std::string () : " (it starts with \"" + start + "\")"));
    }
  if (claimed != ImageFormat::unknown && actual != claimed)
    return Error::protocol_error ("the data is a " + std::string (image_format_name (actual))
                     + " image, not " + std::string (image_format_name (claimed))
                     + (announced ? " as the API announced" : " as requested"));

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
    return Error::protocol_error ("the " + std::string (image_format_name (actual))
                     + " data does not decode (" + failure->message + ")");
  if (auto wanted = parse_image_size (requested.size);
      wanted && *wanted != PixelSize { checked.width, checked.height })
    checked.size_mismatch = "the image is " + image_size_text ({ checked.width, checked.height })
                            + ", not the requested " + image_size_text (*wanted);
  return checked;
}

} // namespace gptimage
