// Where a paid image goes when it cannot be written where it was asked to go (disk full, the
// folder removed meanwhile): a rescue folder, so that the result is not lost.
#pragma once

#include "gptimage/error.h"

#include <cstddef>
#include <string>
#include <vector>

namespace gptimage {

// The folders tried, in order: g_get_user_data_dir ()/gpt-image/rescued (normally
// ~/.local/share/gpt-image/rescued), then the system temporary folder.
std::vector<std::string> rescue_folders ();

// Writes `data` atomically into the first of `folders` that takes it. A missing folder is
// created private (0700) and the file is 0600: it may be someone's unpublished picture. The
// name carries the local time, the 1-based image index and `extension`, e.g.
// gpt-image-20250102-153012-123456-1.png, and never replaces an existing file. Returns the path
// written.
Result<std::string> rescue_file (const void *data, std::size_t size, int index,
                                 const std::string &extension,
                                 const std::vector<std::string> &folders = rescue_folders ());

} // namespace gptimage
