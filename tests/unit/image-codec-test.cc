#include "gptimage/image-codec.h"

#include <gtest/gtest.h>

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

} // namespace

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
    }
}

TEST (ImageCodec, FormatNames)
{
  EXPECT_EQ (image_format_from_name ("JPG"), ImageFormat::jpeg);
  EXPECT_EQ (image_format_from_path ("out/hero.WEBP"), ImageFormat::webp);
  EXPECT_EQ (image_format_from_path ("out.d/hero"), ImageFormat::unknown);
  EXPECT_EQ (image_mime_type (ImageFormat::png), "image/png");
}
