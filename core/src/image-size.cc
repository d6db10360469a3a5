#include "gptimage/image-size.h"

#include <glib.h>

namespace gptimage {

namespace {

std::optional<int>
parse_edge (std::string_view digits)
{
  if (digits.empty () || digits.size () > 9 || digits.front () == '0')
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

} // namespace

std::optional<PixelSize>
parse_image_size (std::string_view text)
{
  auto x = text.find ('x');
  if (x == std::string_view::npos)
    return std::nullopt;
  auto width = parse_edge (text.substr (0, x));
  auto height = parse_edge (text.substr (x + 1));
  if (!width || !height)
    return std::nullopt;
  return PixelSize { *width, *height };
}

std::string
image_size_text (PixelSize size)
{
  return std::to_string (size.width) + "x" + std::to_string (size.height);
}

} // namespace gptimage
