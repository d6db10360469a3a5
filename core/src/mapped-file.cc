#include "mapped-file.h"

#include "gptimage/i18n.h"
#include "gptimage/image-codec.h"

namespace gptimage {

Result<BytesPtr>
map_file_bytes (const std::string &path)
{
  ErrorOut error;
  MappedFilePtr mapped (g_mapped_file_new (path.c_str (), FALSE, error.out ()));
  if (!mapped)
    /* Translators: %1$s is the file's path, %2$s the system's reason. */
    return Error::io_error (printf_string (_("cannot read %s: %s"), path.c_str (),
                                           error.message ().c_str ()));
  return BytesPtr (g_mapped_file_get_bytes (mapped.get ()));
}

std::string
local_image_mime_type (const std::string &path, GBytes *bytes)
{
  ImageFormat format = ImageFormat::unknown;
  if (bytes)
    {
      gsize size = 0;
      const void *data = g_bytes_get_data (bytes, &size);
      format = sniff_image_format (data, size);
    }
  if (format == ImageFormat::unknown)
    format = image_format_from_path (path);
  return std::string (image_mime_type (format));
}

} // namespace gptimage
