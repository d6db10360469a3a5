#include "gptimage/image-codec.h"

#include "gptimage/i18n.h"

#include <glib.h>
#include <png.h>
#include <webp/decode.h>
#include <webp/encode.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <jpeglib.h>
// After jpeglib.h, which it needs.
#include <jerror.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace gptimage {

std::string_view
image_format_name (ImageFormat format)
{
  switch (format)
    {
    case ImageFormat::png: return "png";
    case ImageFormat::jpeg: return "jpeg";
    case ImageFormat::webp: return "webp";
    case ImageFormat::unknown: break;
    }
  return "unknown";
}

std::string_view
image_mime_type (ImageFormat format)
{
  switch (format)
    {
    case ImageFormat::png: return "image/png";
    case ImageFormat::jpeg: return "image/jpeg";
    case ImageFormat::webp: return "image/webp";
    case ImageFormat::unknown: break;
    }
  return "application/octet-stream";
}

std::string_view
image_file_extension (ImageFormat format)
{
  switch (format)
    {
    case ImageFormat::png: return "png";
    case ImageFormat::jpeg: return "jpg";
    case ImageFormat::webp: return "webp";
    case ImageFormat::unknown: break;
    }
  return "bin";
}

ImageFormat
image_format_from_name (std::string_view name)
{
  std::string lower (name);
  std::transform (lower.begin (), lower.end (), lower.begin (),
                  [] (unsigned char c) { return static_cast<char> (std::tolower (c)); });
  if (lower == "png")
    return ImageFormat::png;
  if (lower == "jpeg" || lower == "jpg")
    return ImageFormat::jpeg;
  if (lower == "webp")
    return ImageFormat::webp;
  return ImageFormat::unknown;
}

ImageFormat
image_format_from_path (std::string_view path)
{
  auto slash = path.find_last_of ("/\\");
  auto name = slash == std::string_view::npos ? path : path.substr (slash + 1);
  auto dot = name.rfind ('.');
  if (dot == std::string_view::npos)
    return ImageFormat::unknown;
  return image_format_from_name (name.substr (dot + 1));
}

ImageFormat
sniff_image_format (const void *data, std::size_t size)
{
  const auto *b = static_cast<const unsigned char *> (data);
  static const unsigned char png_magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  if (size >= 8 && std::memcmp (b, png_magic, 8) == 0)
    return ImageFormat::png;
  if (size >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
    return ImageFormat::jpeg;
  if (size >= 12 && std::memcmp (b, "RIFF", 4) == 0 && std::memcmp (b + 8, "WEBP", 4) == 0)
    return ImageFormat::webp;
  return ImageFormat::unknown;
}

namespace {

// `detail` is ours (translated) or the image library's own words (English).
Error
decode_error (const char *format, const std::string &detail)
{
  /* Translators: %1$s is the format (png, jpeg or webp: keep it), %2$s why the image cannot
     be read, often in English from the image library. */
  return Error::io_error (printf_string (_("cannot read %s image: %s"), format, detail.c_str ()));
}

Error
not_an_image ()
{
  return Error::io_error (_("cannot read the image: it is not a PNG, JPEG or WebP file"));
}

// libjpeg reports fatal errors through a callback that must not return; longjmp back to the
// frame that called it. Frames between setjmp and longjmp hold only trivially destructible
// locals.
struct JpegErrorManager
{
  jpeg_error_mgr base;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  bool truncated = false; // the data ended before the image did
};

void
jpeg_error_exit (j_common_ptr cinfo)
{
  auto *manager = reinterpret_cast<JpegErrorManager *> (cinfo->err);
  (*cinfo->err->format_message) (cinfo, manager->message);
  std::longjmp (manager->jump, 1);
}

// Warnings are not printed. Running out of data is only a warning to libjpeg, which then
// fills the rest of the image with grey; for us it is a broken file.
void
jpeg_note_warning (j_common_ptr cinfo, int level)
{
  auto *manager = reinterpret_cast<JpegErrorManager *> (cinfo->err);
  if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF && !manager->truncated)
    {
      manager->truncated = true;
      (*cinfo->err->format_message) (cinfo, manager->message);
    }
}

void
jpeg_silence (j_common_ptr, int)
{
}

enum class JpegRead
{
  header,
  verify, // every scanline, each into the same row (libjpeg's pool frees it)
  pixels,
};

// Returns false with manager.message set on failure. `pixels` is sized by the caller after the
// header is read, through the callback.
bool
jpeg_decode_into (const unsigned char *data, std::size_t size, JpegErrorManager &manager,
                  jpeg_decompress_struct &cinfo, JpegRead read, RgbaImage *out)
{
  cinfo.err = jpeg_std_error (&manager.base);
  manager.base.error_exit = jpeg_error_exit;
  manager.base.emit_message = jpeg_note_warning;
  manager.message[0] = '\0';
  manager.truncated = false;
  if (setjmp (manager.jump))
    {
      jpeg_destroy_decompress (&cinfo);
      return false;
    }
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, data, static_cast<unsigned long> (size));
  jpeg_read_header (&cinfo, TRUE);
  if (read == JpegRead::header)
    {
      jpeg_destroy_decompress (&cinfo);
      return true;
    }
  cinfo.out_color_space = JCS_EXT_RGBA;
  jpeg_start_decompress (&cinfo);
  // Reading stops where the data ends: the file is broken then, and libjpeg would go on
  // making grey rows (a 200-byte file that claims 63000x64000 pixels took seconds).
  if (read == JpegRead::verify)
    {
      JSAMPARRAY row = (*cinfo.mem->alloc_sarray) (reinterpret_cast<j_common_ptr> (&cinfo),
                                                   JPOOL_IMAGE, cinfo.output_width * 4, 1);
      while (cinfo.output_scanline < cinfo.output_height && !manager.truncated)
        jpeg_read_scanlines (&cinfo, row, 1);
    }
  else
    {
      out->width = static_cast<int> (cinfo.output_width);
      out->height = static_cast<int> (cinfo.output_height);
      out->pixels.resize (static_cast<std::size_t> (out->width) * out->height * 4);
      while (cinfo.output_scanline < cinfo.output_height && !manager.truncated)
        {
          JSAMPROW row = out->pixels.data ()
                         + static_cast<std::size_t> (cinfo.output_scanline) * out->width * 4;
          jpeg_read_scanlines (&cinfo, &row, 1);
        }
    }
  if (!manager.truncated)
    jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);
  return !manager.truncated;
}

bool
jpeg_encode_into (const RgbaImage &image, int quality, JpegErrorManager &manager,
                  jpeg_compress_struct &cinfo, unsigned char **buffer, unsigned long *length)
{
  cinfo.err = jpeg_std_error (&manager.base);
  manager.base.error_exit = jpeg_error_exit;
  manager.base.emit_message = jpeg_silence;
  manager.message[0] = '\0';
  if (setjmp (manager.jump))
    {
      jpeg_destroy_compress (&cinfo);
      return false;
    }
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, buffer, length);
  cinfo.image_width = static_cast<JDIMENSION> (image.width);
  cinfo.image_height = static_cast<JDIMENSION> (image.height);
  cinfo.input_components = 4;
  cinfo.in_color_space = JCS_EXT_RGBA;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, quality, TRUE);
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height)
    {
      // libjpeg's API is not const-correct; it does not write to the row.
      auto *row = const_cast<JSAMPLE *> (image.pixels.data ()
                                         + static_cast<std::size_t> (cinfo.next_scanline)
                                               * image.width * 4);
      jpeg_write_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  return true;
}

void
append_png_data (png_structp png, png_bytep data, png_size_t length)
{
  auto *out = static_cast<std::vector<std::uint8_t> *> (png_get_io_ptr (png));
  out->insert (out->end (), data, data + length);
}

void
flush_png_data (png_structp)
{
}

// libpng reports errors by longjmp; this frame holds only trivially destructible locals
// (`out` belongs to the caller).
bool
png_encode_into (const RgbaImage &image, EncodeEffort effort, std::vector<std::uint8_t> &out)
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
  png_set_write_fn (png, &out, append_png_data, flush_png_data);
  png_set_IHDR (png, info, static_cast<png_uint_32> (image.width),
                static_cast<png_uint_32> (image.height), 8, PNG_COLOR_TYPE_RGBA,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (effort == EncodeEffort::fastest)
    {
      png_set_compression_level (png, 0);
      png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    }
  png_write_info (png, info);
  for (int y = 0; y < image.height; ++y)
    png_write_row (png, image.pixel (0, y));
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  return true;
}

Result<RgbaImage>
decode_png (const void *data, std::size_t size)
{
  png_image png;
  std::memset (&png, 0, sizeof png);
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory (&png, data, size))
    return decode_error ("png", png.message);
  png.format = PNG_FORMAT_RGBA;
  RgbaImage image;
  image.width = static_cast<int> (png.width);
  image.height = static_cast<int> (png.height);
  image.pixels.resize (PNG_IMAGE_SIZE (png));
  if (!png_image_finish_read (&png, nullptr, image.pixels.data (), 0, nullptr))
    {
      std::string message = png.message;
      png_image_free (&png);
      return decode_error ("png", message);
    }
  return image;
}

} // namespace

Result<ImageInfo>
probe_image (const void *data, std::size_t size)
{
  ImageInfo info;
  info.format = sniff_image_format (data, size);
  switch (info.format)
    {
    case ImageFormat::png:
      {
        png_image png;
        std::memset (&png, 0, sizeof png);
        png.version = PNG_IMAGE_VERSION;
        if (!png_image_begin_read_from_memory (&png, data, size))
          return decode_error ("png", png.message);
        info.width = static_cast<int> (png.width);
        info.height = static_cast<int> (png.height);
        // PNG_FORMAT_FLAG_ALPHA is set for an alpha channel and for tRNS transparency.
        info.has_alpha = (png.format & PNG_FORMAT_FLAG_ALPHA) != 0;
        png_image_free (&png);
        return info;
      }
    case ImageFormat::jpeg:
      {
        JpegErrorManager manager;
        jpeg_decompress_struct cinfo;
        if (!jpeg_decode_into (static_cast<const unsigned char *> (data), size, manager, cinfo,
                               JpegRead::header, nullptr))
          return decode_error ("jpeg", manager.message);
        info.width = static_cast<int> (cinfo.image_width);
        info.height = static_cast<int> (cinfo.image_height);
        return info;
      }
    case ImageFormat::webp:
      {
        WebPBitstreamFeatures features;
        if (WebPGetFeatures (static_cast<const uint8_t *> (data), size, &features)
            != VP8_STATUS_OK)
          return decode_error ("webp", _("bad header"));
        info.width = features.width;
        info.height = features.height;
        info.has_alpha = features.has_alpha != 0;
        return info;
      }
    case ImageFormat::unknown:
      break;
    }
  return not_an_image ();
}

Result<RgbaImage>
decode_image (const void *data, std::size_t size)
{
  switch (sniff_image_format (data, size))
    {
    case ImageFormat::png:
      return decode_png (data, size);
    case ImageFormat::jpeg:
      {
        JpegErrorManager manager;
        jpeg_decompress_struct cinfo;
        RgbaImage image;
        if (!jpeg_decode_into (static_cast<const unsigned char *> (data), size, manager, cinfo,
                               JpegRead::pixels, &image))
          return decode_error ("jpeg", manager.message);
        return image;
      }
    case ImageFormat::webp:
      {
        RgbaImage image;
        if (!WebPGetInfo (static_cast<const uint8_t *> (data), size, &image.width, &image.height))
          return decode_error ("webp", _("bad header"));
        image.pixels.resize (static_cast<std::size_t> (image.width) * image.height * 4);
        if (!WebPDecodeRGBAInto (static_cast<const uint8_t *> (data), size, image.pixels.data (),
                                 image.pixels.size (), image.width * 4))
          return decode_error ("webp", _("corrupt data"));
        return image;
      }
    case ImageFormat::unknown:
      break;
    }
  return not_an_image ();
}

Result<ImageInfo>
verify_image (const void *data, std::size_t size)
{
  ImageInfo info;
  info.format = sniff_image_format (data, size);
  switch (info.format)
    {
    case ImageFormat::png:
      {
        std::size_t offset = 0;
        PngReader read = [data, size, &offset] (std::uint8_t *out, std::size_t length) {
          if (length > size - offset)
            return false;
          std::memcpy (out, static_cast<const std::uint8_t *> (data) + offset, length);
          offset += length;
          return true;
        };
        return verify_png (read);
      }
    case ImageFormat::jpeg:
      {
        JpegErrorManager manager;
        jpeg_decompress_struct cinfo;
        if (!jpeg_decode_into (static_cast<const unsigned char *> (data), size, manager, cinfo,
                               JpegRead::verify, nullptr))
          return decode_error ("jpeg", manager.message);
        info.width = static_cast<int> (cinfo.image_width);
        info.height = static_cast<int> (cinfo.image_height);
        return info;
      }
    case ImageFormat::webp:
      {
        // libwebp has no row-by-row output, but it scales as it decodes: every pixel is
        // decoded and then scaled into a single one, so the output is 4 bytes, not the picture.
        WebPDecoderConfig config;
        if (!WebPInitDecoderConfig (&config))
          return decode_error ("webp", _("libwebp version mismatch"));
        const auto *bytes = static_cast<const uint8_t *> (data);
        if (WebPGetFeatures (bytes, size, &config.input) != VP8_STATUS_OK)
          return decode_error ("webp", _("bad header"));
        config.options.use_scaling = 1;
        config.options.scaled_width = 1;
        config.options.scaled_height = 1;
        config.output.colorspace = MODE_RGBA;
        VP8StatusCode status = WebPDecode (bytes, size, &config);
        WebPFreeDecBuffer (&config.output);
        if (status != VP8_STATUS_OK)
          return decode_error ("webp", _("corrupt data"));
        info.width = config.input.width;
        info.height = config.input.height;
        info.has_alpha = config.input.has_alpha != 0;
        return info;
      }
    case ImageFormat::unknown:
      break;
    }
  return not_an_image ();
}

Result<std::vector<std::uint8_t>>
encode_image (const RgbaImage &image, ImageFormat format, int quality, EncodeEffort effort)
{
  if (image.width <= 0 || image.height <= 0
      || image.pixels.size () != static_cast<std::size_t> (image.width) * image.height * 4)
    return Error::io_error (_("cannot encode image: bad dimensions"));
  quality = std::clamp (quality, 0, 100);
  std::vector<std::uint8_t> out;
  switch (format)
    {
    case ImageFormat::png:
      {
        if (effort == EncodeEffort::fastest)
          out.reserve (image.pixels.size () + image.pixels.size () / 64 + 1024);
        if (!png_encode_into (image, effort, out))
          return Error::io_error (_("cannot encode png"));
        return out;
      }
    case ImageFormat::jpeg:
      {
        JpegErrorManager manager;
        jpeg_compress_struct cinfo;
        unsigned char *buffer = nullptr;
        unsigned long length = 0;
        bool ok = jpeg_encode_into (image, quality, manager, cinfo, &buffer, &length);
        if (ok)
          out.assign (buffer, buffer + length);
        std::free (buffer);
        if (!ok)
          /* Translators: %s is libjpeg's reason, in English. */
          return Error::io_error (printf_string (_("cannot encode jpeg: %s"), manager.message));
        return out;
      }
    case ImageFormat::webp:
      {
        WebPConfig config;
        WebPPicture picture;
        if (!WebPConfigInit (&config) || !WebPPictureInit (&picture))
          return Error::io_error (_("cannot encode webp: libwebp version mismatch"));
        config.quality = static_cast<float> (quality);
        if (effort == EncodeEffort::fastest)
          config.method = 0;
        if (quality >= 100)
          {
            config.lossless = 1;
            // Keep the colour under fully transparent pixels: lossless must mean lossless.
            config.exact = 1;
            // In lossless mode quality is effort, not fidelity.
            if (effort == EncodeEffort::fastest)
              config.quality = 0;
          }
        picture.use_argb = config.lossless;
        picture.width = image.width;
        picture.height = image.height;
        WebPMemoryWriter writer;
        WebPMemoryWriterInit (&writer);
        picture.writer = WebPMemoryWrite;
        picture.custom_ptr = &writer;
        bool ok = WebPPictureImportRGBA (&picture, image.pixels.data (), image.width * 4)
                  && WebPEncode (&config, &picture);
        if (ok)
          out.assign (writer.mem, writer.mem + writer.size);
        WebPPictureFree (&picture);
        WebPMemoryWriterClear (&writer);
        if (!ok)
          return Error::io_error (_("cannot encode webp"));
        return out;
      }
    case ImageFormat::unknown:
      break;
    }
  return Error::io_error (_("cannot encode image: unknown format"));
}

} // namespace gptimage
