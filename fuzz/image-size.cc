// parse_image_size on any text: what it accepts is a size it writes back as the same text
// (digits without leading zeros, 'x', digits), with both edges positive.
#include "gptimage/image-size.h"

#include <cstdio>
#include <cstdlib>

extern "C" int
LLVMFuzzerTestOneInput (const std::uint8_t *data, std::size_t size)
{
  std::string_view text (reinterpret_cast<const char *> (data), size);
  auto parsed = gptimage::parse_image_size (text);
  if (!parsed)
    return 0;
  if (parsed->width <= 0 || parsed->height <= 0
      || gptimage::image_size_text (*parsed) != text)
    {
      std::fprintf (stderr, "accepted as %dx%d\n", parsed->width, parsed->height);
      std::abort ();
    }
  return 0;
}
