#include "fast-encoder.h"

#include <png.h>
#include <webp/encode.h>

#include <csetjmp>

namespace gptimage::testing {

namespace {

void
append_to_vector (png_structp png, png_bytep data, png_size_t length)
{
  auto *out = static_cast<std::vector<std::uint8_t> *> (png_get_io_ptr (png));
  out->insert (out->end (), data, data + length);
}

void
flush_nothing (png_structp)
{
}

// libpng reports errors by longjmp; this frame holds only trivially destructible locals
// besides `out`, which the caller owns.
bool
write_png (const RgbaImage &image, std::vector<std::uint8_t> &out)
{
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (!png)
    return false;
  png_infop info = png_create_info_struct (png);
  if (!info || setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      return false;
    }
  png_set_write_fn (png, &out, append_to_vector, flush_nothing);
  png_set_IHDR (png, info, static_cast<png_uint_32> (image.width),
                static_cast<png_uint_32> (image.height), 8, PNG_COLOR_TYPE_RGBA,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level (png, 0);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_write_info (png, info);
  for (int y = 0; y < image.height; ++y)
    png_write_row (png, image.pixel (0, y));
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  return true;
}

Result<std::vector<std::uint8_t>>
write_webp (const RgbaImage &image, int compression)
{
  WebPConfig config;
  WebPPicture picture;
  if (!WebPConfigInit (&config) || !WebPPictureInit (&picture))
    return Error::io_error ("cannot encode webp: libwebp version mismatch");
  config.method = 0;
  config.lossless = compression >= 100;
  config.exact = config.lossless; // keep colours under alpha 0 byte-identical
  config.quality = config.lossless ? 0.0f : static_cast<float> (compression);
  picture.use_argb = config.lossless;
  picture.width = image.width;
  picture.height = image.height;
  WebPMemoryWriter writer;
  WebPMemoryWriterInit (&writer);
  picture.writer = WebPMemoryWrite;
  picture.custom_ptr = &writer;
  bool ok = WebPPictureImportRGBA (&picture, image.pixels.data (), image.width * 4)
            && WebPEncode (&config, &picture);
  std::vector<std::uint8_t> out;
  if (ok)
    out.assign (writer.mem, writer.mem + writer.size);
  WebPPictureFree (&picture);
  WebPMemoryWriterClear (&writer);
  if (!ok)
    return Error::io_error ("cannot encode webp");
  return out;
}

} // namespace

Result<std::vector<std::uint8_t>>
encode_answer_image (const RgbaImage &image, ImageFormat format, int compression)
{
  switch (format)
    {
    case ImageFormat::png:
      {
        std::vector<std::uint8_t> out;
        out.reserve (image.pixels.size () + image.pixels.size () / 64 + 1024);
        if (!write_png (image, out))
          return Error::io_error ("cannot encode png");
        return out;
      }
    case ImageFormat::webp:
      return write_webp (image, compression);
    case ImageFormat::jpeg:
      return encode_image (image, ImageFormat::jpeg, compression);
    case ImageFormat::unknown:
      break;
    }
  return Error::io_error ("cannot encode image: unknown format");
}

} // namespace gptimage::testing
