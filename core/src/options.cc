#include "gptimage/options.h"

namespace gptimage {

std::optional<ImageFieldStyle>
parse_image_field_style (std::string_view text)
{
  if (text == "simple")
    return ImageFieldStyle::simple;
  if (text == "brackets")
    return ImageFieldStyle::brackets;
  if (text == "indexed")
    return ImageFieldStyle::indexed;
  return std::nullopt;
}

ImageSource
ImageSource::from_bytes (std::string file_name, std::vector<std::uint8_t> data)
{
  ImageSource source (std::move (file_name));
  source.bytes = std::make_shared<const std::vector<std::uint8_t>> (std::move (data));
  return source;
}

} // namespace gptimage
