// data:<mime>;base64,<...> URLs written straight into a request body. Inputs can be 50 MB, so
// the base64 text is encoded once into its final place and never copied again. And read back,
// for the checks of data: URLs given as input.
#pragma once

#include "gptimage/glib-ptr.h"

#include <glib.h>

#include <cstddef>
#include <string_view>

namespace gptimage {

// The exact length of the URL for `size` bytes of data.
std::size_t data_url_length (std::string_view mime_type, std::size_t size);

// Appends the URL to `out`. Reserve data_url_length () + data_url_slack first to avoid any
// reallocation: the encoder needs a few bytes of room past the end while it works.
void append_data_url (GByteArray *out, std::string_view mime_type, GBytes *data);

inline constexpr std::size_t data_url_slack = 16;

// The bytes of a data:<mime>;base64,<payload> URL: standard base64 with padding, nothing else
// (no whitespace, no URL-safe alphabet). Null when the URL is not of that form. The MIME type
// is not checked.
BytesPtr decode_data_url (std::string_view url);

} // namespace gptimage
