// Checks a final image before it is saved or shown: a server can answer 200 with bytes that are
// no image, or with an image of another size than asked for.
#pragma once

#include "gptimage/api-result.h"
#include "gptimage/error.h"
#include "gptimage/image-codec.h"

#include <string>

namespace gptimage {

// What the request asked for.
struct RequestedImage
{
  std::string format; // output_format; used when the API announced none
  std::string size;   // WIDTHxHEIGHT, or "auto" (any size is fine)
};

struct CheckedImage
{
  ImageFormat format = ImageFormat::unknown;
  int width = 0;
  int height = 0;
  // When a WIDTHxHEIGHT size was asked for and the image has another one, e.g.
  // "the image is 512x512, not the requested 1024x1024"; empty otherwise.
  std::string size_mismatch;
  RgbaImage pixels; // the decoded image, for a front that shows it (the GIMP plug-in)
};

enum class KeepPixels
{
  yes, // for a front that shows the image
  no,  // for one that only saves the bytes: the image is checked in full all the same
       // (verify_image), without the RGBA copy (33 MB for a 4K image)
};

// The image must fully decode as the format it claims: the output_format the API announced,
// else `requested.format`. An error (ErrorKind::protocol) says why the bytes are not usable; a
// different size is not an error (the image is still what was paid for), only a note.
Result<CheckedImage> check_result_image (const GeneratedImage &image,
                                         const RequestedImage &requested,
                                         KeepPixels keep = KeepPixels::yes);

} // namespace gptimage
