#include "gptimage/arriving-image.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

using namespace gptimage;

namespace {

std::vector<std::uint8_t>
noise_image (ImageFormat format)
{
  RgbaImage image;
  image.width = 300;
  image.height = 200;
  image.pixels.resize (300 * 200 * 4);
  std::uint32_t seed = 7;
  for (auto &byte : image.pixels)
    {
      seed = seed * 1103515245u + 12345u;
      byte = static_cast<std::uint8_t> (seed >> 16);
    }
  auto encoded = encode_image (image, format);
  return encoded ? encoded.value () : std::vector<std::uint8_t> {};
}

// Hands `bytes` to an ArrivingImage in pieces of `step`, then finishes it.
std::unique_ptr<ArrivingImage>
arrive (const std::vector<std::uint8_t> &bytes, std::size_t step, std::size_t expected)
{
  auto image = std::make_unique<ArrivingImage> (expected);
  for (std::size_t at = 0; at < bytes.size (); at += step)
    {
      std::size_t size = std::min (step, bytes.size () - at);
      std::memcpy (image->room (size), bytes.data () + at, size);
      image->add (size);
    }
  image->finish ();
  return image;
}

} // namespace

TEST (ArrivingImage, APngIsCheckedAsItArrivesAndKeepsItsBytes)
{
  auto png = noise_image (ImageFormat::png);
  ASSERT_FALSE (png.empty ());
  for (std::size_t step : { std::size_t (1000), std::size_t (65536) })
    for (std::size_t expected : { std::size_t (0), png.size () })
      {
        auto image = arrive (png, step, expected);
        auto verdict = image->verdict ();
        ASSERT_TRUE (verdict.has_value ());
        ASSERT_TRUE (verdict->ok ()) << verdict->error ().message;
        EXPECT_EQ ((*verdict)->width, 300);
        EXPECT_EQ ((*verdict)->height, 200);
        BytesPtr bytes = image->bytes ();
        gsize size = 0;
        const void *data = g_bytes_get_data (bytes.get (), &size);
        ASSERT_EQ (size, png.size ());
        EXPECT_EQ (std::memcmp (data, png.data (), size), 0);
      }
}

TEST (ArrivingImage, TheVerdictIsVerifyImages)
{
  auto png = noise_image (ImageFormat::png);
  std::vector<std::vector<std::uint8_t>> spoiled;
  spoiled.emplace_back (png.begin (), png.begin () + png.size () / 2); // cut
  spoiled.push_back (png);
  spoiled.back ()[png.size () / 3] ^= 0x55; // a flipped byte in the image data
  spoiled.push_back (png);
  spoiled.back ()[20] ^= 0x01; // the header's CRC no longer matches
  for (const auto &bytes : spoiled)
    {
      auto expected = verify_image (bytes.data (), bytes.size ());
      auto image = arrive (bytes, 4096, 0);
      auto verdict = image->verdict ();
      ASSERT_TRUE (verdict.has_value ());
      ASSERT_EQ (verdict->ok (), expected.ok ());
      if (!expected.ok ())
        {
          EXPECT_EQ (verdict->error ().message, expected.error ().message);
        }
    }
}

TEST (ArrivingImage, OtherFormatsAreLeftForLater)
{
  auto jpeg = noise_image (ImageFormat::jpeg);
  auto image = arrive (jpeg, 4096, 0);
  EXPECT_FALSE (image->verdict ().has_value ());
  gsize size = 0;
  BytesPtr bytes = image->bytes ();
  g_bytes_get_data (bytes.get (), &size);
  EXPECT_EQ (size, jpeg.size ());
}

TEST (ArrivingImage, AnUnfinishedImageIsAbandoned)
{
  auto png = noise_image (ImageFormat::png);
  {
    ArrivingImage image (png.size ());
    std::memcpy (image.room (png.size () / 2), png.data (), png.size () / 2);
    image.add (png.size () / 2);
  } // the check is waiting for bytes that will not come: it stops, nothing hangs
  arrive (png, 65536, png.size ()).reset (); // finished, but nobody wants the verdict
  SUCCEED ();
}
