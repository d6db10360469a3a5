// The pieces of an answer that carry an image: base64 of the encoded picture, the usage the
// API reports for it, and the echo fields (size, quality, background, output_format).
#pragma once

#include "api-rules.h"

#include "gptimage/glib-ptr.h"

#include <string>

namespace gptimage::testing {

// Base64 of the picture encoded as the settings ask (format and output_compression).
Result<std::string> encode_base64_image (const RgbaImage &image, const ImageSettings &settings);

// How a fault spoils the final images of an answer; partial images stay as they are.
enum class ImageDefect
{
  none,
  not_an_image, // base64 of a line of text
  wrong_size,   // the picture at half the width and height
  invalid_base64, // text that is not base64 at all
};

// encode_base64_image for a final image, spoiled as `defect` says.
Result<std::string> encode_final_image (const RgbaImage &image, const ImageSettings &settings,
                                        ImageDefect defect);

// Images API usage ("ImagesUsage"): token counts derived from the prompt, the input images
// and the output size and quality.
JsonObjectPtr images_usage (const ImageSettings &settings, std::string_view prompt,
                            int input_images, int outputs);

// size, quality, background, output_format as the API echoes them.
void add_echo_fields (JsonObject *object, const ImageSettings &settings);

std::string revised_prompt (std::string_view prompt);

// Unix seconds.
gint64 unix_now ();

} // namespace gptimage::testing
