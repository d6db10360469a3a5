// Pixels for the test server's answers. Each prompt gets its own deterministic picture, so
// tests can tell answers apart; edits change only the pixels a mask allows, so tests can check
// which way round the mask arrived.
#pragma once

#include "gptimage/image-codec.h"

#include <cstdint>
#include <string_view>

namespace gptimage::testing {

// A stable 64-bit hash of the prompt and a variant number (the image's index in the answer).
std::uint64_t prompt_seed (std::string_view prompt, unsigned variant = 0);

// A new picture: gradients and stripes whose colours and spacing come from `seed`. With
// `transparent` the subject sits on a fully transparent background (alpha 0 at the corners).
RgbaImage synthesize_image (std::uint64_t seed, int width, int height, bool transparent);

// Nearest-neighbour resampling (returns a copy when the size already matches).
RgbaImage resample (const RgbaImage &image, int width, int height);

// The edit of `input` (resampled to width x height first): a pixel changes only where `mask`
// (may be null; resampled the same way) has alpha 0, and every pixel that may change does
// change. Pixels under mask alpha > 0 stay byte-identical to the (resampled) input.
RgbaImage edit_image (const RgbaImage &input, const RgbaImage *mask, std::uint64_t seed,
                      int width, int height, bool transparent);

// Partial image `index` of `count`: a coarse, blocky preview of `final_image` that gets finer
// with each index.
RgbaImage partial_preview (const RgbaImage &final_image, int index, int count);

} // namespace gptimage::testing
