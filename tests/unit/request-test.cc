#include "gptimage/request.h"

#include "gptimage/config.h"

#include "gptimage/image-codec.h"
#include "scratch-dir.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace gptimage;
using gptimage::testing::read_all;
using gptimage::testing::ScratchDir;

namespace {

const std::string base_url = "http://127.0.0.1:1/v1";

std::vector<unsigned char>
encoded_image (ImageFormat format, int width = 8, int height = 6)
{
  RgbaImage image;
  image.width = width;
  image.height = height;
  image.pixels.assign (static_cast<std::size_t> (width) * height * 4, 0);
  for (std::size_t i = 0; i < image.pixels.size (); ++i)
    image.pixels[i] = static_cast<std::uint8_t> (i * 7);
  auto encoded = encode_image (image, format);
  return encoded.ok () ? encoded.value () : std::vector<unsigned char> ();
}

// A large file that is not a real image: only its PNG signature matters to the builders.
std::vector<unsigned char>
png_signed_noise (std::size_t size, unsigned seed)
{
  std::vector<unsigned char> bytes (size);
  static const unsigned char signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  std::uint32_t state = seed;
  for (std::size_t i = 0; i < size; ++i)
    {
      state = state * 1664525u + 1013904223u;
      bytes[i] = static_cast<unsigned char> (state >> 24);
    }
  std::memcpy (bytes.data (), signature, sizeof signature);
  return bytes;
}

std::string
body_text (const HttpRequest &request)
{
  if (!request.body)
    return {};
  gsize size = 0;
  const auto *data = static_cast<const char *> (g_bytes_get_data (request.body.get (), &size));
  return std::string (data ? data : "", size);
}

// Parses the body back; the test fails on invalid JSON.
JsonNodePtr
parse_body (const HttpRequest &request)
{
  ObjectPtr<JsonParser> parser (json_parser_new ());
  gsize size = 0;
  const auto *data = static_cast<const char *> (
      request.body ? g_bytes_get_data (request.body.get (), &size) : nullptr);
  ErrorOut error;
  bool parsed = json_parser_load_from_data (parser.get (), data ? data : "",
                                            static_cast<gssize> (size), error.out ());
  EXPECT_TRUE (parsed) << error.message ();
  JsonNode *root = json_parser_get_root (parser.get ());
  return JsonNodePtr (root ? json_node_copy (root) : nullptr);
}

struct ListFree
{
  void operator() (GList *list) const noexcept { g_list_free (list); }
};

// Member names in insertion order, as the generator writes them.
std::vector<std::string>
member_names (JsonObject *object)
{
  std::vector<std::string> names;
  std::unique_ptr<GList, ListFree> members (json_object_get_members (object));
  for (GList *l = members.get (); l; l = l->next)
    names.push_back (static_cast<const char *> (l->data));
  return names;
}

std::string
string_member (JsonObject *object, const char *name)
{
  const char *value = json_object_get_string_member (object, name);
  return value ? value : "";
}

std::vector<unsigned char>
decode_data_url (const std::string &url, std::string *mime_type)
{
  auto comma = url.find (',');
  const std::string prefix = "data:";
  const std::string marker = ";base64";
  if (url.compare (0, prefix.size (), prefix) != 0 || comma == std::string::npos
      || comma < marker.size ()
      || url.compare (comma - marker.size (), marker.size (), marker) != 0)
    return {};
  *mime_type = url.substr (prefix.size (), comma - marker.size () - prefix.size ());
  gsize size = 0;
  CharPtr decoded (reinterpret_cast<gchar *> (g_base64_decode (url.c_str () + comma + 1, &size)));
  const auto *data = reinterpret_cast<const unsigned char *> (decoded.get ());
  return std::vector<unsigned char> (data, data + size);
}

struct Part
{
  std::string name;
  std::string filename; // empty for text fields
  std::string content_type;
  std::string body;
};

// Reads the multipart body back with libsoup's own parser.
std::vector<Part>
parse_multipart (const HttpRequest &request)
{
  std::vector<Part> parts;
  SoupMessageHeadersPtr headers (soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST));
  soup_message_headers_replace (headers.get (), "Content-Type", request.content_type.c_str ());
  SoupMultipartPtr multipart (
      soup_multipart_new_from_message (headers.get (), request.body.get ()));
  EXPECT_TRUE (multipart != nullptr);
  if (!multipart)
    return parts;
  for (int i = 0; i < soup_multipart_get_length (multipart.get ()); ++i)
    {
      SoupMessageHeaders *part_headers = nullptr;
      GBytes *part_body = nullptr;
      if (!soup_multipart_get_part (multipart.get (), i, &part_headers, &part_body))
        continue;
      Part part;
      char *disposition_raw = nullptr;
      GHashTable *params_raw = nullptr;
      if (soup_message_headers_get_content_disposition (part_headers, &disposition_raw,
                                                        &params_raw))
        {
          CharPtr disposition (disposition_raw);
          HashTablePtr params (params_raw);
          EXPECT_STREQ (disposition.get (), "form-data");
          auto *name = static_cast<const char *> (g_hash_table_lookup (params.get (), "name"));
          auto *filename
              = static_cast<const char *> (g_hash_table_lookup (params.get (), "filename"));
          part.name = name ? name : "";
          part.filename = filename ? filename : "";
        }
      const char *type = soup_message_headers_get_one (part_headers, "Content-Type");
      part.content_type = type ? type : "";
      gsize size = 0;
      const auto *data = static_cast<const char *> (g_bytes_get_data (part_body, &size));
      part.body.assign (data ? data : "", size);
      parts.push_back (std::move (part));
    }
  return parts;
}

std::string
as_string (const std::vector<unsigned char> &bytes)
{
  return std::string (bytes.begin (), bytes.end ());
}

ImageOptions
all_image_options ()
{
  ImageOptions image = default_settings ().image;
  image.size = "1536x1024";
  image.quality = "medium";
  image.output_format = "webp";
  image.background = "opaque";
  image.output_compression = 80;
  image.moderation = "low";
  image.user = "user-42";
  image.response_format = "b64_json";
  image.input_fidelity = "high";
  image.complexity = "low";
  image.partial_images = 2;
  image.n = 1;
  image.stream = true;
  return image;
}

} // namespace

// ---- generations ----

TEST (GenerationsRequest, TypicalBodyHasDefaultsInOrderAndNothingElse)
{
  GenerationsParams params;
  params.image = default_settings ().image;
  params.model = "gpt-image-2";
  params.prompt = "A bold \"hero\" image\nwith a newline";
  params.image.size = "1536x1024";
  params.image.output_format = "png";
  params.image.n = 3;
  auto request = build_generations_request (base_url, params);
  ASSERT_TRUE (request.ok ()) << request.error ().message;
  EXPECT_EQ (request->route, Route::generations);
  EXPECT_EQ (request->url, base_url + "/images/generations");
  EXPECT_EQ (request->content_type, "application/json");
  EXPECT_FALSE (request->stream);

  auto root = parse_body (*request);
  ASSERT_TRUE (root && JSON_NODE_HOLDS_OBJECT (root.get ()));
  JsonObject *body = json_node_get_object (root.get ());
  EXPECT_EQ (member_names (body), (std::vector<std::string>{ "model", "prompt", "n", "size",
                                                              "quality", "output_format" }));
  EXPECT_EQ (string_member (body, "model"), "gpt-image-2");
  EXPECT_EQ (string_member (body, "prompt"), params.prompt);
  EXPECT_EQ (json_node_get_value_type (json_object_get_member (body, "n")), G_TYPE_INT64);
  EXPECT_EQ (json_object_get_int_member (body, "n"), 3);
  EXPECT_EQ (string_member (body, "size"), "1536x1024");
  EXPECT_EQ (string_member (body, "quality"), "high");
  EXPECT_EQ (string_member (body, "output_format"), "png");
  std::string text = body_text (*request);
  EXPECT_EQ (text.find ("stream"), std::string::npos);
  EXPECT_EQ (text.find ("input_fidelity"), std::string::npos);
  EXPECT_EQ (text.find ("null"), std::string::npos);
}

TEST (GenerationsRequest, AllOptionsInOrderWithTypes)
{
  GenerationsParams params;
  params.image = default_settings ().image;
  params.model = "gpt-image-2.6-flare";
  params.prompt = "p";
  params.image = all_image_options ();
  auto request = build_generations_request (base_url, params);
  ASSERT_TRUE (request.ok ());
  EXPECT_TRUE (request->stream);
  auto root = parse_body (*request);
  JsonObject *body = json_node_get_object (root.get ());
  EXPECT_EQ (member_names (body),
             (std::vector<std::string>{ "model", "prompt", "n", "size", "quality", "output_format",
                                        "background", "output_compression", "moderation", "user",
                                        "response_format", "complexity", "partial_images",
                                        "stream" }));
  EXPECT_EQ (string_member (body, "background"), "opaque");
  EXPECT_EQ (json_object_get_int_member (body, "output_compression"), 80);
  EXPECT_EQ (string_member (body, "moderation"), "low");
  EXPECT_EQ (string_member (body, "user"), "user-42");
  EXPECT_EQ (string_member (body, "response_format"), "b64_json");
  // input_fidelity is an edit parameter: the generations route does not send it.
  EXPECT_EQ (body_text (*request).find ("input_fidelity"), std::string::npos);
  EXPECT_EQ (string_member (body, "complexity"), "low");
  EXPECT_EQ (json_object_get_int_member (body, "partial_images"), 2);
  EXPECT_EQ (json_node_get_value_type (json_object_get_member (body, "stream")), G_TYPE_BOOLEAN);
  EXPECT_TRUE (json_object_get_boolean_member (body, "stream"));
}

TEST (GenerationsRequest, EachOptionalKeyAppearsOnlyWhenSet)
{
  const char *keys[] = { "background", "output_compression", "moderation", "user",
                         "response_format", "complexity", "partial_images" };
  for (const char *key : keys)
    {
      GenerationsParams params;
      params.image = default_settings ().image;
      params.model = "gpt-image-2";
      params.prompt = "p";
      std::string k = key;
      if (k == "background") params.image.background = "auto";
      if (k == "output_compression") params.image.output_compression = 0;
      if (k == "moderation") params.image.moderation = "auto";
      if (k == "user") params.image.user = "u";
      if (k == "response_format") params.image.response_format = "url";
      if (k == "input_fidelity") params.image.input_fidelity = "low";
      if (k == "complexity") params.image.complexity = "high";
      if (k == "partial_images") params.image.partial_images = 0;
      auto request = build_generations_request (base_url, params);
      ASSERT_TRUE (request.ok ());
      auto root = parse_body (*request);
      auto names = member_names (json_node_get_object (root.get ()));
      ASSERT_EQ (names.size (), 7u) << key;
      EXPECT_EQ (names[6], k);
    }
}

// ---- edits ----

class EditsRequest : public ::testing::Test
{
protected:
  void SetUp () override
  {
    ASSERT_TRUE (dir.ok ());
    png = encoded_image (ImageFormat::png);
    jpeg = encoded_image (ImageFormat::jpeg);
    webp = encoded_image (ImageFormat::webp);
    ASSERT_FALSE (png.empty () || jpeg.empty () || webp.empty ());
    subject = dir.write ("subject.png", png);
    // The MIME type comes from the bytes, not from the misleading extension.
    background = dir.write ("background.png", jpeg);
    third = dir.write ("third", webp);
    mask = dir.write ("mask.png", png);
  }

  EditsParams params (ImageFieldStyle style) const
  {
    EditsParams p;
    p.image = default_settings ().image;
    p.model = "gpt-image-2";
    p.prompt = "Blend the two references";
    p.images = { subject, background, third };
    p.mask = mask;
    p.field_style = style;
    p.image.n = 2;
    return p;
  }

  ScratchDir dir;
  std::vector<unsigned char> png, jpeg, webp;
  std::string subject, background, third, mask;
};

TEST_F (EditsRequest, BracketsStyleSendsFieldsThenImagesThenMask)
{
  auto request = build_edits_request (base_url, params (ImageFieldStyle::brackets));
  ASSERT_TRUE (request.ok ()) << request.error ().message;
  EXPECT_EQ (request->url, base_url + "/images/edits");
  EXPECT_EQ (request->content_type.rfind ("multipart/form-data; boundary=", 0), 0u)
      << request->content_type;
  EXPECT_FALSE (request->stream);

  auto parts = parse_multipart (*request);
  ASSERT_EQ (parts.size (), 10u);
  const std::vector<std::pair<std::string, std::string>> fields
      = { { "model", "gpt-image-2" }, { "prompt", "Blend the two references" },
          { "n", "2" },               { "size", "auto" },
          { "quality", "high" },      { "output_format", "webp" } };
  for (std::size_t i = 0; i < fields.size (); ++i)
    {
      EXPECT_EQ (parts[i].name, fields[i].first);
      EXPECT_EQ (parts[i].body, fields[i].second);
      EXPECT_EQ (parts[i].filename, "");
    }
  struct Expected { const char *name, *filename, *type; const std::vector<unsigned char> &bytes; };
  const Expected files[] = { { "image[]", "subject.png", "image/png", png },
                             { "image[]", "background.png", "image/jpeg", jpeg },
                             { "image[]", "third", "image/webp", webp },
                             { "mask", "mask.png", "image/png", png } };
  for (std::size_t i = 0; i < 4; ++i)
    {
      const Part &part = parts[6 + i];
      EXPECT_EQ (part.name, files[i].name);
      EXPECT_EQ (part.filename, files[i].filename);
      EXPECT_EQ (part.content_type, files[i].type);
      EXPECT_EQ (part.body, as_string (files[i].bytes));
    }

  // The recorded order matches the parts.
  ASSERT_EQ (request->form_fields.size (), 6u);
  for (std::size_t i = 0; i < 6; ++i)
    EXPECT_EQ (request->form_fields[i].name, parts[i].name);
  ASSERT_EQ (request->form_files.size (), 4u);
  EXPECT_EQ (request->form_files[1].path, background);
  EXPECT_EQ (request->form_files[1].mime_type, "image/jpeg");
  EXPECT_EQ (request->form_files[3].field, "mask");
}

TEST_F (EditsRequest, SimpleStyleRepeatsImage)
{
  auto request = build_edits_request (base_url, params (ImageFieldStyle::simple));
  ASSERT_TRUE (request.ok ());
  auto parts = parse_multipart (*request);
  ASSERT_EQ (parts.size (), 10u);
  EXPECT_EQ (parts[6].name, "image");
  EXPECT_EQ (parts[7].name, "image");
  EXPECT_EQ (parts[8].name, "image");
  EXPECT_EQ (parts[9].name, "mask");
}

TEST_F (EditsRequest, IndexedStyleNumbersFromZero)
{
  auto request = build_edits_request (base_url, params (ImageFieldStyle::indexed));
  ASSERT_TRUE (request.ok ());
  auto parts = parse_multipart (*request);
  ASSERT_EQ (parts.size (), 10u);
  EXPECT_EQ (parts[6].name, "image[0]");
  EXPECT_EQ (parts[7].name, "image[1]");
  EXPECT_EQ (parts[8].name, "image[2]");
  EXPECT_EQ (parts[9].name, "mask");
  EXPECT_EQ (parts[8].body, as_string (webp));
}

TEST_F (EditsRequest, NoMaskMeansNoMaskPart)
{
  auto p = params (ImageFieldStyle::brackets);
  p.mask.reset ();
  p.images = { subject };
  auto request = build_edits_request (base_url, p);
  ASSERT_TRUE (request.ok ());
  auto parts = parse_multipart (*request);
  ASSERT_EQ (parts.size (), 7u);
  EXPECT_EQ (parts.back ().name, "image[]");
}

TEST_F (EditsRequest, AllOptionsAsTextWithoutModeration)
{
  auto p = params (ImageFieldStyle::brackets);
  p.image = all_image_options ();
  auto request = build_edits_request (base_url, p);
  ASSERT_TRUE (request.ok ());
  EXPECT_TRUE (request->stream);
  auto parts = parse_multipart (*request);
  std::vector<std::pair<std::string, std::string>> text;
  for (const auto &part : parts)
    if (part.filename.empty ())
      text.emplace_back (part.name, part.body);
  const std::vector<std::pair<std::string, std::string>> expected
      = { { "model", "gpt-image-2" },      { "prompt", "Blend the two references" },
          { "n", "1" },                    { "size", "1536x1024" },
          { "quality", "medium" },         { "output_format", "webp" },
          { "background", "opaque" },      { "output_compression", "80" },
          { "user", "user-42" },           { "response_format", "b64_json" },
          { "input_fidelity", "high" },    { "complexity", "low" },
          { "partial_images", "2" },       { "stream", "true" } };
  EXPECT_EQ (text, expected);
}

TEST_F (EditsRequest, StreamFieldOnlyWhenSet)
{
  auto p = params (ImageFieldStyle::brackets);
  p.image.stream = false;
  p.image.partial_images = 1;
  auto request = build_edits_request (base_url, p);
  ASSERT_TRUE (request.ok ());
  for (const auto &part : parse_multipart (*request))
    EXPECT_NE (part.name, "stream");
}

TEST_F (EditsRequest, WithoutBodyReadsNothing)
{
  auto p = params (ImageFieldStyle::indexed);
  p.images.push_back (dir.file ("missing.webp"));
  auto request = build_edits_request (base_url, p, false);
  ASSERT_TRUE (request.ok ()) << request.error ().message;
  EXPECT_FALSE (request->body);
  ASSERT_EQ (request->form_fields.size (), 6u);
  EXPECT_EQ (request->form_fields[2].name, "n");
  EXPECT_EQ (request->form_fields[2].value, "2");
  ASSERT_EQ (request->form_files.size (), 5u);
  EXPECT_EQ (request->form_files[3].field, "image[3]");
  EXPECT_EQ (request->form_files[3].filename, "missing.webp");
  EXPECT_EQ (request->form_files[3].mime_type, "image/webp");
  // Only the extension is known: background.png holds JPEG bytes.
  EXPECT_EQ (request->form_files[1].mime_type, "image/png");
  EXPECT_EQ (request->form_files[4].field, "mask");
}

TEST_F (EditsRequest, MissingFileIsAnIoError)
{
  auto p = params (ImageFieldStyle::brackets);
  p.images = { dir.file ("nope.png") };
  auto request = build_edits_request (base_url, p);
  ASSERT_FALSE (request.ok ());
  EXPECT_EQ (request.error ().kind, ErrorKind::io);
  EXPECT_NE (request.error ().message.find ("nope.png"), std::string::npos);
}

// The plug-in's layers: bytes in memory, sent under their given name with the MIME type of
// their content, alongside files.
TEST_F (EditsRequest, InMemoryImagesAndMaskAreSentFromTheirBytes)
{
  HttpRequest request;
  {
    // The params (and with them the bytes' owner) are gone before the body is read.
    auto p = params (ImageFieldStyle::brackets);
    p.images = { ImageSource::from_bytes ("layer.png", { jpeg.begin (), jpeg.end () }), subject,
                 ImageSource::from_bytes ("reference", { webp.begin (), webp.end () }) };
    p.mask = ImageSource::from_bytes ("mask.png", { png.begin (), png.end () });
    auto built = build_edits_request (base_url, p);
    ASSERT_TRUE (built.ok ()) << built.error ().message;
    request = std::move (built).value ();
  }
  auto parts = parse_multipart (request);
  ASSERT_EQ (parts.size (), 10u);
  struct Expected { const char *name, *filename, *type; const std::vector<unsigned char> &bytes; };
  const Expected files[] = { { "image[]", "layer.png", "image/jpeg", jpeg },
                             { "image[]", "subject.png", "image/png", png },
                             { "image[]", "reference", "image/webp", webp },
                             { "mask", "mask.png", "image/png", png } };
  for (std::size_t i = 0; i < 4; ++i)
    {
      SCOPED_TRACE (files[i].filename);
      const Part &part = parts[6 + i];
      EXPECT_EQ (part.name, files[i].name);
      EXPECT_EQ (part.filename, files[i].filename);
      EXPECT_EQ (part.content_type, files[i].type);
      EXPECT_EQ (part.body, as_string (files[i].bytes));
      EXPECT_EQ (request.form_files[i].filename, files[i].filename);
      EXPECT_EQ (request.form_files[i].mime_type, files[i].type);
    }
}

TEST_F (EditsRequest, InMemoryWithoutBodyStillKnowsTheContentType)
{
  auto p = params (ImageFieldStyle::indexed);
  p.images = { ImageSource::from_bytes ("layer.png", { webp.begin (), webp.end () }) };
  p.mask = ImageSource::from_bytes ("selection.png", { png.begin (), png.end () });
  auto request = build_edits_request (base_url, p, false);
  ASSERT_TRUE (request.ok ()) << request.error ().message;
  EXPECT_FALSE (request->body);
  ASSERT_EQ (request->form_files.size (), 2u);
  EXPECT_EQ (request->form_files[0].field, "image[0]");
  EXPECT_EQ (request->form_files[0].path, "layer.png");
  EXPECT_EQ (request->form_files[0].mime_type, "image/webp"); // sniffed, unlike files
  EXPECT_EQ (request->form_files[1].field, "mask");
  EXPECT_EQ (request->form_files[1].filename, "selection.png");
}

TEST_F (EditsRequest, WindowsStylePathSendsOnlyTheFileName)
{
  std::string odd = dir.write ("refs\\product.png", png);
  auto p = params (ImageFieldStyle::brackets);
  p.images = { odd };
  p.mask.reset ();
  auto request = build_edits_request (base_url, p);
  ASSERT_TRUE (request.ok ());
  auto parts = parse_multipart (*request);
  EXPECT_EQ (parts.back ().filename, "product.png");
  EXPECT_EQ (request->form_files[0].path, odd);
}

// ---- responses ----

class ResponsesRequest : public ::testing::Test
{
protected:
  void SetUp () override
  {
    ASSERT_TRUE (dir.ok ());
    png = encoded_image (ImageFormat::png);
    jpeg = encoded_image (ImageFormat::jpeg);
    ASSERT_FALSE (png.empty () || jpeg.empty ());
    product = dir.write ("product.png", png);
    photo = dir.write ("photo.jpg", jpeg);
    mask = dir.write ("mask.png", png);
  }

  static ResponsesParams basic ()
  {
    ResponsesParams p;
    p.image = default_settings ().image;
    p.model = "gpt-5.4";
    p.input_texts = { "Generate a poster" };
    return p;
  }

  static JsonObject *tool_of (JsonNode *root)
  {
    JsonArray *tools = json_object_get_array_member (json_node_get_object (root), "tools");
    return tools && json_array_get_length (tools) == 1 ? json_array_get_object_element (tools, 0)
                                                        : nullptr;
  }

  static JsonArray *content_of (JsonNode *root)
  {
    JsonArray *input = json_object_get_array_member (json_node_get_object (root), "input");
    if (!input || json_array_get_length (input) != 1)
      return nullptr;
    JsonObject *message = json_array_get_object_element (input, 0);
    EXPECT_EQ (string_member (message, "role"), "user");
    EXPECT_EQ (member_names (message), (std::vector<std::string>{ "role", "content" }));
    return json_object_get_array_member (message, "content");
  }

  ScratchDir dir;
  std::vector<unsigned char> png, jpeg;
  std::string product, photo, mask;
};

TEST_F (ResponsesRequest, TypicalBody)
{
  auto request = build_responses_request (base_url, basic ());
  ASSERT_TRUE (request.ok ()) << request.error ().message;
  EXPECT_EQ (request->url, base_url + "/responses");
  EXPECT_EQ (request->content_type, "application/json");
  EXPECT_FALSE (request->stream);
  auto root = parse_body (*request);
  ASSERT_TRUE (root);
  JsonObject *body = json_node_get_object (root.get ());
  EXPECT_EQ (member_names (body),
             (std::vector<std::string>{ "model", "input", "tools", "tool_choice", "stream" }));
  EXPECT_EQ (string_member (body, "model"), "gpt-5.4");
  EXPECT_FALSE (json_object_get_boolean_member (body, "stream"));
  EXPECT_EQ (json_node_get_value_type (json_object_get_member (body, "stream")), G_TYPE_BOOLEAN);

  JsonArray *content = content_of (root.get ());
  ASSERT_TRUE (content);
  ASSERT_EQ (json_array_get_length (content), 1u);
  JsonObject *text = json_array_get_object_element (content, 0);
  EXPECT_EQ (member_names (text), (std::vector<std::string>{ "type", "text" }));
  EXPECT_EQ (string_member (text, "type"), "input_text");
  EXPECT_EQ (string_member (text, "text"), "Generate a poster");

  JsonObject *tool = tool_of (root.get ());
  ASSERT_TRUE (tool);
  EXPECT_EQ (member_names (tool),
             (std::vector<std::string>{ "type", "size", "quality", "output_format" }));
  EXPECT_EQ (string_member (tool, "type"), "image_generation");
  EXPECT_EQ (string_member (tool, "size"), "auto");
  EXPECT_EQ (string_member (tool, "quality"), "high");
  EXPECT_EQ (string_member (tool, "output_format"), "webp");

  JsonObject *choice = json_object_get_object_member (body, "tool_choice");
  ASSERT_TRUE (choice);
  EXPECT_EQ (member_names (choice), (std::vector<std::string>{ "type" }));
  EXPECT_EQ (string_member (choice, "type"), "image_generation");
  EXPECT_EQ (body_text (*request).find ("null"), std::string::npos);
}

TEST_F (ResponsesRequest, AllOptions)
{
  ResponsesParams p = basic ();
  p.input_texts.push_back ("second \"text\"");
  p.tool_model = "gpt-image-1.5";
  p.image = all_image_options ();
  p.image.action = "edit";
  p.image.previous_response_id = "resp_123";
  p.image.metadata = R"({"job": "poster", "count": 2})";
  p.image.tool_choice = "required";
  p.input_images = { { InputImageRef::Kind::url, "https://example.com/a.png" } };
  p.mask = InputImageRef{ InputImageRef::Kind::file_id, "file-mask" };
  auto request = build_responses_request (base_url, p);
  ASSERT_TRUE (request.ok ()) << request.error ().message;
  EXPECT_TRUE (request->stream);
  auto root = parse_body (*request);
  JsonObject *body = json_node_get_object (root.get ());
  EXPECT_EQ (member_names (body),
             (std::vector<std::string>{ "model", "input", "tools", "tool_choice", "stream",
                                        "user", "previous_response_id", "metadata" }));
  EXPECT_TRUE (json_object_get_boolean_member (body, "stream"));
  EXPECT_EQ (string_member (body, "tool_choice"), "required");
  EXPECT_EQ (string_member (body, "previous_response_id"), "resp_123");
  EXPECT_EQ (string_member (body, "user"), "user-42");
  JsonObject *metadata = json_object_get_object_member (body, "metadata");
  ASSERT_TRUE (metadata);
  EXPECT_EQ (string_member (metadata, "job"), "poster");
  EXPECT_EQ (json_object_get_int_member (metadata, "count"), 2);

  JsonArray *content = content_of (root.get ());
  ASSERT_TRUE (content);
  ASSERT_EQ (json_array_get_length (content), 3u);
  EXPECT_EQ (string_member (json_array_get_object_element (content, 1), "text"),
             "second \"text\"");
  JsonObject *image = json_array_get_object_element (content, 2);
  EXPECT_EQ (string_member (image, "type"), "input_image");
  EXPECT_EQ (string_member (image, "image_url"), "https://example.com/a.png");

  JsonObject *tool = tool_of (root.get ());
  ASSERT_TRUE (tool);
  EXPECT_EQ (member_names (tool),
             (std::vector<std::string>{ "type", "model", "size", "quality", "output_format",
                                        "background", "output_compression", "moderation",
                                        "input_fidelity", "complexity", "partial_images",
                                        "action", "input_image_mask" }));
  EXPECT_EQ (string_member (tool, "model"), "gpt-image-1.5");
  EXPECT_EQ (string_member (tool, "action"), "edit");
  EXPECT_EQ (string_member (tool, "size"), "1536x1024");
  EXPECT_EQ (string_member (tool, "quality"), "medium");
  EXPECT_EQ (json_object_get_int_member (tool, "output_compression"), 80);
  EXPECT_EQ (string_member (tool, "background"), "opaque");
  EXPECT_EQ (string_member (tool, "moderation"), "low");
  EXPECT_EQ (string_member (tool, "input_fidelity"), "high");
  EXPECT_EQ (string_member (tool, "complexity"), "low");
  EXPECT_EQ (json_object_get_int_member (tool, "partial_images"), 2);
  JsonObject *mask_ref = json_object_get_object_member (tool, "input_image_mask");
  ASSERT_TRUE (mask_ref);
  EXPECT_EQ (member_names (mask_ref), (std::vector<std::string>{ "file_id" }));
  EXPECT_EQ (string_member (mask_ref, "file_id"), "file-mask");
  // n and response_format do not apply to the Responses route.
  std::string text = body_text (*request);
  EXPECT_EQ (text.find ("response_format"), std::string::npos);
  EXPECT_EQ (text.find ("\"n\""), std::string::npos);
}

TEST_F (ResponsesRequest, EachInputImageKind)
{
  ResponsesParams p = basic ();
  const std::string data_url = "data:image/png;base64,iVBORw0KGgo=";
  p.input_images = { { InputImageRef::Kind::file, product },
                     { InputImageRef::Kind::url, "https://example.com/b.webp" },
                     { InputImageRef::Kind::data_url, data_url },
                     { InputImageRef::Kind::file_id, "file-abc" },
                     { InputImageRef::Kind::file, photo } };
  auto request = build_responses_request (base_url, p);
  ASSERT_TRUE (request.ok ()) << request.error ().message;
  auto root = parse_body (*request);
  JsonArray *content = content_of (root.get ());
  ASSERT_TRUE (content);
  ASSERT_EQ (json_array_get_length (content), 6u);
  for (guint i = 1; i < 6; ++i)
    EXPECT_EQ (string_member (json_array_get_object_element (content, i), "type"), "input_image");

  std::string mime;
  JsonObject *local = json_array_get_object_element (content, 1);
  EXPECT_EQ (member_names (local), (std::vector<std::string>{ "type", "image_url" }));
  EXPECT_EQ (decode_data_url (string_member (local, "image_url"), &mime), png);
  EXPECT_EQ (mime, "image/png");
  EXPECT_EQ (string_member (json_array_get_object_element (content, 2), "image_url"),
             "https://example.com/b.webp");
  EXPECT_EQ (string_member (json_array_get_object_element (content, 3), "image_url"), data_url);
  JsonObject *by_id = json_array_get_object_element (content, 4);
  EXPECT_EQ (member_names (by_id), (std::vector<std::string>{ "type", "file_id" }));
  EXPECT_EQ (string_member (by_id, "file_id"), "file-abc");
  EXPECT_EQ (decode_data_url (string_member (json_array_get_object_element (content, 5),
                                             "image_url"),
                              &mime),
             jpeg);
  EXPECT_EQ (mime, "image/jpeg");
  EXPECT_FALSE (json_object_has_member (tool_of (root.get ()), "input_image_mask"));
}

TEST_F (ResponsesRequest, EachMaskKind)
{
  struct Case { InputImageRef mask; const char *key; };
  const Case cases[] = { { { InputImageRef::Kind::file, "" }, "image_url" },
                         { { InputImageRef::Kind::url, "https://example.com/m.png" }, "image_url" },
                         { { InputImageRef::Kind::data_url, "data:image/png;base64,AAAA" },
                           "image_url" },
                         { { InputImageRef::Kind::file_id, "file-m" }, "file_id" } };
  for (const auto &c : cases)
    {
      ResponsesParams p = basic ();
      p.input_images = { { InputImageRef::Kind::file, photo } };
      p.mask = c.mask;
      if (p.mask->kind == InputImageRef::Kind::file)
        p.mask->value = mask;
      p.image.action = "edit";
      auto request = build_responses_request (base_url, p);
      ASSERT_TRUE (request.ok ()) << request.error ().message;
      auto root = parse_body (*request);
      JsonObject *tool = tool_of (root.get ());
      ASSERT_TRUE (tool);
      JsonObject *ref = json_object_get_object_member (tool, "input_image_mask");
      ASSERT_TRUE (ref);
      EXPECT_EQ (member_names (ref), (std::vector<std::string>{ c.key }));
      std::string value = string_member (ref, c.key);
      if (c.mask.kind == InputImageRef::Kind::file)
        {
          std::string mime;
          EXPECT_EQ (decode_data_url (value, &mime), png);
          EXPECT_EQ (mime, "image/png");
          // The input image before it is still the JPEG.
          JsonArray *content = content_of (root.get ());
          EXPECT_EQ (decode_data_url (string_member (json_array_get_object_element (content, 1),
                                                     "image_url"),
                                      &mime),
                     jpeg);
        }
      else
        EXPECT_EQ (value, c.mask.value);
    }
}

TEST_F (ResponsesRequest, ToolChoiceForms)
{
  auto choice_of = [] (std::optional<std::string> choice) -> std::string {
    ResponsesParams p = basic ();
    p.image.tool_choice = choice.value_or ("");
    auto request = build_responses_request (base_url, p);
    EXPECT_TRUE (request.ok ());
    if (!request.ok ())
      return {};
    auto root = parse_body (*request);
    JsonNode *node = json_object_get_member (json_node_get_object (root.get ()), "tool_choice");
    ObjectPtr<JsonGenerator> generator (json_generator_new ());
    json_generator_set_root (generator.get (), node);
    return take_string (json_generator_to_data (generator.get (), nullptr));
  };
  EXPECT_EQ (choice_of (std::nullopt), R"({"type":"image_generation"})");
  EXPECT_EQ (choice_of ("image_generation"), R"({"type":"image_generation"})");
  EXPECT_EQ (choice_of ("auto"), R"("auto")");
  EXPECT_EQ (choice_of ("required"), R"("required")");
  EXPECT_EQ (choice_of ("none"), R"("none")");
  EXPECT_EQ (choice_of (R"( {"type": "allowed_tools", "mode": "auto",)"
                        R"( "tools": [{"type": "image_generation"}]})"),
             R"({"type":"allowed_tools","mode":"auto","tools":[{"type":"image_generation"}]})");
}

TEST_F (ResponsesRequest, BadToolChoiceOrMetadataIsAnErrorNotACrash)
{
  // Words are validation's to check; the builder refuses what it cannot parse.
  const char *bad_choices[] = { "{not json", "{", " {\"type\": " };
  for (const char *choice : bad_choices)
    {
      ResponsesParams p = basic ();
      p.image.tool_choice = choice;
      auto request = build_responses_request (base_url, p);
      ASSERT_FALSE (request.ok ()) << choice;
      EXPECT_EQ (request.error ().param, "tool_choice");
    }
  const char *bad_metadata[] = { "[1]", "\"text\"", "{" };
  for (const char *metadata : bad_metadata)
    {
      ResponsesParams p = basic ();
      p.image.metadata = metadata;
      auto request = build_responses_request (base_url, p);
      ASSERT_FALSE (request.ok ()) << metadata;
      EXPECT_EQ (request.error ().param, "metadata");
    }
}

TEST_F (ResponsesRequest, MissingLocalImageIsAnIoError)
{
  ResponsesParams p = basic ();
  p.input_images = { { InputImageRef::Kind::file, dir.file ("gone.png") } };
  auto request = build_responses_request (base_url, p);
  ASSERT_FALSE (request.ok ());
  EXPECT_EQ (request.error ().kind, ErrorKind::io);
}

TEST_F (ResponsesRequest, EmptyLocalFileGivesEmptyDataUrl)
{
  ResponsesParams p = basic ();
  p.input_images = { { InputImageRef::Kind::file, dir.write ("empty.png", {}) } };
  auto request = build_responses_request (base_url, p);
  ASSERT_TRUE (request.ok ()) << request.error ().message;
  auto root = parse_body (*request);
  JsonArray *content = content_of (root.get ());
  ASSERT_TRUE (content);
  EXPECT_EQ (string_member (json_array_get_object_element (content, 1), "image_url"),
             "data:image/png;base64,");
}

TEST_F (ResponsesRequest, MultiMegabyteInputsDecodeToTheExactBytes)
{
  // Sizes 0, 1 and 2 mod 3 exercise every base64 tail.
  auto big = png_signed_noise (6 * 1024 * 1024 + 1, 1);
  auto second = png_signed_noise (3 * 1024 * 1024 + 2, 2);
  auto big_mask = png_signed_noise (2 * 1024 * 1024 + 3, 3);
  ResponsesParams p = basic ();
  p.input_images = { { InputImageRef::Kind::file, dir.write ("big.png", big) },
                     { InputImageRef::Kind::file_id, "file-x" },
                     { InputImageRef::Kind::file, dir.write ("second.png", second) } };
  p.mask = InputImageRef{ InputImageRef::Kind::file, dir.write ("big-mask.png", big_mask) };

  auto started = std::chrono::steady_clock::now ();
  auto request = build_responses_request (base_url, p);
  auto elapsed = std::chrono::steady_clock::now () - started;
  ASSERT_TRUE (request.ok ()) << request.error ().message;
  std::printf ("built a %zu-byte responses body in %.1f ms\n",
               g_bytes_get_size (request->body.get ()),
               std::chrono::duration<double, std::milli> (elapsed).count ());

  auto root = parse_body (*request);
  ASSERT_TRUE (root);
  JsonArray *content = content_of (root.get ());
  ASSERT_TRUE (content);
  ASSERT_EQ (json_array_get_length (content), 4u);
  std::string mime;
  EXPECT_TRUE (decode_data_url (string_member (json_array_get_object_element (content, 1),
                                               "image_url"),
                                &mime)
               == big);
  EXPECT_EQ (mime, "image/png");
  EXPECT_EQ (string_member (json_array_get_object_element (content, 2), "file_id"), "file-x");
  EXPECT_TRUE (decode_data_url (string_member (json_array_get_object_element (content, 3),
                                               "image_url"),
                                &mime)
               == second);
  JsonObject *mask_ref = json_object_get_object_member (tool_of (root.get ()), "input_image_mask");
  ASSERT_TRUE (mask_ref);
  EXPECT_TRUE (decode_data_url (string_member (mask_ref, "image_url"), &mime) == big_mask);
  EXPECT_EQ (body_text (*request).find ("gpt-image-data-url"), std::string::npos);
}

// ---- dry run ----

namespace {

JsonNodePtr
parse_document (const std::string &text)
{
  ObjectPtr<JsonParser> parser (json_parser_new ());
  ErrorOut error;
  EXPECT_TRUE (json_parser_load_from_data (parser.get (), text.c_str (), -1, error.out ()))
      << error.message ();
  JsonNode *root = json_parser_get_root (parser.get ());
  return JsonNodePtr (root ? json_node_copy (root) : nullptr);
}

std::string
compact (JsonNode *node)
{
  ObjectPtr<JsonGenerator> generator (json_generator_new ());
  json_generator_set_root (generator.get (), node);
  return take_string (json_generator_to_data (generator.get (), nullptr));
}

} // namespace

TEST (DryRun, GenerationsDocumentHoldsTheExactBody)
{
  GenerationsParams params;
  params.image = default_settings ().image;
  params.model = "gpt-image-2";
  params.prompt = "A minimal cover image";
  params.image.stream = true;
  params.image.partial_images = 1;
  auto request = build_generations_request (base_url, params);
  ASSERT_TRUE (request.ok ());
  std::string text = dry_run_document (*request);
  EXPECT_EQ (text.rfind ("{\n  \"command\" : \"generations\",\n", 0), 0u) << text;
  auto doc = parse_document (text);
  ASSERT_TRUE (doc && JSON_NODE_HOLDS_OBJECT (doc.get ()));
  JsonObject *object = json_node_get_object (doc.get ());
  EXPECT_EQ (member_names (object),
             (std::vector<std::string>{ "command", "url", "stream", "request" }));
  EXPECT_EQ (string_member (object, "url"), base_url + "/images/generations");
  EXPECT_TRUE (json_object_get_boolean_member (object, "stream"));
  EXPECT_EQ (compact (json_object_get_member (object, "request")), body_text (*request));
}

TEST (DryRun, ResponsesDocumentHoldsTheExactBody)
{
  ResponsesParams params;
  params.image = default_settings ().image;
  params.model = "gpt-5.4";
  params.input_texts = { "Turn this product shot into a clean studio ad" };
  params.input_images = { { InputImageRef::Kind::url, "https://example.com/p.png" } };
  params.image.metadata = R"({"a":"b"})";
  auto request = build_responses_request (base_url, params);
  ASSERT_TRUE (request.ok ());
  auto doc = parse_document (dry_run_document (*request));
  ASSERT_TRUE (doc);
  JsonObject *object = json_node_get_object (doc.get ());
  EXPECT_EQ (string_member (object, "command"), "responses");
  EXPECT_EQ (string_member (object, "url"), base_url + "/responses");
  EXPECT_FALSE (json_object_get_boolean_member (object, "stream"));
  EXPECT_EQ (compact (json_object_get_member (object, "request")), body_text (*request));
}

TEST (DryRun, EditsDocumentListsFieldsAndFilesInSendOrder)
{
  EditsParams params;
  params.image = default_settings ().image;
  params.model = "gpt-image-2";
  params.prompt = "Blend";
  params.images = { ".\\refs\\subject.png", ".\\refs\\background.png" };
  params.mask = ".\\refs\\mask.png";
  params.image.n = 2;
  params.image.stream = true;
  params.image.moderation = "low";
  auto request = build_edits_request (base_url, params, false);
  ASSERT_TRUE (request.ok ());
  auto doc = parse_document (dry_run_document (*request));
  ASSERT_TRUE (doc);
  JsonObject *object = json_node_get_object (doc.get ());
  EXPECT_EQ (string_member (object, "command"), "edits");
  EXPECT_EQ (string_member (object, "url"), base_url + "/images/edits");
  EXPECT_TRUE (json_object_get_boolean_member (object, "stream"));
  JsonObject *form = json_object_get_object_member (object, "request");
  ASSERT_TRUE (form);
  EXPECT_EQ (member_names (form), (std::vector<std::string>{ "fields", "files" }));
  EXPECT_EQ (compact (json_object_get_member (form, "fields")),
             R"([["model","gpt-image-2"],["prompt","Blend"],["n","2"],["size","auto"],)"
             R"(["quality","high"],["output_format","webp"],["stream","true"]])");
  EXPECT_EQ (compact (json_object_get_member (form, "files")),
             R"([{"field":"image[]","path":".\\refs\\subject.png"},)"
             R"({"field":"image[]","path":".\\refs\\background.png"},)"
             R"({"field":"mask","path":".\\refs\\mask.png"}])");
}

TEST (DryRun, RequestWithoutBodyStillGivesAnObject)
{
  HttpRequest request;
  request.route = Route::responses;
  request.url = "u";
  auto doc = parse_document (dry_run_document (request));
  ASSERT_TRUE (doc);
  JsonNode *body = json_object_get_member (json_node_get_object (doc.get ()), "request");
  ASSERT_TRUE (body && JSON_NODE_HOLDS_OBJECT (body));
}
