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

BytesPtr
decode_data_url (std::string_view url)
{
  const std::size_t comma = url.find (',');
  if (comma == std::string_view::npos || g_ascii_strncasecmp (url.data (), "data:", 5) != 0)
    return nullptr;
  std::string_view header = url.substr (0, comma);
  std::string_view payload = url.substr (comma + 1);
  if (!header.ends_with (";base64") || payload.empty () || payload.size () % 4 != 0)
    return nullptr;
  // g_base64_decode_step skips characters it does not know; a damaged URL must not pass.
  std::size_t padding = 0;
  while (padding < 2 && payload[payload.size () - 1 - padding] == '=')
    ++padding;
  for (std::size_t i = 0; i < payload.size () - padding; ++i)
    {
      const char c = payload[i];
      if (!g_ascii_isalnum (c) && c != '+' && c != '/')
        return nullptr;
    }
  auto *out = static_cast<guchar *> (g_malloc (payload.size () / 4 * 3 + 3));
  gint state = 0;
  guint save = 0;
  const gsize length = g_base64_decode_step (payload.data (), payload.size (), out, &state, &save);
  return BytesPtr (g_bytes_new_take (out, length));
}

} // namespace gptimage
