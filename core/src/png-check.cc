// verify_png: a PNG checked whole without libpng. libpng's row-by-row read through zlib was most
// of the CLI's time on a 4K result; this walks the chunks itself, checks their CRCs with
// libdeflate, and inflates the image data with ISA-L (about twice zlib's speed) into a small
// window that is thrown away, checking each row's filter byte and that the data holds exactly
// the rows the header promises. It accepts what libpng's decoding accepts (tests compare the
// two on damaged files), and is stricter only where a damaged file would decode to wrong
// pixels: a bad Adler-32 or a zlib stream that stops early.
#include "gptimage/i18n.h"
#include "gptimage/image-codec.h"
#include "gptimage/response-limits.h"

#include <isa-l/igzip_lib.h>
#include <libdeflate.h>

#include <array>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace gptimage {

namespace {

constexpr std::array<std::uint8_t, 8> png_signature = { 137, 80, 78, 71, 13, 10, 26, 10 };
// libpng's default limit on either side, kept so that both accept the same files.
constexpr std::uint32_t max_side = 1000000;
constexpr std::uint32_t max_chunk_length = 0x7fffffff;
// Pieces read at a time, and the window inflated into (more than deflate's 32 KiB history,
// which ISA-L keeps in its own state).
constexpr std::size_t piece_size = 64 * 1024;

std::uint32_t
big_endian_32 (const std::uint8_t *bytes)
{
  return (std::uint32_t (bytes[0]) << 24) | (std::uint32_t (bytes[1]) << 16)
         | (std::uint32_t (bytes[2]) << 8) | std::uint32_t (bytes[3]);
}

bool
is_chunk_name (const std::uint8_t *name)
{
  for (int i = 0; i < 4; ++i)
    if (!((name[i] >= 'A' && name[i] <= 'Z') || (name[i] >= 'a' && name[i] <= 'z')))
      return false;
  return true;
}

bool
is_critical (const std::uint8_t *name)
{
  return (name[0] & 0x20) == 0;
}

struct Header
{
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  int bit_depth = 0;
  int color_type = 0;
  bool interlaced = false;
};

// Samples per pixel for a valid colour type and bit depth; 0 when PNG forbids the pair.
int
channels_of (int color_type, int bit_depth)
{
  auto depth_in = [bit_depth] (std::initializer_list<int> allowed) {
    for (int depth : allowed)
      if (depth == bit_depth)
        return true;
    return false;
  };
  switch (color_type)
    {
    case 0: return depth_in ({ 1, 2, 4, 8, 16 }) ? 1 : 0;
    case 2: return depth_in ({ 8, 16 }) ? 3 : 0;
    case 3: return depth_in ({ 1, 2, 4, 8 }) ? 1 : 0;
    case 4: return depth_in ({ 8, 16 }) ? 2 : 0;
    case 6: return depth_in ({ 8, 16 }) ? 4 : 0;
    default: return 0;
    }
}

// The rows the image data must hold: one per row of each (Adam7) pass, each a filter byte
// (0 to 4) and the row's bytes. Walks the inflated data as it comes.
class RowWalk
{
public:
  explicit RowWalk (const Header &header)
  {
    std::size_t bits_per_pixel
        = std::size_t (channels_of (header.color_type, header.bit_depth)) * header.bit_depth;
    auto add_pass = [&] (std::uint32_t x0, std::uint32_t y0, std::uint32_t dx, std::uint32_t dy) {
      std::uint64_t columns = header.width > x0 ? (header.width - x0 + dx - 1) / dx : 0;
      std::uint64_t rows = header.height > y0 ? (header.height - y0 + dy - 1) / dy : 0;
      if (columns > 0 && rows > 0)
        passes_.push_back ({ rows, 1 + (columns * bits_per_pixel + 7) / 8 });
    };
    if (header.interlaced)
      {
        add_pass (0, 0, 8, 8);
        add_pass (4, 0, 8, 8);
        add_pass (0, 4, 4, 8);
        add_pass (2, 0, 4, 4);
        add_pass (0, 2, 2, 4);
        add_pass (1, 0, 2, 2);
        add_pass (0, 1, 1, 2);
      }
    else
      add_pass (0, 0, 1, 1);
    if (!passes_.empty ())
      rows_left_ = passes_[0].rows;
  }

  // False, with `why`, at a bad filter byte or data past the last row.
  bool
  take (const std::uint8_t *data, std::size_t size, std::string &why)
  {
    while (size > 0)
      {
        if (pass_ == passes_.size ())
          {
            why = _("more image data than the image holds");
            return false;
          }
        std::uint64_t row_length = passes_[pass_].row_length;
        if (in_row_ == 0 && data[0] > 4)
          {
            /* Translators: %d is the filter type byte of a PNG row (0 to 4 are known). */
            why = printf_string (_("a row has the unknown filter type %d"), data[0]);
            return false;
          }
        std::uint64_t step = std::min<std::uint64_t> (size, row_length - in_row_);
        data += step;
        size -= step;
        in_row_ += step;
        if (in_row_ == row_length)
          {
            in_row_ = 0;
            if (--rows_left_ == 0 && ++pass_ < passes_.size ())
              rows_left_ = passes_[pass_].rows;
          }
      }
    return true;
  }

  bool complete () const { return pass_ == passes_.size (); }

private:
  struct Pass
  {
    std::uint64_t rows;
    std::uint64_t row_length;
  };
  std::vector<Pass> passes_;
  std::size_t pass_ = 0;
  std::uint64_t rows_left_ = 0;
  std::uint64_t in_row_ = 0;
};

// The zlib stream of the IDAT chunks, inflated as its pieces come.
class ImageDataCheck
{
public:
  explicit ImageDataCheck (const Header &header)
      : rows_ (header), state_ (std::make_unique<inflate_state> ()),
        window_ (std::make_unique<std::uint8_t[]> (piece_size))
  {
    isal_inflate_init (state_.get ());
    state_->crc_flag = ISAL_ZLIB; // the zlib header and its Adler-32 checked too
  }

  bool
  take (const std::uint8_t *data, std::size_t size, std::string &why)
  {
    // Compressed bytes after the stream's end are ignored, as libpng does.
    if (ended_)
      return true;
    state_->next_in = const_cast<std::uint8_t *> (data);
    state_->avail_in = static_cast<std::uint32_t> (size);
    while (!ended_ && (state_->avail_in > 0 || state_->avail_out == 0))
      {
        state_->next_out = window_.get ();
        state_->avail_out = piece_size;
        int status = isal_inflate (state_.get ());
        if (status != ISAL_DECOMP_OK && status != ISAL_END_INPUT && status != ISAL_OUT_OVERFLOW)
          {
            if (status == ISAL_INCORRECT_CHECKSUM)
              /* Translators: Adler-32 is the zlib stream's checksum: keep the name. */
              why = _("the image data's Adler-32 is wrong");
            else
              /* Translators: keep zlib. */
              why = _("the image data is not a valid zlib stream");
            return false;
          }
        if (!rows_.take (window_.get (), piece_size - state_->avail_out, why))
          return false;
        ended_ = state_->block_state == ISAL_BLOCK_FINISH;
      }
    return true;
  }

  // After the last IDAT chunk.
  bool
  finish (std::string &why) const
  {
    if (!rows_.complete ())
      why = _("the image data ends before the last row");
    else if (!ended_)
      /* Translators: keep zlib. */
      why = _("the image data's zlib stream does not end");
    else
      return true;
    return false;
  }

private:
  RowWalk rows_;
  std::unique_ptr<inflate_state> state_;
  std::unique_ptr<std::uint8_t[]> window_;
  bool ended_ = false;
};

// Worded as image-codec.cc's decoding errors are.
Result<ImageInfo>
png_error (const std::string &detail)
{
  /* Translators: %s says what is wrong with the PNG file, e.g. "the IHDR chunk is invalid". */
  return Error::io_error (printf_string (_("cannot read png image: %s"), detail.c_str ()));
}

Result<ImageInfo>
chunk_cut_off (const std::string &name)
{
  /* Translators: %s is a PNG chunk name such as IDAT: keep it. */
  return png_error (printf_string (_("the file ends inside its %s chunk"), name.c_str ()));
}

} // namespace

Result<ImageInfo>
verify_png (const PngReader &read)
{
  std::array<std::uint8_t, 8> signature;
  if (!read (signature.data (), signature.size ()) || signature != png_signature)
    return png_error (_("not a PNG signature"));

  ImageInfo info;
  info.format = ImageFormat::png;
  Header header;
  bool have_header = false;
  bool have_palette = false;
  bool data_started = false;
  std::unique_ptr<ImageDataCheck> image_data;
  auto piece = std::make_unique<std::uint8_t[]> (piece_size);
  std::string why;

  for (;;)
    {
      std::uint8_t head[8];
      if (!read (head, sizeof head))
        return png_error (_("the file ends before its IEND chunk"));
      std::uint32_t length = big_endian_32 (head);
      const std::uint8_t *name = head + 4;
      std::string name_text (reinterpret_cast<const char *> (name), 4);
      if (!is_chunk_name (name))
        return png_error (_("a chunk has an invalid name"));
      if (length > max_chunk_length)
        return png_error (
            /* Translators: %s is a PNG chunk name such as IDAT: keep it. */
            printf_string (_("the %s chunk's length is too large"), name_text.c_str ()));
      bool is_data = name_text == "IDAT";
      if (!have_header && name_text != "IHDR")
        return png_error (_("the first chunk is not IHDR"));
      if (is_data)
        {
          if (header.color_type == 3 && !have_palette)
            return png_error (_("a palette image has no PLTE before its data"));
          if (!image_data)
            image_data = std::make_unique<ImageDataCheck> (header);
          data_started = true;
        }
      else if (image_data && !image_data->finish (why))
        return png_error (why);

      // The data: CRC'd as it is read; IDAT data inflated, IHDR kept, the rest skipped.
      std::uint32_t crc = libdeflate_crc32 (0, name, 4);
      std::uint8_t kept[13] = {};
      std::uint32_t left = length;
      while (left > 0)
        {
          std::size_t size = std::min<std::size_t> (left, piece_size);
          if (!read (piece.get (), size))
            return chunk_cut_off (name_text);
          crc = libdeflate_crc32 (crc, piece.get (), size);
          if (is_data && !image_data->take (piece.get (), size, why))
            return png_error (why);
          if (length == sizeof kept && name_text == "IHDR")
            std::memcpy (kept, piece.get (), sizeof kept);
          left -= static_cast<std::uint32_t> (size);
        }
      std::uint8_t stored_crc[4];
      if (!read (stored_crc, sizeof stored_crc))
        return chunk_cut_off (name_text);
      bool crc_ok = big_endian_32 (stored_crc) == crc;
      // libpng's default: a damaged critical chunk is an error, a damaged ancillary one is
      // dropped with a warning.
      if (!crc_ok && is_critical (name))
        /* Translators: %s is a PNG chunk name such as IDAT; keep it and CRC. */
        return png_error (printf_string (_("the %s chunk's CRC is wrong"), name_text.c_str ()));
      // Whole once the image data is: what follows cannot change a pixel, and libpng's
      // decoding does not read it either.
      if (is_data && image_data->finish (why))
        return info;

      if (name_text == "IHDR")
        {
          if (have_header || length != sizeof kept)
            return png_error (_("the IHDR chunk is invalid"));
          have_header = true;
          header.width = big_endian_32 (kept);
          header.height = big_endian_32 (kept + 4);
          header.bit_depth = kept[8];
          header.color_type = kept[9];
          header.interlaced = kept[12] == 1;
          if (header.width == 0 || header.height == 0 || header.width > max_side
              || header.height > max_side)
            /* Translators: the image's width and height in pixels. */
            return png_error (printf_string (_("the image is %ux%u pixels"),
                                             static_cast<unsigned> (header.width),
                                             static_cast<unsigned> (header.height)));
          if (channels_of (header.color_type, header.bit_depth) == 0)
            /* Translators: a PNG bit depth (e.g. 16), then a PNG colour type number (e.g. 3). */
            return png_error (printf_string (_("bit depth %d is invalid for colour type %d"),
                                             header.bit_depth, header.color_type));
          if (kept[10] != 0 || kept[11] != 0 || kept[12] > 1)
            return png_error (_("the IHDR chunk names an unknown method"));
          // Checked as soon as the header is in: a result past the limits is not inflated.
          if (Status within = check_image_dimensions (header.width, header.height); !within)
            return std::move (within).error ();
          info.width = static_cast<int> (header.width);
          info.height = static_cast<int> (header.height);
          info.has_alpha = (header.color_type & 4) != 0;
        }
      else if (name_text == "PLTE")
        {
          if (data_started || length % 3 != 0 || length == 0 || length > 256 * 3)
            return png_error (_("the PLTE chunk is invalid"));
          have_palette = true;
        }
      else if (name_text == "tRNS" && crc_ok)
        info.has_alpha = true;
      else if (name_text == "IEND")
        return png_error (_("the file has no image data"));
      else if (is_critical (name) && !is_data)
        /* Translators: %s is a PNG chunk name: keep it. */
        return png_error (printf_string (_("the file has the unknown critical chunk %s"),
                                         name_text.c_str ()));
    }
}

} // namespace gptimage
