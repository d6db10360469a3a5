#include "gptimage/sha256.h"

#include "gptimage/glib-ptr.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace gptimage;

namespace {

std::string
glib_sha256 (const std::string &bytes)
{
  return take_string (g_compute_checksum_for_data (
      G_CHECKSUM_SHA256, reinterpret_cast<const guchar *> (bytes.data ()), bytes.size ()));
}

} // namespace

TEST (Sha256, KnownDigests)
{
  EXPECT_EQ (sha256_hex ("", 0),
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ (sha256_hex ("abc", 3),
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST (Sha256, AgreesWithGlibOnEveryLengthAroundTheBlockSize)
{
  std::mt19937 random (5);
  std::string bytes;
  for (std::size_t size = 0; size < 300; ++size)
    {
      EXPECT_EQ (sha256_hex (bytes.data (), bytes.size ()), glib_sha256 (bytes)) << size;
      bytes += static_cast<char> (random () & 0xff);
    }
  std::string large (5 * 1024 * 1024 + 3, '\0');
  for (auto &b : large)
    b = static_cast<char> (random () & 0xff);
  EXPECT_EQ (sha256_hex (large.data (), large.size ()), glib_sha256 (large));
}
