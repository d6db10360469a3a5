#include "gptimage/result-check.h"

#include "gptimage/arriving-image.h"
#include "gptimage/response-limits.h"

#include "png-crc.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>

using namespace gptimage;

namespace {

std::vector<std::uint8_t>
encoded (int width, int height, ImageFormat format)
{
  RgbaImage image;
  image.width = width;
  image.height = height;
  image.pixels.assign (static_cast<std::size_t> (width) * height * 4, 200);
  auto bytes = encode_image (image, format);
  EXPECT_TRUE (bytes.ok ());
  return bytes.ok () ? bytes.value () : std::vector<std::uint8_t> {};
}

GeneratedImage
result_of (const void *data, std::size_t size, std::string announced = {})
{
  GeneratedImage image;
  image.data.reset (g_bytes_new (data, size));
  image.announced_format = std::move (announced);
  return image;
}

GeneratedImage
result_of (const std::vector<std::uint8_t> &bytes, std::string announced = {})
{
  return result_of (bytes.data (), bytes.size (), std::move (announced));
}

// The same PNG with an IHDR that declares other dimensions (and a CRC to match).
std::vector<std::uint8_t>
declaring (std::vector<std::uint8_t> png, std::uint32_t width, std::uint32_t height)
{
  auto put = [&png] (std::size_t at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i)
      png[at + i] = static_cast<std::uint8_t> (value >> (24 - 8 * i));
  };
  put (16, width);
  put (20, height);
  put (29, png_crc (png.data () + 12, 17));
  return png;
}

bool
contains (const std::string &text, const std::string &part)
{
  return text.find (part) != std::string::npos;
}

} // namespace

TEST (ResultCheck, AnImageOfTheAnnouncedFormatAndSizePasses)
{
  auto checked = check_result_image (result_of (encoded (64, 48, ImageFormat::png), "png"),
                                     { "webp", "64x48" });
  ASSERT_TRUE (checked.ok ()) << checked.error ().message;
  EXPECT_EQ (checked->format, ImageFormat::png);
  EXPECT_EQ (checked->width, 64);
  EXPECT_EQ (checked->height, 48);
  EXPECT_TRUE (checked->size_mismatch.empty ());
}

TEST (ResultCheck, WithoutAnAnnouncementTheRequestedFormatCounts)
{
  EXPECT_TRUE (check_result_image (result_of (encoded (16, 16, ImageFormat::webp)),
                                   { "webp", "auto" })
                   .ok ());
  auto wrong = check_result_image (result_of (encoded (16, 16, ImageFormat::png)),
                                   { "jpeg", "auto" });
  ASSERT_FALSE (wrong.ok ());
  EXPECT_EQ (wrong.error ().kind, ErrorKind::protocol);
  EXPECT_EQ (wrong.error ().message, "the data is a png image, not jpeg as requested");
}

TEST (ResultCheck, BytesOfAnotherFormatThanAnnouncedFail)
{
  auto checked = check_result_image (result_of (encoded (16, 16, ImageFormat::jpeg), "png"),
                                     { "png", "auto" });
  ASSERT_FALSE (checked.ok ());
  EXPECT_EQ (checked.error ().message, "the data is a jpeg image, not png as the API announced");
}

TEST (ResultCheck, TextIsNoImage)
{
  std::string text = "Sorry, something went wrong while generating the image.";
  auto checked = check_result_image (result_of (text.data (), text.size (), "png"),
                                     { "png", "auto" });
  ASSERT_FALSE (checked.ok ());
  EXPECT_EQ (checked.error ().kind, ErrorKind::protocol);
  EXPECT_TRUE (contains (checked.error ().message, "not a PNG, JPEG or WebP image"))
      << checked.error ().message;
  EXPECT_TRUE (contains (checked.error ().message, "starts with \"Sorry, something went wrong"))
      << checked.error ().message;

  const unsigned char binary[] = { 0x00, 0x01, 0x02, 0xfe };
  auto noise = check_result_image (result_of (binary, sizeof binary, "png"), { "png", "auto" });
  ASSERT_FALSE (noise.ok ());
  EXPECT_FALSE (contains (noise.error ().message, "starts with"));
}

TEST (ResultCheck, TruncatedImageFails)
{
  auto bytes = encoded (256, 256, ImageFormat::png);
  bytes.resize (bytes.size () / 2);
  auto checked = check_result_image (result_of (bytes, "png"), { "png", "auto" });
  ASSERT_FALSE (checked.ok ());
  EXPECT_TRUE (contains (checked.error ().message, "the png data does not decode"))
      << checked.error ().message;
}

TEST (ResultCheck, WithoutPixelsTheImageIsStillDecodedInFull)
{
  for (ImageFormat format : { ImageFormat::png, ImageFormat::jpeg, ImageFormat::webp })
    {
      std::string name (image_format_name (format));
      SCOPED_TRACE (name);
      auto bytes = encoded (256, 128, format);
      auto checked = check_result_image (result_of (bytes, name), { name, "256x128" },
                                         KeepPixels::no);
      ASSERT_TRUE (checked.ok ()) << checked.error ().message;
      EXPECT_EQ (checked->format, format);
      EXPECT_EQ (checked->width, 256);
      EXPECT_EQ (checked->height, 128);
      EXPECT_TRUE (checked->size_mismatch.empty ());
      EXPECT_TRUE (checked->pixels.pixels.empty ());

      bytes.resize (bytes.size () * 6 / 10);
      auto cut = check_result_image (result_of (bytes, name), { name, "auto" }, KeepPixels::no);
      ASSERT_FALSE (cut.ok ());
      EXPECT_TRUE (contains (cut.error ().message, "the " + name + " data does not decode"))
          << cut.error ().message;
    }
  auto kept = check_result_image (result_of (encoded (32, 16, ImageFormat::png), "png"),
                                  { "png", "auto" });
  ASSERT_TRUE (kept.ok ());
  EXPECT_EQ (kept->pixels.pixels.size (), 32u * 16 * 4);
}

TEST (ResultCheck, AnImageCheckedWhileItArrivedTakesThatVerdict)
{
  for (bool whole : { true, false })
    {
      auto bytes = encoded (256, 128, ImageFormat::png);
      if (!whole)
        bytes.resize (bytes.size () / 2);
      auto arrival = std::make_shared<ArrivingImage> (bytes.size ());
      std::memcpy (arrival->room (bytes.size ()), bytes.data (), bytes.size ());
      arrival->add (bytes.size ());
      arrival->finish ();
      GeneratedImage image;
      image.data = arrival->bytes ();
      image.announced_format = "png";
      image.arrival = arrival;
      auto checked = check_result_image (image, { "png", "256x128" }, KeepPixels::no);
      ASSERT_EQ (checked.ok (), whole);
      if (whole)
        {
          EXPECT_EQ (checked->width, 256);
          EXPECT_EQ (checked->height, 128);
        }
      else
        {
          EXPECT_TRUE (contains (checked.error ().message, "the png data does not decode"))
              << checked.error ().message;
        }
    }
}

TEST (ResultCheck, EmptyDataFails)
{
  auto checked = check_result_image (result_of (nullptr, 0, "png"), { "png", "auto" });
  ASSERT_FALSE (checked.ok ());
  EXPECT_EQ (checked.error ().message, "the image data is empty");
}

TEST (ResultCheck, AnotherSizeIsANoteNotAnError)
{
  auto checked = check_result_image (result_of (encoded (32, 16, ImageFormat::png), "png"),
                                     { "png", "1024x1536" });
  ASSERT_TRUE (checked.ok ()) << checked.error ().message;
  EXPECT_EQ (checked->size_mismatch, "the image is 32x16, not the requested 1024x1536");

  // "auto" and an unreadable size ask for no particular size.
  EXPECT_TRUE (check_result_image (result_of (encoded (32, 16, ImageFormat::png)),
                                   { "png", "auto" })
                   ->size_mismatch.empty ());
  EXPECT_TRUE (check_result_image (result_of (encoded (32, 16, ImageFormat::png)),
                                   { "png", "" })
                   ->size_mismatch.empty ());
}

TEST (ResultCheck, DimensionsPastTheLimitsAreRefusedBeforeDecoding)
{
  std::vector<std::uint8_t> png = encoded (64, 48, ImageFormat::png);
  for (auto [width, height] : { std::pair<std::uint32_t, std::uint32_t> { 8193, 16 },
                                { 16, 100000 }, { 8000, 8000 } })
    for (KeepPixels keep : { KeepPixels::yes, KeepPixels::no })
      {
        SCOPED_TRACE (std::to_string (width) + "x" + std::to_string (height));
        auto checked = check_result_image (result_of (declaring (png, width, height), "png"),
                                           { "png", "auto" }, keep);
        ASSERT_FALSE (checked.ok ());
        EXPECT_EQ (checked.error ().message,
                   "the image is " + std::to_string (width) + "x" + std::to_string (height)
                       + " pixels, over the limit of 8192 pixels a side and 33177600 in all "
                         "(see docs/limits.md)");
      }
  // Within the limits, the same lie is caught by the decoding instead.
  auto checked = check_result_image (result_of (declaring (png, 8192, 4050), "png"),
                                     { "png", "auto" }, KeepPixels::no);
  ASSERT_FALSE (checked.ok ());
  EXPECT_FALSE (contains (checked.error ().message, "limit")) << checked.error ().message;
}

// A JPEG whose frame header claims 60000x60000 (the fuzzer found one that made the decoder
// allocate 16 GB): refused from the header, as the plug-in's previews are.
TEST (ResultCheck, AJpegPastTheLimitsIsRefusedFromItsFrameHeader)
{
  std::vector<std::uint8_t> jpeg = encoded (16, 16, ImageFormat::jpeg);
  std::size_t sof = 2;
  while (sof + 9 < jpeg.size () && !(jpeg[sof] == 0xFF && (jpeg[sof + 1] & 0xF0) == 0xC0
                                     && jpeg[sof + 1] != 0xC4 && jpeg[sof + 1] != 0xC8
                                     && jpeg[sof + 1] != 0xCC))
    ++sof;
  ASSERT_LT (sof + 9, jpeg.size ()) << "no frame header";
  for (std::size_t at : { sof + 5, sof + 7 }) // height, then width, big-endian
    {
      jpeg[at] = 60000 >> 8;
      jpeg[at + 1] = 60000 & 0xFF;
    }
  for (KeepPixels keep : { KeepPixels::yes, KeepPixels::no })
    {
      auto checked = check_result_image (result_of (jpeg, "jpeg"), { "jpeg", "auto" }, keep);
      ASSERT_FALSE (checked.ok ());
      EXPECT_EQ (checked.error ().message, "the image is 60000x60000 pixels, over the limit of "
                                           "8192 pixels a side and 33177600 in all "
                                           "(see docs/limits.md)");
    }
}

TEST (ResultCheck, AnArrivingPngPastTheLimitsIsNotInflated)
{
  std::vector<std::uint8_t> png = declaring (encoded (64, 48, ImageFormat::png), 100000, 100000);
  ArrivingImage arriving (png.size ());
  std::memcpy (arriving.room (png.size ()), png.data (), png.size ());
  arriving.add (png.size ());
  arriving.finish ();
  auto verdict = arriving.verdict ();
  ASSERT_TRUE (verdict.has_value ());
  ASSERT_FALSE (verdict->ok ());
  EXPECT_TRUE (contains (verdict->error ().message, "over the limit of 8192 pixels a side"))
      << verdict->error ().message;
}

TEST (ResponseLimits, TheLargestRealImageFits)
{
  // The API's largest picture as a PNG that deflate cannot shrink: 8-bit RGBA noise.
  RgbaImage noise;
  noise.width = 3840;
  noise.height = 2160;
  noise.pixels.resize (static_cast<std::size_t> (3840) * 2160 * 4);
  std::uint32_t seed = 7;
  for (auto &byte : noise.pixels)
    {
      seed = seed * 1664525u + 1013904223u;
      byte = static_cast<std::uint8_t> (seed >> 24);
    }
  auto png = encode_image (noise, ImageFormat::png, 90, EncodeEffort::fastest);
  ASSERT_TRUE (png.ok ());
  EXPECT_GT (png->size (), 33000000u);
  EXPECT_GT (max_image_bytes, png->size () * 14 / 10); // 40 % of headroom at least
  EXPECT_TRUE (check_image_dimensions (3840, 2160));
  EXPECT_TRUE (check_image_dimensions (2160, 3840));
  EXPECT_TRUE (check_image_dimensions (7680, 4320));
  EXPECT_FALSE (check_image_dimensions (7680, 4336));
  EXPECT_EQ (max_image_text, 64 * kMiB);
  EXPECT_EQ (max_sse_event_bytes, 65 * kMiB);
  ResponseLimits ten;
  ten.final_images = 10;
  EXPECT_EQ (ten.body_bytes (), 641 * kMiB);
  ResponseLimits stream;
  stream.partial_images = 3;
  EXPECT_EQ (stream.stream_bytes (), (3 + 2) * 64 * kMiB + 8 * kMiB);
}
