// What the CLI does with the final images a response gave (cli/image-writer.cc): each one is
// checked before it is saved.
#pragma once

#include "gptimage/response-parser.h"
#include "gptimage/result-check.h"

namespace gptimage_fuzz {

inline void
check_final_images (gptimage::ImageCollector &collector)
{
  const gptimage::RequestedImage requested { "png", "1024x1024" };
  for (const gptimage::GeneratedImage &image : collector.result ().images)
    (void) gptimage::check_result_image (image, requested, gptimage::KeepPixels::no);
}

} // namespace gptimage_fuzz
