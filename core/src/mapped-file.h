// A local file's bytes without copying them: the GBytes keeps the mapping alive.
#pragma once

#include "gptimage/error.h"
#include "gptimage/glib-ptr.h"

#include <string>

namespace gptimage {

Result<BytesPtr> map_file_bytes (const std::string &path);

// The MIME type of a local image: from its magic bytes, else from its extension, else
// application/octet-stream.
std::string local_image_mime_type (const std::string &path, GBytes *bytes);

} // namespace gptimage
