// SHA-256 for the digests the CLI prints (--json). Through nettle, which uses the CPU's SHA
// instructions where there are some: a 13 MB image takes 8 ms instead of GLib's 27.
#pragma once

#include <cstddef>
#include <string>

namespace gptimage {

// The digest of `size` bytes as 64 lowercase hex digits (as g_compute_checksum_for_data).
std::string sha256_hex (const void *data, std::size_t size);

} // namespace gptimage
