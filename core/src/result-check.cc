#include "gptimage/result-check.h"

#include <glib.h>

#include <optional>
#include <string_view>

namespace gptimage {

namespace {

Error
unusable (std::string message)
{
  Error e;
  e.kind = ErrorKind::protocol;
  e.message = std::move (message);
  return e;
}

std::optional<int>
parse_edge (std::string_view digits)
{
  if (digits.empty () || digits.size () > 9)
    return std::nullopt;
  int value = 0;
  for (char c : digits)
    {
      if (!g_ascii_isdigit (c))
        return std::nullopt;
      value = value * 10 + (c - '0');
    }
  return value;
}

// WIDTHxHEIGHT; nullopt for "auto" and anything else that names no size.
std::optional<std::pair<int, int>>
parse_size (std::string_view text)
{
  auto x = text.find ('x');
  if (x == std::string_view::npos)
    return std::nullopt;
  auto width = parse_edge (text.substr (0, x));
  auto height = parse_edge (text.substr (x + 1));
  if (!width || !height)
    return std::nullopt;
  return std::pair { *width, *height };
}

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

std::string
size_text (int width, int height)
{
  return std::to_string (width) + "x" + std::to_string (height);
}

} // namespace

Result<CheckedImage>
check_result_image (const GeneratedImage &image, const RequestedImage &requested)
{
  gsize size = 0;
  const auto *data = static_cast<const guint8 *> (
      image.data ? g_bytes_get_data (image.data.get (), &size) : nullptr);
  if (size == 0)
    return unusable ("the image data is empty");

  bool announced = !image.announced_format.empty ();
  std::string claimed_name = announced ? image.announced_format : requested.format;
  ImageFormat claimed = image_format_from_name (claimed_name);
  ImageFormat actual = sniff_image_format (data, size);
  if (actual == ImageFormat::unknown)
    {
      std::string start = text_start (data, size);
      return unusable ("the data is not a PNG, JPEG or WebP image"
                       + (start.empty () ? std::string () : " (it starts with \"" + start + "\")"));
    }
  if (claimed != ImageFormat::unknown && actual != claimed)
    return unusable ("the data is a " + std::string (image_format_name (actual))
                     + " image, not " + std::string (image_format_name (claimed))
                     + (announced ? " as the API announced" : " as requested"));

  auto decoded = decode_image (data, size);
  if (!decoded)
    return unusable ("the " + std::string (image_format_name (actual))
                     + " data does not decode (" + decoded.error ().message + ")");

  CheckedImage checked;
  checked.format = actual;
  checked.width = decoded->width;
  checked.height = decoded->height;
  if (auto wanted = parse_size (requested.size);
      wanted && (wanted->first != checked.width || wanted->second != checked.height))
    checked.size_mismatch = "the image is " + size_text (checked.width, checked.height)
                            + ", not the requested " + size_text (wanted->first, wanted->second);
  return checked;
}

} // namespace gptimage
