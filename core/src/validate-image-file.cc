#include "gptimage/glib-ptr.h"
#include "gptimage/validate.h"

#include "validate-private.h"

#include <gio/gio.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace gptimage::validate_detail {

namespace {

std::string
megabytes (goffset bytes)
{
  char text[32];
  std::snprintf (text, sizeof text, "%.1f MB", static_cast<double> (bytes) / (1024.0 * 1024.0));
  return text;
}

// Headers normally sit in the first few kilobytes, but JPEG EXIF/ICC segments and PNG ancillary
// chunks can push them further; read more only when the probe needs it.
constexpr gsize kFirstRead = 64 * 1024;

} // namespace

Result<ImageInfo>
check_image_file (const std::string &param, const std::string &path)
{
  // File names need not be UTF-8; messages must be.
  const std::string shown = shown_value (path, 1024);
  ObjectPtr<GFile> file (g_file_new_for_path (path.c_str ()));
  ErrorOut error;
  ObjectPtr<GFileInfo> info (
    g_file_query_info (file.get (), G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                       G_FILE_QUERY_INFO_NONE, nullptr, error.out ()));
  if (!info)
    {
      if (error.matches (G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return Error::invalid (param, shown, "the file does not exist");
      return Error::invalid (param, shown, "cannot read the file: " + error.message ());
    }
  if (g_file_info_get_file_type (info.get ()) != G_FILE_TYPE_REGULAR)
    return Error::invalid (param, shown, "it is not a regular file");
  const goffset size = g_file_info_get_size (info.get ());
  if (size >= static_cast<goffset> (kMaxImageFileBytes))
    return Error::invalid (param, shown,
                           "the file must be under 50 MB (it is " + megabytes (size) + ")");
  if (size == 0)
    return Error::invalid (param, shown, "the file is empty");

  ObjectPtr<GFileInputStream> stream (g_file_read (file.get (), nullptr, error.out ()));
  if (!stream)
    return Error::invalid (param, shown, "cannot read the file: " + error.message ());
  std::vector<unsigned char> head;
  gsize wanted = std::min<gsize> (kFirstRead, static_cast<gsize> (size));
  for (;;)
    {
      gsize have = head.size ();
      head.resize (wanted);
      gsize got = 0;
      if (!g_input_stream_read_all (G_INPUT_STREAM (stream.get ()), head.data () + have,
                                    wanted - have, &got, nullptr, error.out ()))
        return Error::invalid (param, shown, "cannot read the file: " + error.message ());
      head.resize (have + got);
      const bool at_end = got < wanted - have || head.size () >= static_cast<gsize> (size);

      ImageFormat format = sniff_image_format (head.data (), head.size ());
      if (format == ImageFormat::unknown)
        return Error::invalid (param, shown,
                               "the file content is not PNG, JPEG or WebP (checked by its "
                               "content, not its name)");
      auto probed = probe_image (head.data (), head.size ());
      if (probed)
        return probed;
      if (at_end)
        return Error::invalid (param, shown,
                               "cannot read the image headers: " + probed.error ().message);
      wanted = std::min<gsize> (head.size () * 4, static_cast<gsize> (size));
    }
}

namespace {

// Bytes already in memory: the rules of check_image_file without the file system.
Result<ImageInfo>
check_image_bytes (const std::string &param, const ImageSource &source)
{
  const std::string shown = shown_value (source.path, 1024);
  const std::vector<std::uint8_t> &bytes = *source.bytes;
  if (bytes.size () >= kMaxImageFileBytes)
    return Error::invalid (param, shown,
                           "the image must be under 50 MB (it is "
                             + megabytes (static_cast<goffset> (bytes.size ())) + ")");
  if (bytes.empty ())
    return Error::invalid (param, shown, "the image data is empty");
  if (sniff_image_format (bytes.data (), bytes.size ()) == ImageFormat::unknown)
    return Error::invalid (param, shown, "the image data is not PNG, JPEG or WebP");
  auto probed = probe_image (bytes.data (), bytes.size ());
  if (!probed)
    return Error::invalid (param, shown,
                           "cannot read the image headers: " + probed.error ().message);
  return probed;
}

Result<ImageInfo>
check_mask_info (const std::string &param, const std::string &path, Result<ImageInfo> info)
{
  if (!info)
    return info;
  const std::string shown = shown_value (path, 1024);
  if (info->format != ImageFormat::png)
    return Error::invalid (param, shown,
                           "a mask must be a PNG file (this one is "
                             + std::string (image_format_name (info->format)) + ")");
  if (!info->has_alpha)
    return Error::invalid (param, shown,
                           "a mask must have an alpha channel; transparent pixels mark where "
                           "to edit");
  return info;
}

} // namespace

Result<ImageInfo>
check_mask_file (const std::string &param, const std::string &path)
{
  return check_mask_info (param, path, check_image_file (param, path));
}

Result<ImageInfo>
check_image_source (const std::string &param, const ImageSource &source)
{
  return source.in_memory () ? check_image_bytes (param, source)
                             : check_image_file (param, source.path);
}

Result<ImageInfo>
check_mask_source (const std::string &param, const ImageSource &source)
{
  return check_mask_info (param, source.path, check_image_source (param, source));
}

} // namespace gptimage::validate_detail
