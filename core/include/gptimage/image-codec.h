// PNG, JPEG and WebP through libpng, libjpeg and libwebp: sniffing, probing, decoding to RGBA and
// encoding from RGBA. Used for pre-flight checks of input files, by the test server and by the
// plug-in's pixel transfer.
#pragma once

#include "gptimage/error.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace gptimage {

enum class ImageFormat
{
  unknown,
  png,
  jpeg,
  webp,
};

std::string_view image_format_name (ImageFormat format); // "png", "jpeg", "webp", "unknown"
std::string_view image_mime_type (ImageFormat format);   // "image/png", ...
std::string_view image_file_extension (ImageFormat format); // "png", "jpg", "webp"
// "png", "jpeg", "jpg", "webp" (any case); unknown otherwise.
ImageFormat image_format_from_name (std::string_view name);
// From the file name's extension; unknown when it has none we know.
ImageFormat image_format_from_path (std::string_view path);
// From the leading magic bytes.
ImageFormat sniff_image_format (const void *data, std::size_t size);

struct ImageInfo
{
  ImageFormat format = ImageFormat::unknown;
  int width = 0;
  int height = 0;
  bool has_alpha = false; // an alpha channel or PNG tRNS transparency
};

// Reads only the headers.
Result<ImageInfo> probe_image (const void *data, std::size_t size);

// 8-bit RGBA, rows top to bottom, no padding.
struct RgbaImage
{
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels; // width * height * 4

  std::uint8_t *pixel (int x, int y) { return pixels.data () + (static_cast<std::size_t> (y) * width + x) * 4; }
  const std::uint8_t *pixel (int x, int y) const { return pixels.data () + (static_cast<std::size_t> (y) * width + x) * 4; }
};

Result<RgbaImage> decode_image (const void *data, std::size_t size);

// Checks the whole image as decode_image would read it but keeps no pixels: a PNG's chunks
// and CRCs are walked and its image data inflated whole into a small window (png-check.cc;
// it accepts what decode_image accepts), JPEG rows go one by one through a single row buffer,
// and WebP is decoded with libwebp scaling it to one pixel as it goes, so a 4K image costs its
// decoding and not 33 MB of RGBA.
Result<ImageInfo> verify_image (const void *data, std::size_t size);

// verify_image for a PNG read through `read`, which fills exactly `size` bytes (and may wait
// for them) or returns false when the data ended first: the same check, for bytes that are
// still arriving.
using PngReader = std::function<bool (std::uint8_t *out, std::size_t size)>;
Result<ImageInfo> verify_png (const PngReader &read);

// How hard the encoder works to make the file small.
enum class EncodeEffort
{
  balanced, // zlib's default level for PNG, libwebp's default method
  fastest,  // stored deflate blocks and no filtering for PNG, method 0 for WebP: large files,
            // but a 4K image encodes in milliseconds (uploads of big layers, the test server)
};

// quality 0..100 applies to JPEG and lossy WebP; quality 100 WebP is lossless and exact (colours
// under transparent pixels are kept). PNG ignores it. JPEG drops alpha.
Result<std::vector<std::uint8_t>> encode_image (const RgbaImage &image, ImageFormat format,
                                                 int quality = 90,
                                                 EncodeEffort effort = EncodeEffort::balanced);

} // namespace gptimage
