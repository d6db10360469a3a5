// How much one response may carry. A broken or hostile server must not make a front hold
// gigabytes, write hundreds of files or decode a picture the size of a city; a real answer,
// the largest the API makes, must always fit. docs/limits.md gives each bound, its value, why,
// and the error it gives.
#pragma once

#include "gptimage/error.h"
#include "gptimage/options.h"
#include "gptimage/route.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace gptimage {

inline constexpr std::size_t kMiB = 1024 * 1024;

// The largest image file accepted (the bytes its base64 decodes to). The API's largest image,
// 3840x2160, is about 33 MB as a PNG at worst (8-bit RGBA deflate cannot grow it by more than a
// few bytes per 64 KB); real ones are 10-25 MB. 48 MiB leaves half as much again.
inline constexpr std::size_t max_image_bytes = 48 * kMiB;
// The same image as base64 text: 4/3 of it.
inline constexpr std::size_t max_image_text = max_image_bytes / 3 * 4;
// Room for everything around the images: ids, usage, echoes, a revised prompt.
inline constexpr std::size_t max_envelope_bytes = 1 * kMiB;
// One SSE event: one image (streams carry one image per event) and its envelope.
inline constexpr std::size_t max_sse_event_bytes = max_image_text + max_envelope_bytes;
// The events around the images of a stream (created, in progress, keep-alive comments...).
inline constexpr std::size_t max_stream_envelope_bytes = 8 * kMiB;
// The body of an error status: only its start is read, which is all an error message needs.
inline constexpr std::size_t max_error_body_bytes = 1 * kMiB;

// Decoded dimensions: the API makes at most 3840 pixels a side and 8,294,400 in all; four
// times that (7680x4320) and 8192 a side are accepted, no more (133 MB of RGBA in GIMP).
inline constexpr int max_image_side = 8192;
inline constexpr std::int64_t max_image_pixels = 4 * 8294400LL;

// What one request asked for: the images and partial images a response may bring.
struct ResponseLimits
{
  int final_images = 1;   // n (Images routes); 1 for a Responses request
  int partial_images = 0; // partial_images of a stream; 0 without one
  // "n" or "the Responses tool": what set final_images, for error messages.
  std::string final_images_source = "n";

  // A whole non-streamed 2xx body: final_images images and the envelope.
  std::size_t body_bytes () const;
  // A whole stream: its partial images, each final image twice (the Responses API repeats it
  // in response.completed) and the events around them.
  std::size_t stream_bytes () const;
};

// The limits of a request on `route` with `options` (n, stream, partial_images; unset values
// are the API's defaults: n 1, no stream, no partial images).
ResponseLimits response_limits_for (Route route, const ImageOptions &options);

// "65 MiB", "512 KiB", "300 bytes".
std::string byte_size_text (std::size_t bytes);

// The errors of each bound (ErrorKind::protocol), as the fronts show them.
Error body_too_large_error (std::size_t limit);
Error announced_body_too_large_error (std::size_t announced, std::size_t limit);
Error sse_event_too_large_error (std::size_t limit);
Error stream_too_large_error (std::size_t limit);
Error image_too_large_error (std::size_t base64_size);
Error too_many_images_error (const ResponseLimits &limits);
Error too_many_partial_images_error (const ResponseLimits &limits);

// An image of width x height pixels is within max_image_side and max_image_pixels.
Status check_image_dimensions (std::int64_t width, std::int64_t height);

} // namespace gptimage
