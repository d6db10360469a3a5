// Writes files atomically: a temporary file in the same folder, then a rename. Missing folders
// are created. A failed write leaves no temporary file and never a half-written target.
#pragma once

#include "gptimage/error.h"

#include <cstddef>
#include <string>

namespace gptimage {

// mode applies to a newly created file (0644 for images, 0600 for the config file).
Status write_file_atomically (const std::string &path, const void *data, std::size_t size,
                              int mode = 0644);

} // namespace gptimage
