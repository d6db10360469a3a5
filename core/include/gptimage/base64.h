// Base64 decoding that validates as it goes: a damaged image must be reported, not decoded
// around (g_base64_decode skips characters it does not know), and a 20 MB image should cost
// one pass over its text, not a check and then a decode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace gptimage {

// Enough room for what `length` characters of base64 decode to.
constexpr std::size_t
base64_decoded_bound (std::size_t length)
{
  return length / 4 * 3;
}

enum class LineBreaks
{
  skip,   // CR and LF may stand anywhere and are ignored (wrapped base64)
  reject, // any CR or LF is an error
};

// Decodes standard base64 (A-Z a-z 0-9 + /, '=' padding) into `out`, which has room for
// base64_decoded_bound (text.size ()) bytes. The text must hold at least one group, whole
// groups of four characters and at most two '=' at its end. Returns the number of bytes
// written, or nothing when the text is not such base64 (`out` then holds garbage).
std::optional<std::size_t> decode_base64 (std::string_view text, std::uint8_t *out,
                                          LineBreaks line_breaks = LineBreaks::skip);

// The same decoding for text that arrives in pieces, cut anywhere: the bytes and the verdict
// are those of decode_base64 on the whole text.
class Base64Stream
{
public:
  explicit Base64Stream (LineBreaks line_breaks = LineBreaks::skip) : line_breaks_ (line_breaks) {}

  // Decodes what `piece` completes into `out`, which has room for
  // base64_decoded_bound (piece.size ()) + 3 bytes. Returns the number of bytes written, or
  // nothing once the text is known not to be base64.
  std::optional<std::size_t> feed (std::string_view piece, std::uint8_t *out);
  // The text ended: whether all of it was base64, as decode_base64 would have it.
  bool finish () const;

private:
  LineBreaks line_breaks_;
  unsigned char carry_[4] = {}; // an unfinished group
  int carried_ = 0;
  bool decoded_any_ = false;
  bool ended_ = false; // the padded last group is in
  bool failed_ = false;
};

} // namespace gptimage
