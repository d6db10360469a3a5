#include "multipart-reader.h"

namespace gptimage::testing {

namespace {

Error
malformed (std::string message)
{
  Error e;
  e.kind = ErrorKind::protocol;
  e.message = std::move (message);
  return e;
}

} // namespace

Result<std::vector<FormPart>>
read_multipart (SoupMessageHeaders *headers, GBytes *body)
{
  const char *type = soup_message_headers_get_content_type (headers, nullptr);
  if (!type || g_ascii_strcasecmp (type, "multipart/form-data") != 0)
    return malformed ("the body is not multipart/form-data");
  SoupMultipartPtr multipart (soup_multipart_new_from_message (headers, body));
  if (!multipart)
    return malformed ("the multipart/form-data body could not be parsed");

  std::vector<FormPart> parts;
  int count = soup_multipart_get_length (multipart.get ());
  for (int i = 0; i < count; ++i)
    {
      SoupMessageHeaders *part_headers = nullptr;
      GBytes *part_body = nullptr;
      if (!soup_multipart_get_part (multipart.get (), i, &part_headers, &part_body))
        return malformed ("a multipart part could not be read");
      char *disposition_raw = nullptr;
      GHashTable *params_raw = nullptr;
      if (!soup_message_headers_get_content_disposition (part_headers, &disposition_raw,
                                                         &params_raw))
        return malformed ("a multipart part has no Content-Disposition header");
      CharPtr disposition (disposition_raw);
      HashTablePtr params (params_raw);
      if (g_ascii_strcasecmp (disposition.get (), "form-data") != 0)
        return malformed ("a multipart part is not form-data");
      auto *name = static_cast<const char *> (g_hash_table_lookup (params.get (), "name"));
      if (!name)
        return malformed ("a multipart part has no name");
      FormPart part;
      part.name = name;
      gpointer filename = nullptr;
      if (g_hash_table_lookup_extended (params.get (), "filename", nullptr, &filename))
        {
          part.has_filename = true;
          part.filename = filename ? static_cast<const char *> (filename) : "";
        }
      if (const char *ct = soup_message_headers_get_content_type (part_headers, nullptr))
        part.content_type = ct;
      gsize size = 0;
      const auto *data = static_cast<const char *> (g_bytes_get_data (part_body, &size));
      part.data.assign (data ? data : "", size);
      parts.push_back (std::move (part));
    }
  return parts;
}

} // namespace gptimage::testing
