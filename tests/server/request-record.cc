#include "request-record.h"

#include "api-rules.h"
#include "json-text.h"
#include "multipart-reader.h"

namespace gptimage::testing {

namespace {

BytesPtr
request_bytes (SoupServerMessage *msg)
{
  return BytesPtr (soup_message_body_flatten (soup_server_message_get_request_body (msg)));
}

} // namespace

std::string
request_text (SoupServerMessage *msg)
{
  BytesPtr bytes = request_bytes (msg);
  gsize size = 0;
  const auto *data = static_cast<const char *> (g_bytes_get_data (bytes.get (), &size));
  return std::string (data ? data : "", size);
}

RecordedRequest
record_request (SoupServerMessage *msg, const std::string &path, const std::string &request_id)
{
  RecordedRequest record;
  record.method = soup_server_message_get_method (msg);
  record.path = path;
  record.request_id = request_id;
  record.received_us = g_get_monotonic_time ();
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_one (headers, "Content-Type");
  record.content_type = content_type ? content_type : "";

  SoupMessageHeadersIter iter;
  soup_message_headers_iter_init (&iter, headers);
  const char *name = nullptr, *value = nullptr;
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      std::string key = take_string (g_ascii_strdown (name, -1));
      // The key is never stored: tests see that a key was sent, not which.
      std::string text = key == "authorization" ? std::string ("Bearer [redacted]") : value;
      auto [it, fresh] = record.headers.emplace (key, text);
      if (!fresh)
        it->second += ", " + text;
    }

  if (media_type_is (record.content_type, "multipart/form-data"))
    {
      BytesPtr bytes = request_bytes (msg);
      auto form = read_multipart (headers, bytes.get ());
      if (form)
        for (auto &part : *form)
          record.parts.push_back (
              { part.name, part.filename, part.content_type, std::move (part.data) });
    }
  else
    record.body = request_text (msg);
  return record;
}

std::string
TestServer::requests_json (const std::vector<RecordedRequest> &requests)
{
  JsonArrayPtr list (json_array_new ());
  for (const RecordedRequest &r : requests)
    {
      JsonObjectPtr item = new_json_object ();
      json_object_set_string_member (item.get (), "method", r.method.c_str ());
      json_object_set_string_member (item.get (), "path", r.path.c_str ());
      JsonObjectPtr headers = new_json_object ();
      for (const auto &[name, value] : r.headers)
        json_object_set_string_member (headers.get (), name.c_str (), value.c_str ());
      set_object (item.get (), "headers", std::move (headers));
      json_object_set_string_member (item.get (), "content_type", r.content_type.c_str ());
      json_object_set_int_member (item.get (), "status", r.status);
      json_object_set_string_member (item.get (), "request_id", r.request_id.c_str ());
      json_object_set_double_member (item.get (), "received",
                                     static_cast<double> (r.received_us) / G_USEC_PER_SEC);
      set_string_or_null (item.get (), "fault",
                          r.fault ? std::string (fault_kind_name (*r.fault)) : std::string ());
      JsonArrayPtr answer_images (json_array_new ());
      for (const std::string &sha : r.answer_image_sha256)
        json_array_add_string_element (answer_images.get (), sha.c_str ());
      set_array (item.get (), "answer_images", std::move (answer_images));
      if (auto usage = parse_json (r.answer_usage_json); usage && !r.answer_usage_json.empty ())
        json_object_set_member (item.get (), "answer_usage", usage->release ());
      else
        json_object_set_null_member (item.get (), "answer_usage");
      if (!r.body.empty ())
        {
          auto json = parse_json (r.body);
          if (json)
            json_object_set_member (item.get (), "json", json->release ());
          else if (g_utf8_validate (r.body.data (), static_cast<gssize> (r.body.size ()), nullptr))
            json_object_set_string_member (item.get (), "body", r.body.c_str ());
          else
            json_object_set_int_member (item.get (), "body_size",
                                        static_cast<gint64> (r.body.size ()));
        }
      JsonArrayPtr parts (json_array_new ());
      for (const RecordedPart &p : r.parts)
        {
          JsonObjectPtr part = new_json_object ();
          json_object_set_string_member (part.get (), "name", p.name.c_str ());
          set_string_or_null (part.get (), "filename", p.filename);
          set_string_or_null (part.get (), "content_type", p.content_type);
          json_object_set_int_member (part.get (), "size", static_cast<gint64> (p.data.size ()));
          std::string sha = take_string (g_compute_checksum_for_data (
              G_CHECKSUM_SHA256, reinterpret_cast<const guchar *> (p.data.data ()),
              p.data.size ()));
          json_object_set_string_member (part.get (), "sha256", sha.c_str ());
          if (p.filename.empty ()
              && g_utf8_validate (p.data.data (), static_cast<gssize> (p.data.size ()), nullptr))
            json_object_set_string_member (part.get (), "value", p.data.c_str ());
          json_array_add_object_element (parts.get (), part.release ());
        }
      set_array (item.get (), "parts", std::move (parts));
      json_array_add_object_element (list.get (), item.release ());
    }
  JsonNodePtr root (json_node_init_array (json_node_alloc (), list.get ()));
  return json_to_string (root.get ());
}

} // namespace gptimage::testing
