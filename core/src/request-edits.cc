// POST /images/edits: multipart/form-data through SoupMultipart. Text fields first, then the
// images, then the mask; form_fields/form_files record the same order for --dry-run.
#include "gptimage/request.h"

#include "mapped-file.h"
#include "request-fields.h"

#include <memory>

namespace gptimage {

namespace {

std::string
image_field_name (ImageFieldStyle style, std::size_t index)
{
  switch (style)
    {
    case ImageFieldStyle::simple: return "image";
    case ImageFieldStyle::indexed: return "image[" + std::to_string (index) + "]";
    case ImageFieldStyle::brackets: break;
    }
  return "image[]";
}

// The name after the last '/' or '\': Windows-style paths carry a backslash.
std::string
file_basename (const std::string &path)
{
  auto separator = path.find_last_of ("/\\");
  return separator == std::string::npos ? path : path.substr (separator + 1);
}

FormFile
form_file (std::string field, const ImageSource &source)
{
  FormFile file;
  file.field = std::move (field);
  file.path = source.path;
  file.filename = file_basename (source.path);
  return file;
}

using SharedBytes = std::shared_ptr<const std::vector<std::uint8_t>>;

// The part's bytes: mapped from the file, or the bytes in memory without a copy. The GBytes
// owns a reference to them, so they live as long as anything (multipart, body) still uses them.
Result<BytesPtr>
source_bytes (const ImageSource &source)
{
  if (!source.in_memory ())
    return map_file_bytes (source.path);
  auto *keep = new SharedBytes (source.bytes); // handed over to the free function below
  return BytesPtr (g_bytes_new_with_free_func (
      source.bytes->data (), source.bytes->size (),
      [] (gpointer data) { delete static_cast<SharedBytes *> (data); }, keep));
}

} // namespace

Result<HttpRequest>
build_edits_request (const std::string &base_url, const EditsParams &params, bool with_body)
{
  HttpRequest request;
  request.route = Route::edits;
  request.url = base_url + "/images/edits";
  request.stream = params.image.stream;
  request.limits = response_limits_for (Route::edits, params.image);

  for (const auto &field :
       images_route_fields (params.model, params.prompt, params.image, Route::edits))
    request.form_fields.push_back ({ field.name, request_field_text (field) });
  for (std::size_t i = 0; i < params.images.size (); ++i)
    request.form_files.push_back (form_file (image_field_name (params.field_style, i),
                                             params.images[i]));
  // The sources in the order of form_files.
  std::vector<const ImageSource *> sources;
  for (const auto &image : params.images)
    sources.push_back (&image);
  if (params.mask)
    {
      request.form_files.push_back (form_file ("mask", *params.mask));
      sources.push_back (&*params.mask);
    }

  if (!with_body)
    {
      // No file is read: its MIME type can only come from the extension. Bytes in memory are
      // sniffed, as they cost nothing to look at.
      for (std::size_t i = 0; i < sources.size (); ++i)
        {
          BytesPtr bytes;
          if (sources[i]->in_memory ())
            bytes = std::move (source_bytes (*sources[i])).value ();
          request.form_files[i].mime_type = local_image_mime_type (request.form_files[i].path,
                                                                   bytes.get ());
        }
      request.content_type = SOUP_FORM_MIME_TYPE_MULTIPART;
      return request;
    }

  SoupMultipartPtr multipart (soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART));
  for (const auto &field : request.form_fields)
    soup_multipart_append_form_string (multipart.get (), field.name.c_str (),
                                       field.value.c_str ());
  for (std::size_t i = 0; i < sources.size (); ++i)
    {
      FormFile &file = request.form_files[i];
      auto bytes = source_bytes (*sources[i]);
      if (!bytes)
        return std::move (bytes).error ();
      file.mime_type = local_image_mime_type (file.path, bytes->get ());
      soup_multipart_append_form_file (multipart.get (), file.field.c_str (),
                                       file.filename.c_str (), file.mime_type.c_str (),
                                       bytes->get ());
    }

  SoupMessageHeadersPtr headers (soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST));
  GBytes *body = nullptr;
  soup_multipart_to_message (multipart.get (), headers.get (), &body);
  request.body.reset (body);
  const char *content_type = soup_message_headers_get_one (headers.get (), "Content-Type");
  request.content_type = content_type ? content_type : SOUP_FORM_MIME_TYPE_MULTIPART;
  return request;
}

} // namespace gptimage
