#include "gptimage/sha256.h"

#include <nettle/sha2.h>

#include <cstdint>

namespace gptimage {

std::string
sha256_hex (const void *data, std::size_t size)
{
  sha256_ctx context;
  sha256_init (&context);
  // nettle takes a size_t; feed it in pieces anyway so that no platform's limits matter.
  constexpr std::size_t piece = std::size_t (1) << 30;
  const auto *bytes = static_cast<const std::uint8_t *> (data);
  for (std::size_t done = 0; done < size; done += piece)
    sha256_update (&context, size - done < piece ? size - done : piece, bytes + done);
  std::uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest (&context, sizeof digest, digest);
  static constexpr char hex[] = "0123456789abcdef";
  std::string text (2 * sizeof digest, '0');
  for (std::size_t i = 0; i < sizeof digest; ++i)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 0xf];
    }
  return text;
}

} // namespace gptimage
