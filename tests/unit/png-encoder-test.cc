#include "gptimage/png-encoder.h"

#include "gptimage/image-codec.h"

#include <gtest/gtest.h>
#include <libdeflate.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace gptimage;

namespace {

RgbaImage
blank (int width, int height)
{
  RgbaImage image;
  image.width = width;
  image.height = height;
  image.pixels.assign (static_cast<std::size_t> (width) * height * 4, 255);
  return image;
}

// Every byte random, alpha too.
RgbaImage
noise (int width, int height, unsigned seed)
{
  RgbaImage image = blank (width, height);
  std::mt19937 random (seed);
  for (auto &byte : image.pixels)
    byte = static_cast<std::uint8_t> (random ());
  return image;
}

// Smooth shapes, a hard edge and a little sensor noise; opaque.
RgbaImage
photo_like (int width, int height)
{
  RgbaImage image = blank (width, height);
  std::mt19937 random (7);
  std::uniform_int_distribution<int> grain (-3, 3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      {
        std::uint8_t *p = image.pixel (x, y);
        const double base = 110 + 50 * std::sin (x / 37.0) + 40 * std::cos (y / 23.0);
        const bool inside = (x - width / 2) * (x - width / 2) + (y - height / 2) * (y - height / 2)
                            < width * height / 16;
        for (int c = 0; c < 3; ++c)
          {
            const double v = (inside ? 200 - c * 60 : base + c * 20) + grain (random);
            p[c] = static_cast<std::uint8_t> (std::clamp (v, 0.0, 255.0));
          }
      }
  return image;
}

// The header's colour type: 2 RGB, 6 RGBA.
int
colour_type (const std::vector<std::uint8_t> &png)
{
  return png.size () > 25 ? png[25] : -1;
}

// The filter type byte of every row, from the inflated IDAT data.
std::set<int>
filters_used (const std::vector<std::uint8_t> &png, int width, int height, int channels)
{
  std::vector<std::uint8_t> zlib;
  for (std::size_t at = 8; at + 12 <= png.size ();)
    {
      const std::size_t length = (std::size_t (png[at]) << 24) | (png[at + 1] << 16)
                                 | (png[at + 2] << 8) | png[at + 3];
      if (std::equal (png.begin () + at + 4, png.begin () + at + 8, "IDAT"))
        zlib.insert (zlib.end (), png.begin () + at + 8, png.begin () + at + 8 + length);
      at += length + 12;
    }
  const std::size_t stride = static_cast<std::size_t> (width) * channels + 1;
  std::vector<std::uint8_t> lines (stride * height);
  libdeflate_decompressor *inflater = libdeflate_alloc_decompressor ();
  const auto status = libdeflate_zlib_decompress (inflater, zlib.data (), zlib.size (),
                                                  lines.data (), lines.size (), nullptr);
  libdeflate_free_decompressor (inflater);
  EXPECT_EQ (status, LIBDEFLATE_SUCCESS);
  std::set<int> used;
  for (int y = 0; y < height; ++y)
    used.insert (lines[stride * y]);
  return used;
}

// Every chunk: its length fits, its CRC (of type and data) is right; IHDR first, IEND last.
void
expect_well_formed (const std::vector<std::uint8_t> &png)
{
  static const std::uint8_t signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  ASSERT_GE (png.size (), 8u);
  EXPECT_TRUE (std::equal (signature, signature + 8, png.begin ()));
  std::vector<std::string> types;
  std::size_t at = 8;
  while (at + 12 <= png.size ())
    {
      const std::size_t length = (std::size_t (png[at]) << 24) | (png[at + 1] << 16)
                                 | (png[at + 2] << 8) | png[at + 3];
      ASSERT_LE (at + 12 + length, png.size ());
      types.emplace_back (png.begin () + at + 4, png.begin () + at + 8);
      const std::uint32_t stored = (std::uint32_t (png[at + 8 + length]) << 24)
                                   | (png[at + 9 + length] << 16) | (png[at + 10 + length] << 8)
                                   | png[at + 11 + length];
      EXPECT_EQ (libdeflate_crc32 (0, png.data () + at + 4, length + 4), stored)
          << "CRC of " << types.back ();
      at += 12 + length;
    }
  EXPECT_EQ (at, png.size ());
  ASSERT_GE (types.size (), 3u);
  EXPECT_EQ (types.front (), "IHDR");
  EXPECT_EQ (types.back (), "IEND");
}

void
expect_round_trip (const RgbaImage &image, PngAlpha alpha, const std::string &what)
{
  auto png = encode_png (image, alpha);
  ASSERT_TRUE (png.ok ()) << what << ": " << png.error ().message;
  expect_well_formed (*png);
  auto decoded = decode_image (png->data (), png->size ());
  ASSERT_TRUE (decoded.ok ()) << what << ": " << decoded.error ().message;
  EXPECT_EQ (decoded->width, image.width) << what;
  EXPECT_EQ (decoded->height, image.height) << what;
  EXPECT_TRUE (decoded->pixels == image.pixels) << what;
}

} // namespace

TEST (PngEncoder, RandomRgbaRoundTripsExactly)
{
  const RgbaImage image = noise (257, 131, 1);
  expect_round_trip (image, PngAlpha::when_used, "random");
  auto png = encode_png (image);
  ASSERT_TRUE (png.ok ());
  EXPECT_EQ (colour_type (*png), 6);
  auto info = probe_image (png->data (), png->size ());
  ASSERT_TRUE (info.ok ());
  EXPECT_TRUE (info->has_alpha);
}

TEST (PngEncoder, OpaqueImagesLoseOnlyTheirAlphaChannel)
{
  const RgbaImage image = photo_like (300, 200);
  expect_round_trip (image, PngAlpha::when_used, "photo-like");
  auto rgb = encode_png (image, PngAlpha::when_used);
  auto rgba = encode_png (image, PngAlpha::always);
  ASSERT_TRUE (rgb.ok () && rgba.ok ());
  EXPECT_EQ (colour_type (*rgb), 2);
  EXPECT_EQ (colour_type (*rgba), 6);
  EXPECT_LT (rgb->size (), rgba->size ());
  expect_round_trip (image, PngAlpha::always, "photo-like, alpha kept");
  auto info = probe_image (rgba->data (), rgba->size ());
  ASSERT_TRUE (info.ok ());
  EXPECT_TRUE (info->has_alpha);
}

TEST (PngEncoder, OneTranslucentPixelKeepsTheAlphaChannel)
{
  RgbaImage image = photo_like (64, 48);
  image.pixel (63, 47)[3] = 254;
  auto png = encode_png (image);
  ASSERT_TRUE (png.ok ());
  EXPECT_EQ (colour_type (*png), 6);
  expect_round_trip (image, PngAlpha::when_used, "one translucent pixel");
}

TEST (PngEncoder, TinyAndOddSizesRoundTrip)
{
  for (int width : { 1, 2, 3, 5, 7, 33 })
    for (int height : { 1, 2, 3, 17 })
      {
        const std::string what = std::to_string (width) + "x" + std::to_string (height);
        expect_round_trip (noise (width, height, width * 100 + height), PngAlpha::when_used,
                           what + " random");
        expect_round_trip (photo_like (width, height), PngAlpha::when_used, what + " opaque");
        expect_round_trip (photo_like (width, height), PngAlpha::always, what + " kept");
      }
}

TEST (PngEncoder, EveryFilterIsChosenSomewhereAndDecodes)
{
  // Bands of rows that suit each filter: noise (none), horizontal ramps (sub), rows repeating
  // the one above (up), a bilinear surface (average), diagonal stripes (paeth).
  const int width = 64;
  const int height = 80;
  RgbaImage image = blank (width, height);
  std::mt19937 random (3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      {
        std::uint8_t *p = image.pixel (x, y);
        const int band = y / 16;
        for (int c = 0; c < 4; ++c)
          {
            int v = 0;
            switch (band)
              {
              case 0: v = static_cast<int> (random ()); break;
              case 1: v = x * (c + 1) * 3; break;
              case 2: v = (x * 37 + c * 91) * 7 % 251; break;
              case 3: v = (x * 3 + y * 5) / 2 + c * 11; break;
              default: v = ((x + y) / 4 % 2) * 200 + c * 13; break;
              }
            p[c] = static_cast<std::uint8_t> (v);
          }
      }
  auto png = encode_png (image);
  ASSERT_TRUE (png.ok ());
  EXPECT_EQ (filters_used (*png, width, height, 4), (std::set<int> { 0, 1, 2, 3, 4 }));
  expect_round_trip (image, PngAlpha::when_used, "filter bands");
}

TEST (PngEncoder, PhotoLikeImagesAreAsSmallAsLibpngMakesThem)
{
  const RgbaImage image = photo_like (512, 384);
  auto ours = encode_png (image, PngAlpha::always);
  auto libpng = encode_image (image, ImageFormat::png, 90, EncodeEffort::balanced);
  ASSERT_TRUE (ours.ok () && libpng.ok ());
  EXPECT_LE (ours->size (), libpng->size () * 11 / 10)
      << ours->size () << " bytes against libpng's " << libpng->size ();
}

TEST (PngEncoder, RefusesImagesWithoutPixels)
{
  EXPECT_FALSE (encode_png (RgbaImage {}).ok ());
  RgbaImage short_buffer = blank (4, 4);
  short_buffer.pixels.pop_back ();
  EXPECT_FALSE (encode_png (short_buffer).ok ());
}
