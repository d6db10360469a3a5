// RAII holders for GLib, GIO, libsoup and json-glib objects.
//
// One idiom for the whole project: a std::unique_ptr whose deleter is the object's own free
// function. `adopt_*` is implied by construction (the holder takes over a reference the caller
// already owns); `ref_object` adds a reference for a borrowed pointer.
#pragma once

#include <glib-object.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include <memory>
#include <string>

namespace gptimage {

struct GObjectUnref
{
  void operator() (gpointer object) const noexcept
  {
    if (object)
      g_object_unref (object);
  }
};

// Any GObject subclass: ObjectPtr<SoupSession>, ObjectPtr<JsonParser>, ...
template <typename T>
using ObjectPtr = std::unique_ptr<T, GObjectUnref>;

// Takes a new reference on a borrowed object.
template <typename T>
ObjectPtr<T>
ref_object (T *object)
{
  return ObjectPtr<T> (object ? static_cast<T *> (g_object_ref (object)) : nullptr);
}

#define GPTIMAGE_DEFINE_FREE_PTR(Name, Type, free_fn)                                        \
  struct Name##Free                                                                          \
  {                                                                                          \
    void operator() (Type *p) const noexcept                                                 \
    {                                                                                        \
      if (p)                                                                                 \
        free_fn (p);                                                                         \
    }                                                                                        \
  };                                                                                         \
  using Name = std::unique_ptr<Type, Name##Free>

GPTIMAGE_DEFINE_FREE_PTR (CharPtr, gchar, g_free);
GPTIMAGE_DEFINE_FREE_PTR (StrvPtr, gchar *, g_strfreev);
GPTIMAGE_DEFINE_FREE_PTR (BytesPtr, GBytes, g_bytes_unref);
GPTIMAGE_DEFINE_FREE_PTR (ByteArrayPtr, GByteArray, g_byte_array_unref);
GPTIMAGE_DEFINE_FREE_PTR (ErrorPtr, GError, g_error_free);
GPTIMAGE_DEFINE_FREE_PTR (UriPtr, GUri, g_uri_unref);
GPTIMAGE_DEFINE_FREE_PTR (KeyFilePtr, GKeyFile, g_key_file_unref);
GPTIMAGE_DEFINE_FREE_PTR (MainLoopPtr, GMainLoop, g_main_loop_unref);
GPTIMAGE_DEFINE_FREE_PTR (MainContextPtr, GMainContext, g_main_context_unref);
GPTIMAGE_DEFINE_FREE_PTR (SourcePtr, GSource, g_source_unref);
GPTIMAGE_DEFINE_FREE_PTR (ChecksumPtr, GChecksum, g_checksum_free);
GPTIMAGE_DEFINE_FREE_PTR (DateTimePtr, GDateTime, g_date_time_unref);
GPTIMAGE_DEFINE_FREE_PTR (MappedFilePtr, GMappedFile, g_mapped_file_unref);
GPTIMAGE_DEFINE_FREE_PTR (OptionContextPtr, GOptionContext, g_option_context_free);
GPTIMAGE_DEFINE_FREE_PTR (HashTablePtr, GHashTable, g_hash_table_unref);
GPTIMAGE_DEFINE_FREE_PTR (JsonNodePtr, JsonNode, json_node_unref);
GPTIMAGE_DEFINE_FREE_PTR (JsonObjectPtr, JsonObject, json_object_unref);
GPTIMAGE_DEFINE_FREE_PTR (JsonArrayPtr, JsonArray, json_array_unref);
GPTIMAGE_DEFINE_FREE_PTR (SoupMultipartPtr, SoupMultipart, soup_multipart_free);
GPTIMAGE_DEFINE_FREE_PTR (SoupMessageHeadersPtr, SoupMessageHeaders, soup_message_headers_unref);

#undef GPTIMAGE_DEFINE_FREE_PTR

// Receives a GError through a `GError **` out-parameter and frees it afterwards.
//   ErrorOut error;
//   if (!g_file_get_contents (path, &data, &len, error.out ()))
//     return Error::io (error.message ());
class ErrorOut
{
public:
  ErrorOut () = default;
  ErrorOut (const ErrorOut &) = delete;
  ErrorOut &operator= (const ErrorOut &) = delete;
  ~ErrorOut () { g_clear_error (&error_); }

  GError **out () noexcept
  {
    g_clear_error (&error_);
    return &error_;
  }
  GError *get () const noexcept { return error_; }
  explicit operator bool () const noexcept { return error_ != nullptr; }
  bool matches (GQuark domain, int code) const noexcept
  {
    return g_error_matches (error_, domain, code);
  }
  std::string message () const { return error_ ? error_->message : std::string (); }

private:
  GError *error_ = nullptr;
};

// Owns a string that GLib allocated; empty string for NULL.
inline std::string
take_string (gchar *s)
{
  CharPtr owned (s);
  return owned ? std::string (owned.get ()) : std::string ();
}

} // namespace gptimage
