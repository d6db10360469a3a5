#include "gptimage/base64.h"

#include <array>

namespace gptimage {

namespace {

constexpr std::uint32_t invalid = 0x01000000; // above the 24 bits a group decodes to

constexpr int
sextet (unsigned char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

// One table per position in a group, each holding the character's six bits already shifted
// into place: a group is then four loads and three ORs, and any character outside the
// alphabet sets the `invalid` bit.
struct GroupTables
{
  std::array<std::uint32_t, 256> at[4];
};

constexpr GroupTables
make_tables ()
{
  GroupTables tables {};
  for (int c = 0; c < 256; ++c)
    {
      int value = sextet (static_cast<unsigned char> (c));
      for (int position = 0; position < 4; ++position)
        tables.at[position][c] = value < 0 ? invalid
                                           : static_cast<std::uint32_t> (value)
                                                 << (6 * (3 - position));
    }
  return tables;
}

constexpr GroupTables tables = make_tables ();

void
put_group (std::uint32_t bits, std::uint8_t *out, int count)
{
  out[0] = static_cast<std::uint8_t> (bits >> 16);
  if (count > 1)
    out[1] = static_cast<std::uint8_t> (bits >> 8);
  if (count > 2)
    out[2] = static_cast<std::uint8_t> (bits);
}

struct Progress
{
  const unsigned char *p;  // where decoding stopped
  std::uint8_t *o;         // the end of the output
  bool ended = false;      // the padded last group was decoded
  bool failed = false;
};

// Decodes groups from [p, end) into `o`. With `partial`, an incomplete group at the end is
// left unread (`p` then points at it); without, it is an error.
Progress
decode_groups (const unsigned char *p, const unsigned char *end, std::uint8_t *o,
               bool skip_breaks, bool partial)
{
  for (;;)
    {
      // Whole groups of alphabet characters: nearly all of any image.
      while (end - p >= 4)
        {
          std::uint32_t bits = tables.at[0][p[0]] | tables.at[1][p[1]] | tables.at[2][p[2]]
                               | tables.at[3][p[3]];
          if (bits & invalid)
            break;
          put_group (bits, o, 3);
          o += 3;
          p += 4;
        }

      // One group the slow way: line breaks inside it, the padded last group, an incomplete
      // group at the end, or an error.
      const unsigned char *group = p;
      std::uint32_t bits = 0;
      int have = 0;
      int padding = 0;
      while (p < end && have < 4)
        {
          unsigned char c = *p++;
          if (c == '\r' || c == '\n')
            {
              if (!skip_breaks)
                return { p, o, false, true };
              continue;
            }
          if (c == '=')
            ++padding;
          else if (padding || (tables.at[have][c] & invalid))
            return { p, o, false, true }; // outside the alphabet, or data after the padding
          else
            bits |= tables.at[have][c];
          ++have;
        }
      if (have == 0)
        return { p, o }; // only line breaks were left
      if (have < 4)
        return partial ? Progress { group, o } : Progress { p, o, false, true };
      if (padding > 2)
        return { p, o, false, true };
      put_group (bits, o, 3 - padding);
      o += 3 - padding;
      if (padding)
        {
          // The padded group is the last: only line breaks may follow it.
          for (; p < end; ++p)
            if (!skip_breaks || (*p != '\r' && *p != '\n'))
              return { p, o, true, true };
          return { p, o, true };
        }
    }
}

} // namespace

std::optional<std::size_t>
decode_base64 (std::string_view text, std::uint8_t *out, LineBreaks line_breaks)
{
  const auto *p = reinterpret_cast<const unsigned char *> (text.data ());
  Progress done = decode_groups (p, p + text.size (), out, line_breaks == LineBreaks::skip,
                                 false);
  if (done.failed || done.o == out)
    return std::nullopt; // not base64, or not a single group
  return static_cast<std::size_t> (done.o - out);
}

std::optional<std::size_t>
Base64Stream::feed (std::string_view piece, std::uint8_t *out)
{
  if (failed_)
    return std::nullopt;
  const bool skip_breaks = line_breaks_ == LineBreaks::skip;
  auto fail = [this] {
    failed_ = true;
    return std::nullopt;
  };
  std::uint8_t *o = out;
  const auto *p = reinterpret_cast<const unsigned char *> (piece.data ());
  const auto *end = p + piece.size ();
  if (!ended_ && carried_ > 0)
    {
      // Complete the group the last piece left unfinished.
      for (; p < end && carried_ < 4; ++p)
        {
          if (*p == '\r' || *p == '\n')
            {
              if (!skip_breaks)
                return fail ();
              continue;
            }
          carry_[carried_++] = *p;
        }
      if (carried_ < 4)
        return std::size_t (0);
      Progress group = decode_groups (carry_, carry_ + 4, o, skip_breaks, false);
      if (group.failed)
        return fail ();
      o = group.o;
      carried_ = 0;
      decoded_any_ = true;
      ended_ = group.ended;
    }
  if (ended_)
    {
      for (; p < end; ++p)
        if (!skip_breaks || (*p != '\r' && *p != '\n'))
          return fail ();
      return static_cast<std::size_t> (o - out);
    }
  Progress done = decode_groups (p, end, o, skip_breaks, true);
  if (done.failed)
    return fail ();
  decoded_any_ = decoded_any_ || done.o != o;
  ended_ = done.ended;
  for (p = done.p; p < end; ++p)
    if (*p != '\r' && *p != '\n')
      carry_[carried_++] = *p; // fewer than four: decode_groups stopped at an unfinished group
  return static_cast<std::size_t> (done.o - out);
}

bool
Base64Stream::finish () const
{
  return !failed_ && carried_ == 0 && decoded_any_;
}

} // namespace gptimage
