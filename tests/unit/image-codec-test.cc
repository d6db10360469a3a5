#include "gptimage/image-codec.h"

#include "png-crc.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>

using namespace gptimage;

namespace {

RgbaImage
gradient (int width, int height, bool translucent)
{
  RgbaImage image;
  image.width = width;
  image.height = height;
  image.pixels.resize (static_cast<std::size_t> (width) * height * 4);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      {
        auto *p = image.pixel (x, y);
        p[0] = static_cast<std::uint8_t> (x * 255 / (width - 1));
        p[1] = static_cast<std::uint8_t> (y * 255 / (height - 1));
        p[2] = 128;
        p[3] = translucent ? static_cast<std::uint8_t> ((x + y) % 256) : 255;
      }
  return image;
}

// A 13x11 RGB PNG with Adam7 interlacing (our encoder writes none), pixel (x, y) =
// (x * 19, y * 23, (x + y) * 7).
const unsigned char interlaced_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
  0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x00, 0x00, 0x0b,
  0x08, 0x02, 0x00, 0x00, 0x01, 0x5c, 0xd7, 0xa0, 0xa0, 0x00, 0x00, 0x01,
  0x67, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x0d, 0xca, 0xa1, 0xce, 0xb5,
  0x20, 0x00, 0x06, 0xe0, 0xb7, 0x7d, 0xed, 0x14, 0x76, 0x46, 0xb1, 0xb9,
  0x11, 0x0c, 0x6c, 0x36, 0x49, 0x26, 0x4c, 0xd2, 0x6c, 0xb2, 0xb9, 0xd9,
  0x6c, 0x4e, 0x82, 0xed, 0x34, 0x0a, 0x3b, 0xed, 0x2b, 0xee, 0x6b, 0x64,
  0x6e, 0x80, 0xe4, 0x2d, 0x30, 0xee, 0xc1, 0x71, 0x1d, 0xff, 0xff, 0xe4,
  0x07, 0x00, 0x2e, 0x74, 0x40, 0xec, 0xae, 0xb8, 0x63, 0x44, 0xf5, 0x60,
  0xc2, 0x18, 0xa7, 0x27, 0x7e, 0x01, 0x5d, 0x8d, 0xba, 0xbb, 0xf4, 0xf4,
  0xe8, 0x1d, 0x0c, 0xaf, 0x03, 0xcd, 0x8d, 0x01, 0x4c, 0x37, 0x87, 0x1e,
  0x6e, 0xbd, 0x82, 0xc5, 0xe1, 0x88, 0xeb, 0x1d, 0x3f, 0x00, 0x7f, 0x31,
  0x5e, 0x8d, 0xbc, 0x39, 0x78, 0x77, 0xf1, 0xe1, 0xe6, 0xd3, 0xc3, 0x57,
  0xc0, 0x35, 0xcc, 0x75, 0xa3, 0x1b, 0x0e, 0x37, 0x5d, 0x6e, 0xbd, 0xdd,
  0xfe, 0xb8, 0xff, 0xb7, 0x0c, 0xac, 0x4c, 0x63, 0x59, 0x8f, 0xb2, 0x5f,
  0xe5, 0x73, 0x97, 0xef, 0x53, 0xfe, 0x40, 0xf0, 0x23, 0xf0, 0x5e, 0x50,
  0x5b, 0xb4, 0x01, 0x7d, 0x86, 0x02, 0xe1, 0x6f, 0xc1, 0xeb, 0x85, 0xb7,
  0x96, 0xf7, 0x81, 0xab, 0xcc, 0x67, 0x10, 0x5d, 0x0b, 0xdd, 0x2e, 0xba,
  0xb7, 0x5a, 0x05, 0x3d, 0x67, 0xbd, 0x81, 0xb8, 0x56, 0xb8, 0x7e, 0x71,
  0xca, 0xba, 0x39, 0xb8, 0x2d, 0xbb, 0x13, 0x24, 0xf6, 0x22, 0xaa, 0x25,
  0xce, 0x36, 0x6e, 0x21, 0x9e, 0x39, 0x5a, 0x90, 0xa2, 0x44, 0x99, 0x97,
  0xb2, 0xd9, 0x72, 0x86, 0x62, 0x73, 0xf9, 0x05, 0xe8, 0x0f, 0xa1, 0x2f,
  0x46, 0xdf, 0x82, 0x56, 0x23, 0xad, 0x17, 0xda, 0x1c, 0xb4, 0xb5, 0xb4,
  0xbb, 0x68, 0x1f, 0xe8, 0x70, 0x53, 0x95, 0xe9, 0xf4, 0xd0, 0x19, 0x90,
  0x6f, 0x22, 0x2b, 0x26, 0x6b, 0x21, 0x9b, 0x51, 0xb6, 0x8b, 0xec, 0x0e,
  0xd9, 0x5b, 0x39, 0x5c, 0x52, 0x05, 0x39, 0xdd, 0x72, 0xce, 0x72, 0x7d,
  0xe4, 0x06, 0x98, 0x9a, 0x98, 0x86, 0x99, 0x56, 0x98, 0x6e, 0x34, 0xfd,
  0x62, 0x86, 0xc3, 0x28, 0x6b, 0xa6, 0xcb, 0xcc, 0xc1, 0xac, 0xb7, 0xd9,
  0xb2, 0xd9, 0x1f, 0x73, 0x02, 0xbe, 0x25, 0xbe, 0x63, 0xbe, 0x17, 0x7e,
  0x18, 0xbd, 0x5a, 0xfc, 0x74, 0xf8, 0xd9, 0xfa, 0xf5, 0xf2, 0x5b, 0xf0,
  0xfb, 0xed, 0xcf, 0xec, 0x3f, 0x8f, 0xb7, 0x40, 0xea, 0x49, 0x1a, 0x58,
  0x52, 0x22, 0x4d, 0x63, 0x9a, 0x97, 0xb4, 0x1e, 0x69, 0xb3, 0x69, 0xbf,
  0xd2, 0x19, 0xd2, 0xe7, 0x4e, 0x36, 0xa7, 0xef, 0x93, 0x7e, 0xff, 0x01,
  0xc7, 0x3c, 0xaa, 0xef, 0x97, 0xa1, 0x28, 0xa5, 0x00, 0x00, 0x00, 0x00,
  0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};

// Truncated at many lengths and with one byte changed at many places: verify_image must
// accept exactly what decode_image accepts.
::testing::AssertionResult
verify_agrees_with_decode (const std::vector<std::uint8_t> &bytes)
{
  auto same = [] (const std::uint8_t *data, std::size_t size) {
    return verify_image (data, size).ok () == decode_image (data, size).ok ();
  };
  if (!verify_image (bytes.data (), bytes.size ()).ok ())
    return ::testing::AssertionFailure () << "the whole image does not verify";
  for (std::size_t size = 0; size < bytes.size (); size += 1 + size / 16)
    if (!same (bytes.data (), size))
      return ::testing::AssertionFailure () << "cut at " << size;
  std::vector<std::uint8_t> spoiled = bytes;
  for (std::size_t at = 0; at < bytes.size (); at += 1 + at / 64)
    for (std::uint8_t flip : { 0x01, 0x80, 0xff })
      {
        spoiled[at] ^= flip;
        if (!same (spoiled.data (), spoiled.size ()))
          return ::testing::AssertionFailure () << "byte " << at << " ^ " << int (flip);
        spoiled[at] ^= flip;
      }
  return ::testing::AssertionSuccess ();
}

} // namespace

TEST (ImageCodec, VerifyDecodesEveryFormatWithoutKeepingPixels)
{
  RgbaImage image = gradient (67, 45, true);
  for (ImageFormat format : { ImageFormat::png, ImageFormat::jpeg, ImageFormat::webp })
    for (int quality : { 90, 100 })
      {
        SCOPED_TRACE (std::string (image_format_name (format)) + " " + std::to_string (quality));
        auto encoded = encode_image (image, format, quality);
        ASSERT_TRUE (encoded.ok ());
        auto verified = verify_image (encoded->data (), encoded->size ());
        ASSERT_TRUE (verified.ok ()) << verified.error ().message;
        auto probed = probe_image (encoded->data (), encoded->size ());
        ASSERT_TRUE (probed.ok ());
        EXPECT_EQ (verified->format, format);
        EXPECT_EQ (verified->width, 67);
        EXPECT_EQ (verified->height, 45);
        EXPECT_EQ (verified->has_alpha, probed->has_alpha);
      }
}

TEST (ImageCodec, VerifyReadsEveryPassOfAnInterlacedPng)
{
  auto decoded = decode_image (interlaced_png, sizeof interlaced_png);
  ASSERT_TRUE (decoded.ok ()) << decoded.error ().message;
  EXPECT_EQ (decoded->pixel (12, 10)[0], 12 * 19);
  EXPECT_EQ (decoded->pixel (12, 10)[1], 10 * 23);
  auto verified = verify_image (interlaced_png, sizeof interlaced_png);
  ASSERT_TRUE (verified.ok ()) << verified.error ().message;
  EXPECT_EQ (verified->width, 13);
  EXPECT_EQ (verified->height, 11);
  EXPECT_FALSE (verified->has_alpha);
  std::vector<std::uint8_t> bytes (interlaced_png, interlaced_png + sizeof interlaced_png);
  EXPECT_TRUE (verify_agrees_with_decode (bytes));
}

TEST (ImageCodec, VerifyFailsWhereDecodeFails)
{
  RgbaImage image = gradient (40, 30, true);
  for (ImageFormat format : { ImageFormat::png, ImageFormat::jpeg, ImageFormat::webp })
    for (int quality : { 90, 100 }) // 100: lossless WebP, a decoder of its own
      {
        SCOPED_TRACE (std::string (image_format_name (format)) + " " + std::to_string (quality));
        auto encoded = encode_image (image, format, quality);
        ASSERT_TRUE (encoded.ok ());
        EXPECT_TRUE (verify_agrees_with_decode (*encoded));
      }
  const char junk[] = "this is not an image at all";
  EXPECT_FALSE (verify_image (junk, sizeof junk).ok ());
  EXPECT_FALSE (verify_image (nullptr, 0).ok ());
}

// The image data damaged behind CRCs made to match: only inflating it can tell.
TEST (ImageCodec, VerifyInflatesThePngImageData)
{
  RgbaImage image = gradient (40, 30, true);
  for (EncodeEffort effort : { EncodeEffort::balanced, EncodeEffort::fastest })
    {
      auto encoded = encode_image (image, ImageFormat::png, 90, effort);
      ASSERT_TRUE (encoded.ok ());
      std::vector<std::uint8_t> bytes = *encoded;
      std::size_t chunk = 8, data_start = 0, data_length = 0;
      while (chunk + 12 <= bytes.size ())
        {
          std::size_t length = (std::size_t (bytes[chunk]) << 24) | (bytes[chunk + 1] << 16)
                               | (bytes[chunk + 2] << 8) | bytes[chunk + 3];
          if (std::memcmp (&bytes[chunk + 4], "IDAT", 4) == 0)
            {
              data_start = chunk + 8;
              data_length = length;
              break;
            }
          chunk += 12 + length;
        }
      ASSERT_GT (data_length, 8u) << "one IDAT chunk expected";
      int caught = 0, tried = 0;
      for (std::size_t at = 0; at < data_length; at += 1 + at / 16, ++tried)
        {
          std::vector<std::uint8_t> spoiled = bytes;
          spoiled[data_start + at] ^= 0x5a;
          std::uint32_t crc = png_crc (&spoiled[data_start - 4], data_length + 4);
          for (int i = 0; i < 4; ++i)
            spoiled[data_start + data_length + i] = std::uint8_t (crc >> (24 - 8 * i));
          bool verified = verify_image (spoiled.data (), spoiled.size ()).ok ();
          bool decoded = decode_image (spoiled.data (), spoiled.size ()).ok ();
          EXPECT_FALSE (verified && !decoded) << "byte " << at << " of the image data";
          caught += verified ? 0 : 1;
        }
      // A changed byte breaks the zlib stream or its Adler-32, which catches any one byte.
      EXPECT_EQ (caught, tried);
    }
}

TEST (ImageCodec, PngRoundTripIsLossless)
{
  RgbaImage image = gradient (37, 21, true);
  auto encoded = encode_image (image, ImageFormat::png);
  ASSERT_TRUE (encoded.ok ()) << encoded.error ().message;
  EXPECT_EQ (sniff_image_format (encoded->data (), encoded->size ()), ImageFormat::png);
  auto info = probe_image (encoded->data (), encoded->size ());
  ASSERT_TRUE (info.ok ());
  EXPECT_EQ (info->width, 37);
  EXPECT_EQ (info->height, 21);
  EXPECT_TRUE (info->has_alpha);
  auto decoded = decode_image (encoded->data (), encoded->size ());
  ASSERT_TRUE (decoded.ok ());
  EXPECT_EQ (decoded->pixels, image.pixels);
}

TEST (ImageCodec, FastestEffortIsLosslessAndLarger)
{
  RgbaImage image = gradient (300, 200, true);
  for (ImageFormat format : { ImageFormat::png, ImageFormat::webp })
    {
      auto balanced = encode_image (image, format, 100, EncodeEffort::balanced);
      auto fastest = encode_image (image, format, 100, EncodeEffort::fastest);
      ASSERT_TRUE (balanced.ok () && fastest.ok ());
      EXPECT_GT (fastest->size (), balanced->size ()) << image_format_name (format);
      auto decoded = decode_image (fastest->data (), fastest->size ());
      ASSERT_TRUE (decoded.ok ());
      EXPECT_EQ (decoded->pixels, image.pixels) << image_format_name (format);
    }
}

TEST (ImageCodec, LosslessWebpRoundTrip)
{
  RgbaImage image = gradient (16, 9, true);
  auto encoded = encode_image (image, ImageFormat::webp, 100);
  ASSERT_TRUE (encoded.ok ());
  EXPECT_EQ (sniff_image_format (encoded->data (), encoded->size ()), ImageFormat::webp);
  auto info = probe_image (encoded->data (), encoded->size ());
  ASSERT_TRUE (info.ok ());
  EXPECT_EQ (info->width, 16);
  EXPECT_TRUE (info->has_alpha);
  auto decoded = decode_image (encoded->data (), encoded->size ());
  ASSERT_TRUE (decoded.ok ());
  EXPECT_EQ (decoded->pixels, image.pixels);
}

TEST (ImageCodec, JpegHasNoAlphaAndKeepsSize)
{
  RgbaImage image = gradient (64, 48, false);
  auto encoded = encode_image (image, ImageFormat::jpeg, 95);
  ASSERT_TRUE (encoded.ok ());
  auto info = probe_image (encoded->data (), encoded->size ());
  ASSERT_TRUE (info.ok ());
  EXPECT_EQ (info->format, ImageFormat::jpeg);
  EXPECT_EQ (info->width, 64);
  EXPECT_EQ (info->height, 48);
  EXPECT_FALSE (info->has_alpha);
  auto decoded = decode_image (encoded->data (), encoded->size ());
  ASSERT_TRUE (decoded.ok ());
  ASSERT_EQ (decoded->pixels.size (), image.pixels.size ());
  EXPECT_NEAR (decoded->pixel (10, 10)[0], image.pixel (10, 10)[0], 8);
  EXPECT_EQ (decoded->pixel (10, 10)[3], 255);
}

TEST (ImageCodec, RgbaPngReportsAlphaEvenWhenOpaque)
{
  RgbaImage image = gradient (8, 8, false);
  auto encoded = encode_image (image, ImageFormat::png);
  ASSERT_TRUE (encoded.ok ());
  // libpng writes RGBA as given; an opaque RGBA PNG still has an alpha channel.
  auto info = probe_image (encoded->data (), encoded->size ());
  ASSERT_TRUE (info.ok ());
  EXPECT_TRUE (info->has_alpha);
}

TEST (ImageCodec, RejectsGarbage)
{
  const char junk[] = "this is not an image at all";
  EXPECT_EQ (sniff_image_format (junk, sizeof junk), ImageFormat::unknown);
  EXPECT_FALSE (probe_image (junk, sizeof junk).ok ());
  EXPECT_FALSE (decode_image (junk, sizeof junk).ok ());
  const unsigned char truncated_png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0 };
  EXPECT_FALSE (decode_image (truncated_png, sizeof truncated_png).ok ());
}

// The headers survive the cut, so probing works; decoding must notice the missing data
// (libjpeg would otherwise fill the rest with grey and only warn).
TEST (ImageCodec, TruncatedImagesFailToDecode)
{
  RgbaImage image = gradient (256, 192, true);
  for (ImageFormat format : { ImageFormat::png, ImageFormat::jpeg, ImageFormat::webp })
    {
      SCOPED_TRACE (std::string (image_format_name (format)));
      auto encoded = encode_image (image, format, 90);
      ASSERT_TRUE (encoded.ok ());
      std::vector<std::uint8_t> cut (encoded->begin (),
                                     encoded->begin () + encoded->size () * 6 / 10);
      EXPECT_TRUE (probe_image (cut.data (), cut.size ()).ok ());
      auto decoded = decode_image (cut.data (), cut.size ());
      ASSERT_FALSE (decoded.ok ());
      EXPECT_NE (decoded.error ().message.find (image_format_name (format)), std::string::npos)
        << decoded.error ().message;
      auto verified = verify_image (cut.data (), cut.size ());
      ASSERT_FALSE (verified.ok ());
      EXPECT_NE (verified.error ().message.find (image_format_name (format)), std::string::npos)
        << verified.error ().message;
    }
}

// A fuzz finding (fuzz/regressions/image-check/truncated-huge-jpeg): a 204-byte JPEG whose
// header claims 62992x64269 pixels. libjpeg makes grey rows where the data is missing, and
// reading all of them took 4 s before the verdict that the file is broken.
TEST (ImageCodec, JpegThatEndsEarlyIsRefusedWithoutReadingItsMissingRows)
{
  auto encoded = encode_image (gradient (16, 16, false), ImageFormat::jpeg, 90);
  ASSERT_TRUE (encoded.ok ());
  std::vector<std::uint8_t> bytes = *encoded;
  // The frame header (SOF0) claims 65000x65000; the file ends after the scan header (SOS).
  std::size_t frame = 0, scan = 0;
  for (std::size_t i = 2; i + 4 < bytes.size () && !scan; i += 2 + (bytes[i + 2] << 8 | bytes[i + 3]))
    {
      ASSERT_EQ (bytes[i], 0xff) << "a marker at " << i;
      if (bytes[i + 1] == 0xc0)
        frame = i;
      else if (bytes[i + 1] == 0xda)
        scan = i;
    }
  ASSERT_TRUE (frame && scan);
  for (std::size_t at : { frame + 5, frame + 7 })
    {
      bytes[at] = 65000 >> 8;
      bytes[at + 1] = 65000 & 0xff;
    }
  bytes.resize (scan + 2 + (bytes[scan + 2] << 8 | bytes[scan + 3]));

  auto info = probe_image (bytes.data (), bytes.size ());
  ASSERT_TRUE (info.ok ());
  EXPECT_EQ (info->width, 65000);
  auto start = std::chrono::steady_clock::now ();
  auto verified = verify_image (bytes.data (), bytes.size ());
  std::chrono::duration<double> took = std::chrono::steady_clock::now () - start;
  ASSERT_FALSE (verified.ok ());
  EXPECT_NE (verified.error ().message.find ("Premature end"), std::string::npos)
      << verified.error ().message;
  EXPECT_LT (took.count (), 1.0) << "the missing rows were read";
}

TEST (ImageCodec, FormatNames)
{
  EXPECT_EQ (image_format_from_name ("JPG"), ImageFormat::jpeg);
  EXPECT_EQ (image_format_from_path ("out/hero.WEBP"), ImageFormat::webp);
  EXPECT_EQ (image_format_from_path ("out.d/hero"), ImageFormat::unknown);
  EXPECT_EQ (image_mime_type (ImageFormat::png), "image/png");
}
