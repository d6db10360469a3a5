#include "data-url.h"

namespace gptimage {

namespace {

constexpr std::string_view scheme = "data:";
constexpr std::string_view base64_marker = ";base64,";

void
append_text (GByteArray *out, std::string_view text)
{
  g_byte_array_append (out, reinterpret_cast<const guint8 *> (text.data ()),
                       static_cast<guint> (text.size ()));
}

} // namespace

std::size_t
data_url_length (std::string_view mime_type, std::size_t size)
{
  return scheme.size () + mime_type.size () + base64_marker.size () + (size + 2) / 3 * 4;
}

void
append_data_url (GByteArray *out, std::string_view mime_type, GBytes *data)
{
  append_text (out, scheme);
  append_text (out, mime_type);
  append_text (out, base64_marker);

  gsize size = 0;
  const auto *bytes = static_cast<const guchar *> (data ? g_bytes_get_data (data, &size) : nullptr);
  if (size == 0)
    return;
  // g_base64_encode_step needs (size / 3 + 1) * 4 + 4 bytes and the close step up to 5 more.
  const guint start = out->len;
  const gsize room = (size / 3 + 1) * 4 + 4 + 5;
  g_byte_array_set_size (out, static_cast<guint> (start + room));
  auto *dest = reinterpret_cast<gchar *> (out->data + start);
  gint state = 0;
  gint save = 0;
  gsize written = g_base64_encode_step (bytes, size, FALSE, dest, &state, &save);
  written += g_base64_encode_close (FALSE, dest + written, &state, &save);
  g_byte_array_set_size (out, static_cast<guint> (start + written));
}

} // namespace gptimage
