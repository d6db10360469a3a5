// The checks of a result image, on any bytes: verify_image (what the CLI checks before saving)
// and decode_image (what the plug-in decodes into a layer), alone and through
// check_result_image. verify_image must never accept what decode_image refuses (it may refuse
// more: a bad Adler-32, a zlib stream that stops early), and both must see one size.
#include "gptimage/image-codec.h"
#include "gptimage/result-check.h"

#include "image-limits.h"

#include <glib.h>

#include <cstdio>
#include <cstdlib>

extern "C" int
LLVMFuzzerTestOneInput (const std::uint8_t *data, std::size_t size)
{
  gptimage::GeneratedImage image;
  image.data.reset (g_bytes_new (data, size));
  const gptimage::RequestedImage requested { "png", "1024x1024" };
  auto verified = gptimage::verify_image (data, size);
  (void) gptimage::check_result_image (image, requested, gptimage::KeepPixels::no);
  if (!gptimage_fuzz::within_input_image_limits (data, size))
    return 0;

  auto decoded = gptimage::decode_image (data, size);
  if (verified && !decoded)
    {
      std::fprintf (stderr, "verify_image accepts what decode_image refuses: %s\n",
                    decoded.error ().message.c_str ());
      std::abort ();
    }
  if (verified && (verified->width != decoded->width || verified->height != decoded->height))
    {
      std::fprintf (stderr, "verify_image sees %dx%d, decode_image %dx%d\n", verified->width,
                    verified->height, decoded->width, decoded->height);
      std::abort ();
    }
  (void) gptimage::check_result_image (image, requested, gptimage::KeepPixels::yes);
  return 0;
}
