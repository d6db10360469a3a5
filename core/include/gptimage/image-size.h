// A WIDTHxHEIGHT size as the API writes it ("1536x1024").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gptimage {

struct PixelSize
{
  int width = 0;
  int height = 0;
  bool operator== (const PixelSize &) const = default;
};

// Digits, 'x', digits: no spaces, signs or leading zeros, up to 9 digits an edge. nullopt for
// "auto" and anything else that names no size.
std::optional<PixelSize> parse_image_size (std::string_view text);

std::string image_size_text (PixelSize size); // "1536x1024"

} // namespace gptimage
