#include "image-synth.h"

#include <algorithm>
#include <array>

namespace gptimage::testing {

namespace {

std::uint64_t
mix (std::uint64_t x)
{
  // splitmix64's finaliser: spreads every input bit over the whole word.
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

using Rgb = std::array<int, 3>;

Rgb
colour (std::uint64_t bits)
{
  return { static_cast<int> (bits & 0xff), static_cast<int> ((bits >> 8) & 0xff),
           static_cast<int> ((bits >> 16) & 0xff) };
}

} // namespace

std::uint64_t
prompt_seed (std::string_view prompt, unsigned variant)
{
  std::uint64_t h = 0xcbf29ce484222325ULL; // FNV-1a
  for (unsigned char c : prompt)
    {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
  return mix (h ^ mix (variant));
}

RgbaImage
synthesize_image (std::uint64_t seed, int width, int height, bool transparent)
{
  RgbaImage image;
  image.width = width;
  image.height = height;
  image.pixels.resize (static_cast<std::size_t> (width) * height * 4);

  std::uint64_t a = mix (seed), b = mix (a), c = mix (b);
  Rgb from = colour (a), to = colour (a >> 24), stripe = colour (b);
  int period = 24 + static_cast<int> (b >> 40) % 40;
  int slope = 1 + static_cast<int> (c % 3);
  bool vertical = (c >> 8) & 1;
  long long cx = width / 2, cy = height / 2;
  long long r = std::min (width, height) * 2 / 5;
  long long ring = r + std::max (2LL, r / 10);

  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      {
        std::uint8_t *p = image.pixel (x, y);
        // Gradient from one colour to another along the diagonal.
        long long t = static_cast<long long> (x) * 256 / std::max (1, width)
                      + static_cast<long long> (y) * 256 / std::max (1, height);
        for (int k = 0; k < 3; ++k)
          p[k] = static_cast<std::uint8_t> (from[k] + (to[k] - from[k]) * t / 512);
        int u = vertical ? x + slope * y : y + slope * x;
        if ((u / period) % 2 == 0)
          for (int k = 0; k < 3; ++k)
            p[k] = static_cast<std::uint8_t> ((p[k] + stripe[k]) / 2);
        // Fine texture so neighbouring pixels differ, as in a real picture.
        // Low-bit noise, as in a photograph: it keeps the encoded files about as large as
        // the API's (a 1024x1024 PNG of a few megabytes), so clients meet realistic bodies.
        std::uint64_t noise = mix (seed ^ (static_cast<std::uint64_t> (y) << 32 | static_cast<std::uint32_t> (x)));
        for (int k = 0; k < 3; ++k)
          p[k] = static_cast<std::uint8_t> (p[k] ^ ((noise >> (k * 8)) & 7));
        p[3] = 255;
        if (transparent)
          {
            long long dx = x - cx, dy = y - cy, d2 = dx * dx + dy * dy;
            p[3] = d2 <= r * r ? 255 : d2 <= ring * ring ? 128 : 0;
          }
      }
  return image;
}

RgbaImage
resample (const RgbaImage &image, int width, int height)
{
  if (image.width == width && image.height == height)
    return image;
  RgbaImage out;
  out.width = width;
  out.height = height;
  out.pixels.resize (static_cast<std::size_t> (width) * height * 4);
  for (int y = 0; y < height; ++y)
    {
      int sy = static_cast<int> (static_cast<long long> (y) * image.height / height);
      for (int x = 0; x < width; ++x)
        {
          int sx = static_cast<int> (static_cast<long long> (x) * image.width / width);
          std::copy_n (image.pixel (sx, sy), 4, out.pixel (x, y));
        }
    }
  return out;
}

RgbaImage
edit_image (const RgbaImage &input, const RgbaImage *mask, std::uint64_t seed, int width,
            int height, bool transparent)
{
  RgbaImage out = resample (input, width, height);
  RgbaImage scaled_mask;
  if (mask)
    scaled_mask = resample (*mask, width, height);
  RgbaImage fresh = synthesize_image (seed, width, height, transparent);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      {
        if (mask && scaled_mask.pixel (x, y)[3] != 0)
          continue;
        std::uint8_t *p = out.pixel (x, y);
        const std::uint8_t *n = fresh.pixel (x, y);
        bool same = p[0] == n[0] && p[1] == n[1] && p[2] == n[2];
        p[0] = same ? static_cast<std::uint8_t> (n[0] ^ 0x80) : n[0];
        p[1] = n[1];
        p[2] = n[2];
        p[3] = n[3];
      }
  return out;
}

RgbaImage
partial_preview (const RgbaImage &final_image, int index, int count)
{
  // Blocks of 64, 32, 16... pixels, averaged: the preview sharpens as the index grows.
  int block = std::max (2, 8 << std::max (0, count - index));
  RgbaImage out = final_image;
  for (int by = 0; by < out.height; by += block)
    for (int bx = 0; bx < out.width; bx += block)
      {
        int ex = std::min (out.width, bx + block), ey = std::min (out.height, by + block);
        std::array<long long, 4> sum {};
        long long n = 0;
        for (int y = by; y < ey; ++y)
          for (int x = bx; x < ex; ++x, ++n)
            for (int k = 0; k < 4; ++k)
              sum[k] += final_image.pixel (x, y)[k];
        for (int y = by; y < ey; ++y)
          for (int x = bx; x < ex; ++x)
            for (int k = 0; k < 4; ++k)
              out.pixel (x, y)[k] = static_cast<std::uint8_t> (sum[k] / n);
      }
  return out;
}

} // namespace gptimage::testing
