// PNG's CRC-32, written out for the tests so that they do not trust the code they test.
#pragma once

#include <cstddef>
#include <cstdint>

inline std::uint32_t
png_crc (const std::uint8_t *data, std::size_t size)
{
  std::uint32_t crc = 0xffffffffu;
  for (std::size_t i = 0; i < size; ++i)
    {
      crc ^= data[i];
      for (int bit = 0; bit < 8; ++bit)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return crc ^ 0xffffffffu;
}
