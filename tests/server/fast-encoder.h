// Encoders for the server's answers, tuned for speed rather than size: tests ask for many
// images, and a 3840x2160 answer must not take seconds. PNG is written with stored (level 0)
// deflate blocks, so a 1024x1024 answer is about as large as the API's (a few megabytes);
// WebP at output_compression 100 is lossless with the fastest method; JPEG goes through the
// core's codec.
#pragma once

#include "gptimage/error.h"
#include "gptimage/image-codec.h"

#include <cstdint>
#include <vector>

namespace gptimage::testing {

// `compression` is the API's output_compression (0..100, 100 = best quality).
Result<std::vector<std::uint8_t>> encode_answer_image (const RgbaImage &image, ImageFormat format,
                                                       int compression);

} // namespace gptimage::testing
