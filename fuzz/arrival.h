// How the harnesses cut a fuzz input into reads, as a network would: the input's last bytes
// choose up to seven piece sizes (1 to 256 bytes each), taken in turn; the rest is the text.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gptimage_fuzz {

struct Arrival
{
  std::string text;
  std::vector<std::size_t> piece_sizes; // empty: the text arrives in one piece

  // Calls `read (piece)` for each piece of the text, in order.
  template <typename Read>
  void
  each_piece (Read read) const
  {
    std::string_view rest = text;
    for (std::size_t i = 0; !rest.empty (); ++i)
      {
        std::size_t size = piece_sizes.empty () ? rest.size ()
                                                : piece_sizes[i % piece_sizes.size ()];
        std::string_view piece = rest.substr (0, size);
        rest.remove_prefix (piece.size ());
        read (piece);
      }
  }
};

inline Arrival
arrival_of (const std::uint8_t *data, std::size_t size)
{
  FuzzedDataProvider provider (data, size);
  Arrival arrival;
  int pieces = provider.ConsumeIntegralInRange<int> (0, 7);
  for (int i = 0; i < pieces; ++i)
    arrival.piece_sizes.push_back (provider.ConsumeIntegralInRange<std::size_t> (1, 256));
  arrival.text = provider.ConsumeRemainingBytesAsString ();
  return arrival;
}

} // namespace gptimage_fuzz
