#include "gptimage/display-text.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/i18n.h"
#include "gptimage/validate.h"

#include "validate-private.h"

#include <gio/gio.h>

#include <cstdio>

namespace gptimage::validate_detail {

namespace {

std::string
megabytes (goffset bytes)
{
  char text[32];
  std::snprintf (text, sizeof text, "%.1f MB", static_cast<double> (bytes) / (1024.0 * 1024.0));
  return text;
}

// GLib's messages quote the path, which may be long or not UTF-8: shown as a value is.
std::string
cannot_read (const ErrorOut &error)
{
  /* Translators: %s is the system's reason, with the file name in it. */
  return printf_string (_("cannot read the file: %s"), display_value (error.message ()).c_str ());
}

// How messages speak of the bytes: a local file, or image data handed over in memory.
enum class Origin
{
  file,
  memory,
};

// The content rules shared by files and bytes: a known format, readable headers, declared
// dimensions within the limits (checked before decoding allocates anything), and a complete
// image.
Result<ImageInfo>
check_content (const std::string &param, const std::string &shown, const std::uint8_t *data,
               std::size_t size, Origin origin)
{
  if (sniff_image_format (data, size) == ImageFormat::unknown)
    return Error::invalid (param, shown,
                           origin == Origin::file
                             ? _("the file content is not PNG, JPEG or WebP (checked by its "
                                 "content, not its name)")
                             : _("the image data is not PNG, JPEG or WebP"));
  auto info = probe_image (data, size);
  if (!info)
    {
      const char *reason = info.error ().message.c_str ();
      return Error::invalid (param, shown,
                             origin == Origin::file
                               /* Translators: %s is why the headers could not be read
                                  (often English, from the image library). */
                               ? printf_string (_("the file is truncated or corrupt: cannot "
                                                  "read the image headers (%s)"),
                                                reason)
                               /* Translators: %s is why the headers could not be read
                                  (often English, from the image library). */
                               : printf_string (_("the image data is truncated or corrupt: "
                                                  "cannot read the image headers (%s)"),
                                                reason));
    }

  if (info->width > kMaxInputImageEdge || info->height > kMaxInputImageEdge)
    return Error::invalid (param, shown,
                           /* Translators: %1$d and %2$d are the image's width and height in
                              pixels (keep the x between them), %3$d the longest edge
                              allowed. */
                           printf_string (_("the image is %dx%d; each edge must be at most %d "
                                            "pixels"),
                                          info->width, info->height, kMaxInputImageEdge));
  const std::int64_t pixels = static_cast<std::int64_t> (info->width) * info->height;
  if (pixels > kMaxInputImagePixels)
    return Error::invalid (param, shown,
                           /* Translators: %1$d and %2$d are the image's width and height
                              (keep the x between them), %3$s its pixel count, %4$s the most
                              pixels allowed; the counts come grouped, e.g. 67,108,864. */
                           printf_string (_("the image is %dx%d (%s pixels); it must have at "
                                            "most %s pixels"),
                                          info->width, info->height, grouped (pixels).c_str (),
                                          grouped (kMaxInputImagePixels).c_str ()));

  // Headers can be intact while the rest is cut off or damaged; only decoding tells.
  if (auto decoded = decode_image (data, size); !decoded)
    {
      const char *reason = decoded.error ().message.c_str ();
      return Error::invalid (param, shown,
                             origin == Origin::file
                               /* Translators: %s is why decoding failed (often English, from
                                  the image library). */
                               ? printf_string (_("the file is truncated or corrupt (%s)"), reason)
                               /* Translators: %s is why decoding failed (often English, from
                                  the image library). */
                               : printf_string (_("the image data is truncated or corrupt (%s)"),
                                                reason));
    }
  return info;
}

} // namespace

Result<ImageInfo>
check_image_file (const std::string &param, const std::string &path)
{
  // File names need not be UTF-8: Error::invalid shows them escaped.
  const std::string &shown = path;
  if (path.empty ())
    return Error::invalid (param, shown, _("must not be empty; give the path of an image file"));
  ObjectPtr<GFile> file (g_file_new_for_path (path.c_str ()));
  ErrorOut error;
  ObjectPtr<GFileInfo> info (
    g_file_query_info (file.get (), G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                       G_FILE_QUERY_INFO_NONE, nullptr, error.out ()));
  if (!info)
    {
      if (error.matches (G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return Error::invalid (param, shown, _("the file does not exist"));
      if (error.matches (G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG))
        return Error::invalid (param, shown, _("the file name is too long"));
      return Error::invalid (param, shown, cannot_read (error));
    }
  if (g_file_info_get_file_type (info.get ()) != G_FILE_TYPE_REGULAR)
    return Error::invalid (param, shown, _("it is not a regular file"));
  const goffset size = g_file_info_get_size (info.get ());
  if (size >= static_cast<goffset> (kMaxImageFileBytes))
    return Error::invalid (param, shown,
                           /* Translators: %s is the file's size, e.g. 51.2 MB. */
                           printf_string (_("the file must be under 50 MB (it is %s)"),
                                          megabytes (size).c_str ()));
  if (size == 0)
    return Error::invalid (param, shown, _("the file is empty"));

  // The whole file is decoded: map it rather than copy it.
  MappedFilePtr mapped (g_mapped_file_new (path.c_str (), FALSE, error.out ()));
  if (!mapped)
    return Error::invalid (param, shown, cannot_read (error));
  const auto *data
    = reinterpret_cast<const std::uint8_t *> (g_mapped_file_get_contents (mapped.get ()));
  const std::size_t length = g_mapped_file_get_length (mapped.get ());
  // It may have changed since it was measured.
  if (length == 0 || length >= kMaxImageFileBytes)
    return Error::invalid (param, shown, _("the file changed while it was read"));
  return check_content (param, shown, data, length, Origin::file);
}

Result<ImageInfo>
check_image_data (const std::string &param, const std::string &shown, const std::uint8_t *data,
                  std::size_t size)
{
  if (size >= kMaxImageFileBytes)
    return Error::invalid (param, shown,
                           /* Translators: %s is the image data's size, e.g. 51.2 MB. */
                           printf_string (_("the image must be under 50 MB (it is %s)"),
                                          megabytes (static_cast<goffset> (size)).c_str ()));
  if (size == 0)
    return Error::invalid (param, shown, _("the image data is empty"));
  return check_content (param, shown, data, size, Origin::memory);
}

Result<ImageInfo>
check_mask_rules (const std::string &param, const std::string &shown, Result<ImageInfo> info)
{
  if (!info)
    return info;
  if (info->format != ImageFormat::png)
    return Error::invalid (param, shown,
                           /* Translators: %s is the mask's format, as the program names it:
                              jpeg or webp. */
                           printf_string (_("a mask must be a PNG file (this one is %s)"),
                                          std::string (image_format_name (info->format)).c_str ()));
  if (!info->has_alpha)
    return Error::invalid (param, shown,
                           _("a mask must have an alpha channel; transparent pixels mark where "
                             "to edit"));
  return info;
}

Result<ImageInfo>
check_mask_file (const std::string &param, const std::string &path)
{
  return check_mask_rules (param, path, check_image_file (param, path));
}

Result<ImageInfo>
check_image_source (const std::string &param, const ImageSource &source)
{
  if (!source.in_memory ())
    return check_image_file (param, source.path);
  return check_image_data (param, source.path, source.bytes->data (),
                           source.bytes->size ());
}

Result<ImageInfo>
check_mask_source (const std::string &param, const ImageSource &source)
{
  return check_mask_rules (param, source.path,
                           check_image_source (param, source));
}

Status
check_mask_size (const std::string &param, const std::string &shown, const ImageInfo &mask,
                 const ImageInfo &first)
{
  if (mask.width == first.width && mask.height == first.height)
    return {};
  return Error::invalid (param, shown,
                         /* Translators: %1$d and %2$d are the mask's width and height, %3$d
                            and %4$d the first image's (keep the x between them). */
                         printf_string (_("the mask is %dx%d but the first image is %dx%d; they "
                                          "must match"),
                                        mask.width, mask.height, first.width, first.height));
}

} // namespace gptimage::validate_detail
