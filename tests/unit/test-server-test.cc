#include "test-server.h"

#include "faults.h"
#include "sse-writer.h"

#include "gptimage/glib-ptr.h"
#include "gptimage/image-codec.h"

#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstring>

using namespace gptimage;
using namespace gptimage::testing;

namespace {

struct HttpResult
{
  int status = 0;
  std::string body;
  std::string error; // transport error (connection dropped, timeout)
  ObjectPtr<SoupMessage> msg;

  std::string header (const char *name) const
  {
    const char *v = soup_message_headers_get_one (soup_message_get_response_headers (msg.get ()),
                                                  name);
    return v ? v : "";
  }
};

struct SseEvent
{
  std::string event;
  std::string data;
};

class Client
{
public:
  explicit Client (std::string base, unsigned timeout = 30) : base_ (std::move (base))
  {
    session_.reset (soup_session_new_with_options ("timeout", timeout, nullptr));
  }

  HttpResult post_json (const std::string &route, const std::string &json,
                        const char *key = "fake-key-test")
  {
    ObjectPtr<SoupMessage> msg (soup_message_new ("POST", (base_ + route).c_str ()));
    BytesPtr body (g_bytes_new (json.data (), json.size ()));
    soup_message_set_request_body_from_bytes (msg.get (), "application/json", body.get ());
    return send (std::move (msg), key);
  }

  HttpResult post_form (const std::string &route, SoupMultipart *form, const char *key = "fake-key-test")
  {
    ObjectPtr<SoupMessage> msg (soup_message_new_from_multipart ((base_ + route).c_str (), form));
    return send (std::move (msg), key);
  }

  HttpResult request (const char *method, const std::string &url, const char *key = "fake-key-test",
                      const std::string &json = {})
  {
    ObjectPtr<SoupMessage> msg (soup_message_new (method, url.c_str ()));
    if (!json.empty ())
      {
        BytesPtr body (g_bytes_new (json.data (), json.size ()));
        soup_message_set_request_body_from_bytes (msg.get (), "application/json", body.get ());
      }
    return send (std::move (msg), key);
  }

  HttpResult send (ObjectPtr<SoupMessage> msg, const char *key)
  {
    if (key)
      soup_message_headers_replace (soup_message_get_request_headers (msg.get ()),
                                    "Authorization", (std::string ("Bearer ") + key).c_str ());
    HttpResult r;
    ErrorOut error;
    ObjectPtr<GInputStream> stream (
        soup_session_send (session_.get (), msg.get (), nullptr, error.out ()));
    if (!stream)
      {
        r.error = error.message ();
        r.msg = std::move (msg);
        return r;
      }
    r.status = static_cast<int> (soup_message_get_status (msg.get ()));
    char buffer[65536];
    for (;;)
      {
        gssize n = g_input_stream_read (stream.get (), buffer, sizeof buffer, nullptr, error.out ());
        if (n < 0)
          {
            r.error = error.message ();
            break;
          }
        if (n == 0)
          break;
        r.body.append (buffer, static_cast<std::size_t> (n));
      }
    r.msg = std::move (msg);
    return r;
  }

private:
  std::string base_;
  ObjectPtr<SoupSession> session_;
};

JsonNodePtr
parse (const std::string &text)
{
  ObjectPtr<JsonParser> parser (json_parser_new ());
  if (!json_parser_load_from_data (parser.get (), text.data (), static_cast<gssize> (text.size ()),
                                   nullptr))
    return nullptr;
  return JsonNodePtr (json_node_copy (json_parser_get_root (parser.get ())));
}

// A member by path: "data.0.b64_json" (numbers index arrays). Null when missing.
JsonNode *
at (JsonNode *node, const std::string &path)
{
  StrvPtr parts (g_strsplit (path.c_str (), ".", -1));
  for (char **p = parts.get (); node && *p; ++p)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), *p);
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          guint i = static_cast<guint> (std::atoi (*p));
          JsonArray *a = json_node_get_array (node);
          node = i < json_array_get_length (a) ? json_array_get_element (a, i) : nullptr;
        }
      else
        node = nullptr;
    }
  return node;
}

std::string
str (JsonNode *root, const std::string &path)
{
  JsonNode *n = at (root, path);
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : "<missing>";
}

gint64
num (JsonNode *root, const std::string &path)
{
  JsonNode *n = at (root, path);
  return n && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_int (n) : -1;
}

bool
is_null (JsonNode *root, const std::string &path)
{
  JsonNode *n = at (root, path);
  return n && JSON_NODE_HOLDS_NULL (n);
}

std::vector<std::uint8_t>
unbase64 (const std::string &text)
{
  gsize length = 0;
  CharPtr data (reinterpret_cast<gchar *> (g_base64_decode (text.c_str (), &length)));
  return std::vector<std::uint8_t> (data.get (), data.get () + length);
}

RgbaImage
decode_b64 (const std::string &b64)
{
  auto bytes = unbase64 (b64);
  auto image = decode_image (bytes.data (), bytes.size ());
  EXPECT_TRUE (image.ok ()) << (image.ok () ? "" : image.error ().message);
  return image.ok () ? std::move (image).value () : RgbaImage {};
}

ImageInfo
probe_b64 (const std::string &b64)
{
  auto bytes = unbase64 (b64);
  auto info = probe_image (bytes.data (), bytes.size ());
  EXPECT_TRUE (info.ok ());
  return info.ok () ? *info : ImageInfo {};
}

std::vector<SseEvent>
parse_sse (std::string text)
{
  std::string normal;
  for (std::size_t i = 0; i < text.size (); ++i)
    if (!(text[i] == '\r' && i + 1 < text.size () && text[i + 1] == '\n'))
      normal += text[i];
  std::vector<SseEvent> events;
  std::size_t start = 0;
  while (start < normal.size ())
    {
      std::size_t end = normal.find ("\n\n", start);
      std::string block = normal.substr (start, end == std::string::npos ? std::string::npos
                                                                          : end - start);
      start = end == std::string::npos ? normal.size () : end + 2;
      SseEvent e;
      std::size_t line_start = 0;
      while (line_start < block.size ())
        {
          std::size_t line_end = block.find ('\n', line_start);
          std::string line = block.substr (line_start, line_end == std::string::npos
                                                           ? std::string::npos
                                                           : line_end - line_start);
          line_start = line_end == std::string::npos ? block.size () : line_end + 1;
          if (line.rfind ("event: ", 0) == 0)
            e.event = line.substr (7);
          else if (line.rfind ("data: ", 0) == 0)
            e.data += line.substr (6);
        }
      if (!e.event.empty () || !e.data.empty ())
        events.push_back (std::move (e));
    }
  return events;
}

std::vector<std::uint8_t>
encode_png (const RgbaImage &image)
{
  auto png = encode_image (image, ImageFormat::png);
  EXPECT_TRUE (png.ok ());
  return png.ok () ? std::move (png).value () : std::vector<std::uint8_t> {};
}

RgbaImage
solid (int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a)
{
  RgbaImage image;
  image.width = width;
  image.height = height;
  image.pixels.resize (static_cast<std::size_t> (width) * height * 4);
  for (std::size_t i = 0; i < image.pixels.size (); i += 4)
    {
      image.pixels[i] = r;
      image.pixels[i + 1] = g;
      image.pixels[i + 2] = b;
      image.pixels[i + 3] = a;
    }
  return image;
}

// A picture with some structure, so "unchanged" means something.
RgbaImage
checkerboard (int width, int height)
{
  RgbaImage image = solid (width, height, 0, 0, 0, 255);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      {
        auto *p = image.pixel (x, y);
        p[0] = static_cast<std::uint8_t> (((x / 32 + y / 32) % 2) ? 200 : 40);
        p[1] = static_cast<std::uint8_t> (x % 256);
        p[2] = static_cast<std::uint8_t> (y % 256);
      }
  return image;
}

// Alpha 0 on the left half (edit there), 255 on the right half (keep).
RgbaImage
left_half_mask (int width, int height)
{
  RgbaImage mask = solid (width, height, 0, 0, 0, 255);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width / 2; ++x)
      mask.pixel (x, y)[3] = 0;
  return mask;
}

void
expect_left_edited_right_kept (const RgbaImage &input, const RgbaImage &output)
{
  ASSERT_EQ (output.width, input.width);
  ASSERT_EQ (output.height, input.height);
  long long changed_left = 0, changed_right = 0;
  for (int y = 0; y < input.height; ++y)
    for (int x = 0; x < input.width; ++x)
      {
        bool same = std::memcmp (input.pixel (x, y), output.pixel (x, y), 4) == 0;
        if (x < input.width / 2)
          changed_left += same ? 0 : 1;
        else
          changed_right += same ? 0 : 1;
      }
  long long half = static_cast<long long> (input.width / 2) * input.height;
  EXPECT_EQ (changed_left, half) << "every pixel under mask alpha 0 must change";
  EXPECT_EQ (changed_right, 0) << "pixels under mask alpha > 0 must stay byte-identical";
}

void
add_file (SoupMultipart *form, const char *field, const char *filename, const char *type,
          const std::vector<std::uint8_t> &data)
{
  BytesPtr bytes (g_bytes_new (data.data (), data.size ()));
  soup_multipart_append_form_file (form, field, filename, type, bytes.get ());
}

SoupMultipartPtr
edit_form (const char *model, const char *prompt)
{
  SoupMultipartPtr form (soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART));
  soup_multipart_append_form_string (form.get (), "model", model);
  soup_multipart_append_form_string (form.get (), "prompt", prompt);
  return form;
}

std::string
data_url (const char *mime, const std::vector<std::uint8_t> &bytes)
{
  return std::string ("data:") + mime + ";base64,"
         + take_string (g_base64_encode (bytes.data (), bytes.size ()));
}

class TestServerTest : public ::testing::Test
{
protected:
  void SetUp () override
  {
    server = TestServer::start ({});
    ASSERT_TRUE (server);
    client = std::make_unique<Client> (server->base_url ());
  }

  // Asserts a 400-style error and returns the parsed body.
  JsonNodePtr expect_error (const HttpResult &r, int status, const std::string &param,
                            const std::string &code)
  {
    EXPECT_EQ (r.status, status) << r.body;
    JsonNodePtr root = parse (r.body);
    EXPECT_TRUE (root) << r.body;
    if (!root)
      return root;
    if (param.empty ())
      EXPECT_TRUE (is_null (root.get (), "error.param")) << r.body;
    else
      EXPECT_EQ (str (root.get (), "error.param"), param) << r.body;
    if (code.empty ())
      EXPECT_TRUE (is_null (root.get (), "error.code")) << r.body;
    else
      EXPECT_EQ (str (root.get (), "error.code"), code) << r.body;
    EXPECT_NE (str (root.get (), "error.message"), "<missing>");
    EXPECT_NE (str (root.get (), "error.type"), "<missing>");
    return root;
  }

  std::unique_ptr<TestServer> server;
  std::unique_ptr<Client> client;
};

} // namespace

TEST_F (TestServerTest, GenerationReturnsPngOfTheRequestedSize)
{
  auto r = client->post_json ("/images/generations",
                              R"({"model":"gpt-image-2","prompt":"a red fox","size":"1536x1024"})");
  ASSERT_EQ (r.status, 200) << r.body;
  EXPECT_EQ (r.header ("x-request-id").rfind ("req_", 0), 0u);
  EXPECT_EQ (r.header ("Content-Type"), "application/json");
  JsonNodePtr root = parse (r.body);
  ASSERT_TRUE (root);
  EXPECT_GT (num (root.get (), "created"), 1700000000);
  EXPECT_EQ (str (root.get (), "size"), "1536x1024");
  EXPECT_EQ (str (root.get (), "output_format"), "png");
  EXPECT_EQ (str (root.get (), "quality"), "high");
  EXPECT_EQ (str (root.get (), "background"), "opaque");
  EXPECT_EQ (str (root.get (), "data.0.revised_prompt"), "Revised: a red fox");
  EXPECT_GT (num (root.get (), "usage.output_tokens"), 0);
  EXPECT_EQ (num (root.get (), "usage.total_tokens"),
             num (root.get (), "usage.input_tokens") + num (root.get (), "usage.output_tokens"));
  ImageInfo info = probe_b64 (str (root.get (), "data.0.b64_json"));
  EXPECT_EQ (info.format, ImageFormat::png);
  EXPECT_EQ (info.width, 1536);
  EXPECT_EQ (info.height, 1024);
}

TEST_F (TestServerTest, AutoSizeJpegAndWebp)
{
  auto jpeg = client->post_json ("/images/generations",
                                 R"({"model":"gpt-image-2","prompt":"p","output_format":"jpeg",)"
                                 R"("output_compression":60})");
  ASSERT_EQ (jpeg.status, 200) << jpeg.body;
  JsonNodePtr root = parse (jpeg.body);
  ImageInfo info = probe_b64 (str (root.get (), "data.0.b64_json"));
  EXPECT_EQ (info.format, ImageFormat::jpeg);
  EXPECT_EQ (info.width, 1024);
  EXPECT_EQ (info.height, 1024);
  EXPECT_EQ (str (root.get (), "size"), "1024x1024");

  auto webp = client->post_json ("/images/generations",
                                 R"({"model":"gpt-image-2","prompt":"p","output_format":"webp",)"
                                 R"("size":"1024x640"})");
  ASSERT_EQ (webp.status, 200) << webp.body;
  root = parse (webp.body);
  info = probe_b64 (str (root.get (), "data.0.b64_json"));
  EXPECT_EQ (info.format, ImageFormat::webp);
  EXPECT_EQ (info.width, 1024);
  EXPECT_EQ (info.height, 640);
}

TEST_F (TestServerTest, PixelsFollowThePrompt)
{
  auto get = [&] (const char *prompt) {
    auto r = client->post_json ("/images/generations",
                                std::string (R"({"model":"gpt-image-2","size":"1024x640","prompt":")")
                                    + prompt + "\"}");
    EXPECT_EQ (r.status, 200);
    return decode_b64 (str (parse (r.body).get (), "data.0.b64_json"));
  };
  RgbaImage fox = get ("a red fox");
  RgbaImage fox_again = get ("a red fox");
  RgbaImage owl = get ("a snowy owl");
  EXPECT_EQ (fox.pixels, fox_again.pixels);
  ASSERT_EQ (fox.pixels.size (), owl.pixels.size ());
  long long differing = 0;
  for (std::size_t i = 0; i < fox.pixels.size (); i += 4)
    differing += std::memcmp (&fox.pixels[i], &owl.pixels[i], 3) != 0;
  EXPECT_GT (differing, static_cast<long long> (fox.pixels.size () / 4 / 2));
}

TEST_F (TestServerTest, SeveralImagesDiffer)
{
  auto r = client->post_json ("/images/generations",
                              R"({"model":"gpt-image-2","prompt":"p","n":3,"size":"1024x640"})");
  ASSERT_EQ (r.status, 200);
  JsonNodePtr root = parse (r.body);
  std::string a = str (root.get (), "data.0.b64_json"), b = str (root.get (), "data.1.b64_json"),
              c = str (root.get (), "data.2.b64_json");
  EXPECT_NE (c, "<missing>");
  EXPECT_NE (a, b);
  EXPECT_NE (b, c);
}

TEST_F (TestServerTest, TransparentBackgroundHasAlpha)
{
  auto r = client->post_json ("/images/generations",
                              R"({"model":"gpt-image-2.5-flare","prompt":"logo",)"
                              R"("background":"transparent","output_format":"png",)"
                              R"("quality":"xhigh"})");
  ASSERT_EQ (r.status, 200) << r.body;
  JsonNodePtr root = parse (r.body);
  EXPECT_EQ (str (root.get (), "background"), "transparent");
  RgbaImage image = decode_b64 (str (root.get (), "data.0.b64_json"));
  ASSERT_EQ (image.width, 1024);
  EXPECT_EQ (image.pixel (0, 0)[3], 0);
  EXPECT_EQ (image.pixel (512, 512)[3], 255);
}

TEST_F (TestServerTest, GenerationStreamsPartialsThenCompleted)
{
  auto r = client->post_json ("/images/generations",
                              R"({"model":"gpt-image-2","prompt":"p","stream":true,)"
                              R"("partial_images":2,"size":"1024x640"})");
  ASSERT_EQ (r.status, 200);
  EXPECT_TRUE (r.error.empty ()) << r.error;
  EXPECT_STREQ (soup_message_headers_get_content_type (
                    soup_message_get_response_headers (r.msg.get ()), nullptr),
                "text/event-stream");
  EXPECT_EQ (soup_message_headers_get_encoding (soup_message_get_response_headers (r.msg.get ())),
             SOUP_ENCODING_CHUNKED);
  EXPECT_NE (r.body.find ("\r\n"), std::string::npos) << "some events use CRLF";
  auto events = parse_sse (r.body);
  ASSERT_EQ (events.size (), 4u);
  for (int k = 0; k < 2; ++k)
    {
      EXPECT_EQ (events[k].event, "image_generation.partial_image");
      JsonNodePtr e = parse (events[k].data);
      ASSERT_TRUE (e) << events[k].data.substr (0, 200);
      EXPECT_EQ (str (e.get (), "type"), "image_generation.partial_image");
      EXPECT_EQ (num (e.get (), "partial_image_index"), k);
      EXPECT_EQ (str (e.get (), "size"), "1024x640");
      EXPECT_GT (num (e.get (), "created_at"), 0);
      EXPECT_EQ (probe_b64 (str (e.get (), "b64_json")).width, 1024);
    }
  EXPECT_EQ (events[2].event, "image_generation.completed");
  JsonNodePtr done = parse (events[2].data);
  EXPECT_GT (num (done.get (), "usage.output_tokens"), 0);
  EXPECT_EQ (probe_b64 (str (done.get (), "b64_json")).height, 640);
  EXPECT_EQ (events[3].data, "[DONE]");
}

TEST_F (TestServerTest, LargeImageInOneBody)
{
  auto r = client->post_json ("/images/generations",
                              R"({"model":"gpt-image-2","prompt":"p","size":"3840x2160"})");
  ASSERT_EQ (r.status, 200);
  EXPECT_GT (r.body.size (), 20u * 1024 * 1024);
  RgbaImage image = decode_b64 (str (parse (r.body).get (), "data.0.b64_json"));
  EXPECT_EQ (image.width, 3840);
  EXPECT_EQ (image.height, 2160);
}

TEST_F (TestServerTest, StrictGenerationChecks)
{
  struct Case
  {
    const char *body;
    const char *param; // "" = null
    const char *code;  // "" = null
    const char *message; // a substring, or ""
  };
  const Case cases[] = {
    { R"({"model":"gpt-image-2","prompt":"p","colour":"red"})", "colour", "unknown_parameter",
      "Unknown parameter: 'colour'." },
    { R"({"model":"gpt-image-2"})", "prompt", "missing_required_parameter", "" },
    { R"({"prompt":"p"})", "model", "missing_required_parameter", "" },
    { R"({"model":"gpt-image-2","prompt":""})", "prompt", "string_below_min_length", "" },
    { R"({"model":"gpt-image-2","prompt":"p","n":"2"})", "n", "invalid_type", "" },
    { R"({"model":"gpt-image-2","prompt":"p","n":11})", "n", "integer_above_max_value", "" },
    { R"({"model":"gpt-image-2","prompt":"p","n":0})", "n", "integer_below_min_value", "" },
    { R"({"model":"gpt-image-2","prompt":"p","stream":"true"})", "stream", "invalid_type", "" },
    { R"({"model":"gpt-image-2","prompt":"p","size":"1000x1000"})", "size", "invalid_value",
      "divisible by 16" },
    { R"({"model":"gpt-image-2","prompt":"p","size":"4096x2048"})", "size", "invalid_value",
      "3840" },
    { R"({"model":"gpt-image-2","prompt":"p","size":"3840x1152"})", "size", "invalid_value",
      "aspect ratio" },
    { R"({"model":"gpt-image-2","prompt":"p","size":"800x800"})", "size", "invalid_value",
      "655360" },
    { R"({"model":"gpt-image-2","prompt":"p","size":"1024X1024"})", "size", "invalid_value", "" },
    { R"({"model":"gpt-image-1.5","prompt":"p","size":"2048x2048"})", "size", "invalid_value",
      "'1024x1024', '1536x1024', '1024x1536', and 'auto'" },
    { R"({"model":"gpt-image-2","prompt":"p","quality":"xhigh"})", "quality", "invalid_value", "" },
    { R"({"model":"gpt-image-2","prompt":"p","quality":"hd"})", "quality", "invalid_value", "" },
    { R"({"model":"gpt-image-2","prompt":"p","output_format":"gif"})", "output_format",
      "invalid_value", "" },
    { R"({"model":"gpt-image-2","prompt":"p","moderation":"high"})", "moderation",
      "invalid_value", "" },
    { R"({"model":"gpt-image-2","prompt":"p","partial_images":4,"stream":true})",
      "partial_images", "integer_above_max_value", "" },
    { R"({"model":"gpt-image-2","prompt":"p","background":"transparent"})", "background",
      "invalid_value", "Transparent background is not supported for this model." },
    { R"({"model":"gpt-image-2.5-flare","prompt":"p","background":"transparent",)"
      R"("output_format":"jpeg"})",
      "background", "invalid_value", "" },
    { R"({"model":"gpt-image-2","prompt":"p","output_compression":50})", "output_compression",
      "invalid_value", "" },
    { R"({"model":"gpt-image-2","prompt":"p","output_format":"jpeg","output_compression":101})",
      "output_compression", "integer_above_max_value", "" },
    { R"({"model":"gpt-image-2","prompt":"p","response_format":"b64_json"})", "response_format",
      "unknown_parameter", "" },
    { R"({"model":"gpt-image-2","prompt":"p","input_fidelity":"high"})", "input_fidelity",
      "unknown_parameter", "" },
    { R"({"model":"gpt-image-2","prompt":"p","complexity":"low"})", "complexity",
      "unknown_parameter", "" },
    { R"({"model":"gpt-image-2","prompt":"p","stream":true,"n":2})", "", "",
      "Streaming is only supported with n=1." },
  };
  for (const Case &c : cases)
    {
      SCOPED_TRACE (c.body);
      auto r = client->post_json ("/images/generations", c.body);
      JsonNodePtr root = expect_error (r, 400, c.param, c.code);
      if (root && *c.message)
        {
          EXPECT_NE (str (root.get (), "error.message").find (c.message), std::string::npos)
              << r.body;
        }
    }
  std::string long_prompt (32001, 'a');
  auto r = client->post_json ("/images/generations",
                              R"({"model":"gpt-image-2","prompt":")" + long_prompt + "\"}");
  expect_error (r, 400, "prompt", "string_above_max_length");
  r = client->post_json ("/images/generations", "{not json");
  expect_error (r, 400, "", "");
  r = client->post_json ("/images/generations", R"({"model":"gpt-image-1","prompt":"p"})");
  expect_error (r, 404, "", "model_not_found");
}

TEST_F (TestServerTest, AcceptsWhatTheRulesAllow)
{
  const char *bodies[] = {
    R"({"model":"gpt-image-2","prompt":"p","size":"1440x480","quality":"low","moderation":"low"})",
    R"({"model":"gpt-image-2-2026-04-21","prompt":"p","size":"1024x640","user":"u1"})",
    R"({"model":"gpt-image-1.5","prompt":"p","size":"1024x1536","background":"transparent"})",
    R"({"model":"gpt-image-2.6-flare","prompt":"p","complexity":"low","quality":"max"})",
    R"({"model":"my-local-model","prompt":"p","size":"64x48","response_format":"b64_json"})",
    R"({"model":"gpt-image-2","prompt":"p","size":null,"n":null})",
  };
  for (const char *body : bodies)
    {
      SCOPED_TRACE (body);
      auto r = client->post_json ("/images/generations", body);
      EXPECT_EQ (r.status, 200) << r.body;
    }
  auto r = client->post_json ("/images/generations",
                              R"({"model":"my-local-model","prompt":"p","size":"64x48"})");
  EXPECT_EQ (probe_b64 (str (parse (r.body).get (), "data.0.b64_json")).height, 48);
}

TEST_F (TestServerTest, EditChangesOnlyWhereTheMaskIsTransparent)
{
  RgbaImage input = checkerboard (1024, 1024);
  SoupMultipartPtr form = edit_form ("gpt-image-2", "add a hat");
  add_file (form.get (), "image[]", "photo.png", "image/png", encode_png (input));
  add_file (form.get (), "mask", "mask.png", "image/png", encode_png (left_half_mask (1024, 1024)));
  auto r = client->post_form ("/images/edits", form.get ());
  ASSERT_EQ (r.status, 200) << r.body;
  RgbaImage output = decode_b64 (str (parse (r.body).get (), "data.0.b64_json"));
  expect_left_edited_right_kept (input, output);
}

TEST_F (TestServerTest, EditWithoutMaskChangesEverything)
{
  RgbaImage input = checkerboard (1024, 640);
  SoupMultipartPtr form = edit_form ("gpt-image-2", "make it night");
  soup_multipart_append_form_string (form.get (), "size", "1024x640");
  add_file (form.get (), "image", "photo.png", "image/png", encode_png (input));
  auto r = client->post_form ("/images/edits", form.get ());
  ASSERT_EQ (r.status, 200) << r.body;
  RgbaImage output = decode_b64 (str (parse (r.body).get (), "data.0.b64_json"));
  ASSERT_EQ (output.pixels.size (), input.pixels.size ());
  for (std::size_t i = 0; i < input.pixels.size (); i += 4)
    ASSERT_NE (std::memcmp (&input.pixels[i], &output.pixels[i], 4), 0) << "pixel " << i / 4;
}

TEST_F (TestServerTest, EditFieldStylesAndRecordedParts)
{
  auto png = encode_png (checkerboard (64, 64));
  auto jpeg = encode_image (checkerboard (64, 64), ImageFormat::jpeg, 90);
  ASSERT_TRUE (jpeg.ok ());
  const char *styles[][2] = { { "image", "image" }, { "image[]", "image[]" },
                              { "image[0]", "image[1]" } };
  for (auto &style : styles)
    {
      SCOPED_TRACE (style[0]);
      server->clear ();
      SoupMultipartPtr form = edit_form ("gpt-image-1.5", "p");
      soup_multipart_append_form_string (form.get (), "input_fidelity", "high");
      soup_multipart_append_form_string (form.get (), "n", "2");
      add_file (form.get (), style[0], "a.png", "image/png", png);
      add_file (form.get (), style[1], "b.jpg", "image/jpeg", *jpeg);
      auto r = client->post_form ("/images/edits", form.get ());
      ASSERT_EQ (r.status, 200) << r.body;
      EXPECT_NE (str (parse (r.body).get (), "data.1.b64_json"), "<missing>");
      auto requests = server->requests ();
      ASSERT_EQ (requests.size (), 1u);
      const auto &parts = requests[0].parts;
      ASSERT_EQ (parts.size (), 6u);
      EXPECT_EQ (parts[0].name, "model");
      EXPECT_EQ (parts[0].data, "gpt-image-1.5");
      EXPECT_EQ (parts[4].name, style[0]);
      EXPECT_EQ (parts[4].filename, "a.png");
      EXPECT_EQ (parts[4].content_type, "image/png");
      EXPECT_EQ (parts[4].data.size (), png.size ());
      EXPECT_EQ (parts[5].name, style[1]);
      EXPECT_EQ (parts[5].content_type, "image/jpeg");
      EXPECT_TRUE (requests[0].body.empty ());
    }
}

TEST_F (TestServerTest, StrictEditChecks)
{
  auto png = encode_png (checkerboard (64, 64));
  auto small_mask = encode_png (left_half_mask (32, 64));
  auto jpeg = encode_image (checkerboard (64, 64), ImageFormat::jpeg, 90);
  ASSERT_TRUE (jpeg.ok ());

  SoupMultipartPtr form = edit_form ("gpt-image-2", "p");
  add_file (form.get (), "image[]", "a.png", "image/png", png);
  soup_multipart_append_form_string (form.get (), "moderation", "low");
  expect_error (client->post_form ("/images/edits", form.get ()), 400, "moderation",
                "unknown_parameter");

  form = edit_form ("gpt-image-2", "p");
  add_file (form.get (), "image[]", "a.png", "image/png", png);
  add_file (form.get (), "mask", "m.png", "image/png", small_mask);
  expect_error (client->post_form ("/images/edits", form.get ()), 400, "mask", "invalid_value");

  form = edit_form ("gpt-image-2", "p");
  add_file (form.get (), "image[]", "a.png", "image/png", png);
  add_file (form.get (), "mask", "m.jpg", "image/jpeg", *jpeg);
  expect_error (client->post_form ("/images/edits", form.get ()), 400, "mask", "invalid_value");

  form = edit_form ("gpt-image-2", "p");
  add_file (form.get (), "image[]", "a.png", "application/octet-stream", png);
  expect_error (client->post_form ("/images/edits", form.get ()), 400, "image[]",
                "unsupported_file_mimetype");

  form = edit_form ("gpt-image-2", "p");
  add_file (form.get (), "image[]", "a.png", "image/jpeg", png);
  expect_error (client->post_form ("/images/edits", form.get ()), 400, "image[]",
                "invalid_image_format");

  form = edit_form ("gpt-image-2", "p");
  add_file (form.get (), "image[]", "a.png", "image/png", png);
  soup_multipart_append_form_string (form.get (), "input_fidelity", "high");
  auto root = expect_error (client->post_form ("/images/edits", form.get ()), 400,
                            "input_fidelity", "invalid_input_fidelity_model");
  EXPECT_EQ (str (root.get (), "error.message"),
             "The model 'gpt-image-2' does not support the 'input_fidelity' parameter.");
  EXPECT_EQ (str (root.get (), "error.type"), "image_generation_user_error");

  form = edit_form ("gpt-image-2", "p");
  add_file (form.get (), "image[]", "a.png", "image/png", png);
  soup_multipart_append_form_string (form.get (), "n", "two");
  expect_error (client->post_form ("/images/edits", form.get ()), 400, "n", "invalid_type");

  form = edit_form ("gpt-image-2", "p");
  add_file (form.get (), "image[]", "a.png", "image/png", png);
  soup_multipart_append_form_string (form.get (), "stream", "true");
  soup_multipart_append_form_string (form.get (), "n", "2");
  expect_error (client->post_form ("/images/edits", form.get ()), 400, "", "");

  form = edit_form ("gpt-image-2", "p");
  add_file (form.get (), "image[1]", "a.png", "image/png", png);
  expect_error (client->post_form ("/images/edits", form.get ()), 400, "image[1]",
                "invalid_value");

  form = edit_form ("gpt-image-2", "p");
  add_file (form.get (), "image", "a.png", "image/png", png);
  add_file (form.get (), "image[]", "b.png", "image/png", png);
  expect_error (client->post_form ("/images/edits", form.get ()), 400, "image[]",
                "invalid_value");

  form = edit_form ("gpt-image-2", "p");
  expect_error (client->post_form ("/images/edits", form.get ()), 400, "image",
                "missing_required_parameter");

  form = edit_form ("gpt-image-2", "p");
  for (int i = 0; i < 17; ++i)
    add_file (form.get (), "image[]", "a.png", "image/png", png);
  expect_error (client->post_form ("/images/edits", form.get ()), 400, "image",
                "array_above_max_length");

  expect_error (client->post_json ("/images/edits", R"({"model":"gpt-image-2","prompt":"p"})"),
                400, "", "unsupported_content_type");
}

TEST_F (TestServerTest, EditStreamUsesImageEditEvents)
{
  SoupMultipartPtr form = edit_form ("gpt-image-2", "p");
  add_file (form.get (), "image[]", "a.png", "image/png", encode_png (checkerboard (64, 64)));
  soup_multipart_append_form_string (form.get (), "stream", "true");
  soup_multipart_append_form_string (form.get (), "partial_images", "1");
  soup_multipart_append_form_string (form.get (), "size", "1024x640");
  auto r = client->post_form ("/images/edits", form.get ());
  ASSERT_EQ (r.status, 200) << r.body;
  auto events = parse_sse (r.body);
  ASSERT_EQ (events.size (), 3u);
  EXPECT_EQ (events[0].event, "image_edit.partial_image");
  EXPECT_EQ (events[1].event, "image_edit.completed");
  EXPECT_EQ (str (parse (events[1].data).get (), "type"), "image_edit.completed");
  EXPECT_EQ (probe_b64 (str (parse (events[1].data).get (), "b64_json")).width, 1024);
}

TEST_F (TestServerTest, ResponseCarriesImageGenerationCall)
{
  auto r = client->post_json ("/responses",
                              R"({"model":"gpt-5.4","input":[{"role":"user","content":[)"
                              R"({"type":"input_text","text":"a lighthouse"}]}],)"
                              R"("tools":[{"type":"image_generation","model":"gpt-image-2",)"
                              R"("size":"1024x640","output_format":"webp","quality":"low"}],)"
                              R"("tool_choice":{"type":"image_generation"},)"
                              R"("metadata":{"job":"t1"},"stream":false})");
  ASSERT_EQ (r.status, 200) << r.body;
  JsonNodePtr root = parse (r.body);
  EXPECT_EQ (str (root.get (), "id").rfind ("resp_", 0), 0u);
  EXPECT_EQ (str (root.get (), "object"), "response");
  EXPECT_EQ (str (root.get (), "status"), "completed");
  EXPECT_EQ (str (root.get (), "model"), "gpt-5.4");
  EXPECT_EQ (str (root.get (), "metadata.job"), "t1");
  EXPECT_TRUE (is_null (root.get (), "previous_response_id"));
  EXPECT_EQ (str (root.get (), "output.0.type"), "image_generation_call");
  EXPECT_EQ (str (root.get (), "output.0.id").rfind ("ig_", 0), 0u);
  EXPECT_EQ (str (root.get (), "output.0.status"), "completed");
  EXPECT_EQ (str (root.get (), "output.0.revised_prompt"), "Revised: a lighthouse");
  EXPECT_GT (num (root.get (), "usage.total_tokens"), 0);
  ImageInfo info = probe_b64 (str (root.get (), "output.0.result"));
  EXPECT_EQ (info.format, ImageFormat::webp);
  EXPECT_EQ (info.width, 1024);
  EXPECT_EQ (info.height, 640);
}

TEST_F (TestServerTest, ResponseStreamEventsInOrder)
{
  auto r = client->post_json ("/responses",
                              R"({"model":"gpt-5.4","input":"a lighthouse","stream":true,)"
                              R"("tools":[{"type":"image_generation","partial_images":2,)"
                              R"("size":"1024x640"}]})");
  ASSERT_EQ (r.status, 200) << r.body;
  EXPECT_EQ (r.header ("Content-Type"), "text/event-stream; charset=utf-8");
  auto events = parse_sse (r.body);
  std::vector<std::string> names;
  for (const auto &e : events)
    names.push_back (e.event);
  std::vector<std::string> expected = {
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "response.image_generation_call.in_progress",
    "response.image_generation_call.generating",
    "response.image_generation_call.partial_image",
    "response.image_generation_call.partial_image",
    "response.image_generation_call.completed",
    "response.output_item.done",
    "response.completed",
  };
  ASSERT_EQ (names, expected);
  for (std::size_t i = 0; i < events.size (); ++i)
    {
      JsonNodePtr e = parse (events[i].data);
      ASSERT_TRUE (e);
      EXPECT_EQ (num (e.get (), "sequence_number"), static_cast<gint64> (i));
      EXPECT_EQ (str (e.get (), "type"), events[i].event);
    }
  JsonNodePtr partial = parse (events[6].data);
  EXPECT_EQ (num (partial.get (), "partial_image_index"), 1);
  EXPECT_EQ (probe_b64 (str (partial.get (), "partial_image_b64")).height, 640);
  JsonNodePtr done = parse (events[8].data);
  JsonNodePtr completed = parse (events[9].data);
  EXPECT_EQ (str (done.get (), "item.id"), str (partial.get (), "item_id"));
  EXPECT_EQ (str (done.get (), "item.result"), str (completed.get (), "response.output.0.result"));
  EXPECT_EQ (str (completed.get (), "response.status"), "completed");
  EXPECT_EQ (probe_b64 (str (done.get (), "item.result")).width, 1024);
}

TEST_F (TestServerTest, PreviousResponseChainEditsThePreviousImage)
{
  auto first = client->post_json ("/responses",
                                  R"({"model":"gpt-5.4","input":"a lighthouse",)"
                                  R"("tools":[{"type":"image_generation","action":"generate"}]})");
  ASSERT_EQ (first.status, 200) << first.body;
  JsonNodePtr root = parse (first.body);
  std::string id = str (root.get (), "id");
  RgbaImage original = decode_b64 (str (root.get (), "output.0.result"));

  std::string mask = data_url ("image/png", encode_png (left_half_mask (1024, 1024)));
  auto second = client->post_json ("/responses",
                                   R"({"model":"gpt-5.4","input":"now at night",)"
                                   R"("previous_response_id":")" + id + R"(",)"
                                   R"("tools":[{"type":"image_generation","action":"edit",)"
                                   R"("input_image_mask":{"image_url":")" + mask + R"("}}]})");
  ASSERT_EQ (second.status, 200) << second.body.substr (0, 300);
  root = parse (second.body);
  EXPECT_EQ (str (root.get (), "previous_response_id"), id);
  RgbaImage edited = decode_b64 (str (root.get (), "output.0.result"));
  expect_left_edited_right_kept (original, edited);

  // An image_generation_call item refers to the first image as well.
  auto third = client->post_json ("/responses",
                                  R"({"model":"gpt-5.4","input":[{"role":"user","content":)"
                                  R"("again"},{"type":"image_generation_call","id":")"
                                      + str (parse (first.body).get (), "output.0.id")
                                      + R"("}],"tools":[{"type":"image_generation"}]})");
  EXPECT_EQ (third.status, 200) << third.body.substr (0, 300);

  auto missing = client->post_json ("/responses",
                                    R"({"model":"gpt-5.4","input":"x","previous_response_id":)"
                                    R"("resp_nope","tools":[{"type":"image_generation"}]})");
  expect_error (missing, 400, "previous_response_id", "previous_response_not_found");
}

TEST_F (TestServerTest, ResponseEditsAnInputImageThroughItsMask)
{
  RgbaImage input = checkerboard (1024, 1024);
  std::string image = data_url ("image/png", encode_png (input));
  std::string mask = data_url ("image/png", encode_png (left_half_mask (1024, 1024)));
  auto r = client->post_json ("/responses",
                              R"({"model":"gpt-5.4","input":[{"role":"user","content":[)"
                              R"({"type":"input_text","text":"add a moon"},)"
                              R"({"type":"input_image","image_url":")" + image
                                  + R"(","detail":"auto"}]}],)"
                                    R"("tools":[{"type":"image_generation",)"
                                    R"("input_image_mask":{"image_url":")"
                                  + mask + R"("}}]})");
  ASSERT_EQ (r.status, 200) << r.body.substr (0, 300);
  expect_left_edited_right_kept (input, decode_b64 (str (parse (r.body).get (), "output.0.result")));
}

TEST_F (TestServerTest, StrictResponsesChecks)
{
  auto jpeg = encode_image (checkerboard (64, 64), ImageFormat::jpeg, 90);
  ASSERT_TRUE (jpeg.ok ());
  std::string mislabelled = data_url ("image/png", *jpeg);
  struct Case
  {
    std::string body;
    const char *param;
    const char *code;
  };
  const std::string tool = R"("tools":[{"type":"image_generation"}])";
  const Case cases[] = {
    { R"({"model":"gpt-image-2","input":"x",)" + tool + "}", "model", "unsupported_model" },
    { R"({"model":"gpt-5.4","input":"x","tools":[{"type":"image_generation",)"
      R"("input_fidelity":"high"}]})",
      "tools", "invalid_input_fidelity_model" },
    { R"({"model":"gpt-5.4","input":"x","tools":[{"type":"image_generation",)"
      R"("input_fidelity":null}]})",
      "tools", "invalid_input_fidelity_model" },
    { R"({"model":"gpt-5.4","input":"x","tools":[{"type":"image_generation","model":)"
      R"("gpt-image-2","background":"transparent"}]})",
      "tools", "invalid_value" },
    { R"({"model":"gpt-5.4","input":"x","tools":[{"type":"image_generation","n":2}]})",
      "tools[0].n", "unknown_parameter" },
    { R"({"model":"gpt-5.4","input":"x","tools":[{"type":"image_generation",)"
      R"("size":"1000x1000"}]})",
      "tools[0].size", "invalid_value" },
    { R"({"model":"gpt-5.4","input":"x","tools":[{"type":"image_generation",)"
      R"("partial_images":5}]})",
      "tools[0].partial_images", "integer_above_max_value" },
    { R"({"model":"gpt-5.4","input":"x","tools":[{"type":"image_generation",)"
      R"("action":"paint"}]})",
      "tools[0].action", "invalid_value" },
    { R"({"model":"gpt-5.4","input":"x","tools":[{"type":"image_generation",)"
      R"("input_image_mask":{"image_url":"data:image/png;base64,AAAA","file_id":"file-1"}}]})",
      "tools[0].input_image_mask", "invalid_value" },
    { R"({"model":"gpt-5.4","input":"x","tools":[{"type":"web_search"}]})", "tools[0].type",
      "invalid_value" },
    { R"({"model":"gpt-5.4","input":"x"})", "tools", "missing_required_parameter" },
    { R"({"model":"gpt-5.4","input":"x","tool_choice":"image_generation",)" + tool + "}",
      "tool_choice", "invalid_value" },
    { R"({"model":"gpt-5.4","input":"x","tool_choice":{"type":"function"},)" + tool + "}",
      "tool_choice.type", "invalid_value" },
    { R"({"model":"gpt-5.4","input":"x","metadata":{"k":1},)" + tool + "}", "metadata.k",
      "invalid_type" },
    { R"({"model":"gpt-5.4","input":"x","metadata":"k=v",)" + tool + "}", "metadata",
      "invalid_type" },
    { R"({"model":"gpt-5.4","input":"x","stream":"yes",)" + tool + "}", "stream",
      "invalid_type" },
    { R"({"model":"gpt-5.4","input":"x","frobnicate":true,)" + tool + "}", "frobnicate",
      "unknown_parameter" },
    { R"({"model":"gpt-5.4",)" + tool + "}", "input", "missing_required_parameter" },
    { R"({"model":"gpt-5.4","input":[{"role":"user","content":[{"type":"input_image",)"
      R"("image_url":")" + mislabelled + R"("}]}],)" + tool + "}",
      "input[0].content[0].image_url", "invalid_image_format" },
    { R"({"model":"gpt-5.4","input":[{"role":"user","content":[{"type":"input_image",)"
      R"("image_url":"data:image/png;base64,@@@@"}]}],)" + tool + "}",
      "input[0].content[0].image_url", "invalid_base64_image" },
    { R"({"model":"gpt-5.4","input":[{"role":"user","content":[{"type":"input_image",)"
      R"("image_url":"file:///tmp/a.png"}]}],)" + tool + "}",
      "input[0].content[0].image_url", "invalid_image_url" },
    { R"({"model":"gpt-5.4","input":[{"role":"user","content":[{"type":"input_image",)"
      R"("image_url":"https://example.com/a.png","detail":"ultra"}]}],)" + tool + "}",
      "input[0].content[0].detail", "invalid_value" },
    { R"({"model":"gpt-5.4","input":[{"role":"user","content":[{"type":"input_text"}]}],)"
          + tool + "}",
      "input[0].content[0].text", "missing_required_parameter" },
    { R"({"model":"gpt-5.4","input":"x","tools":[{"type":"image_generation",)"
      R"("action":"edit"}]})",
      "tools", "invalid_value" },
  };
  for (const Case &c : cases)
    {
      SCOPED_TRACE (c.body.substr (0, 200));
      expect_error (client->post_json ("/responses", c.body), 400, c.param, c.code);
    }
}

TEST_F (TestServerTest, ResponseAcceptsUrlsFileIdsAndToolChoiceNone)
{
  auto r = client->post_json ("/responses",
                              R"({"model":"gpt-5.4","input":[{"role":"user","content":[)"
                              R"({"type":"input_text","text":"x"},)"
                              R"({"type":"input_image","image_url":"https://example.com/a.png"},)"
                              R"({"type":"input_image","file_id":"file-abc"}]}],)"
                              R"("tools":[{"type":"image_generation","model":"gpt-image-1.5",)"
                              R"("input_fidelity":"high","size":"1024x1536"}],)"
                              R"("tool_choice":"required","user":"u"})");
  ASSERT_EQ (r.status, 200) << r.body.substr (0, 300);
  EXPECT_EQ (probe_b64 (str (parse (r.body).get (), "output.0.result")).height, 1536);

  r = client->post_json ("/responses", R"({"model":"gpt-5.4","input":"x","tool_choice":"none",)"
                                       R"("tools":[{"type":"image_generation"}]})");
  ASSERT_EQ (r.status, 200) << r.body;
  JsonNodePtr root = parse (r.body);
  EXPECT_EQ (str (root.get (), "output.0.type"), "message");
  EXPECT_EQ (str (root.get (), "output.0.content.0.type"), "output_text");
}

TEST_F (TestServerTest, Authentication)
{
  auto none = client->post_json ("/images/generations", R"({"model":"gpt-image-2","prompt":"p"})",
                                 nullptr);
  expect_error (none, 401, "", "");
  EXPECT_EQ (none.header ("x-request-id").rfind ("req_", 0), 0u);

  auto keyed = TestServer::start ({ .api_key = "fake-key-right-key" });
  ASSERT_TRUE (keyed);
  Client keyed_client (keyed->base_url ());
  auto wrong = keyed_client.post_json ("/images/generations",
                                       R"({"model":"test-model","prompt":"p","size":"16x16"})",
                                       "fake-key-wrong-key");
  expect_error (wrong, 401, "", "invalid_api_key");
  EXPECT_EQ (wrong.body.find ("fake-key-wrong-key"), std::string::npos);
  EXPECT_EQ (wrong.body.find ("fake-key-right-key"), std::string::npos);
  auto right = keyed_client.post_json ("/images/generations",
                                       R"({"model":"test-model","prompt":"p","size":"16x16"})",
                                       "fake-key-right-key");
  EXPECT_EQ (right.status, 200);
  auto records = keyed->requests ();
  ASSERT_EQ (records.size (), 2u);
  EXPECT_EQ (records[1].headers.at ("authorization"), "Bearer [redacted]");
}

TEST_F (TestServerTest, UnknownRoutesAndMethods)
{
  std::string root = server->base_url ();
  expect_error (client->request ("POST", root + "/images/variations"), 404, "", "");
  expect_error (client->request ("GET", root + "/images/generations"), 405, "", "");
  expect_error (client->request ("GET", root.substr (0, root.size () - 3) + "/health"), 404, "",
                "");
}

TEST_F (TestServerTest, ImmediateFaults)
{
  const std::string body = R"({"model":"test-model","prompt":"p","size":"16x16"})";
  server->push_fault ({ FaultKind::rate_limit, 0.5 });
  server->push_fault ({ FaultKind::server_error });
  server->push_fault ({ FaultKind::unavailable });
  server->push_fault ({ FaultKind::moderation_blocked });
  server->push_fault ({ FaultKind::insufficient_quota });
  EXPECT_EQ (server->pending_faults (), 5u);

  auto r = client->post_json ("/images/generations", body);
  expect_error (r, 429, "", "rate_limit_exceeded");
  EXPECT_EQ (r.header ("retry-after"), "1");
  EXPECT_EQ (r.header ("retry-after-ms"), "500");

  expect_error (client->post_json ("/images/generations", body), 500, "", "");
  expect_error (client->post_json ("/images/generations", body), 503, "", "");

  r = client->post_json ("/responses", R"({"model":"gpt-5.4","input":"x",)"
                                       R"("tools":[{"type":"image_generation"}]})");
  JsonNodePtr root = expect_error (r, 400, "", "moderation_blocked");
  EXPECT_EQ (str (root.get (), "error.type"), "image_generation_user_error");
  EXPECT_EQ (str (root.get (), "error.moderation_details.categories.0"), "violence");
  EXPECT_EQ (str (root.get (), "error.moderation_details.moderation_stage"), "input");

  r = client->post_json ("/images/generations", body);
  expect_error (r, 429, "", "insufficient_quota");
  EXPECT_EQ (r.header ("retry-after"), "");

  EXPECT_EQ (client->post_json ("/images/generations", body).status, 200);
  auto records = server->requests ();
  ASSERT_EQ (records.size (), 6u);
  EXPECT_EQ (records[0].fault, FaultKind::rate_limit);
  EXPECT_EQ (records[0].status, 429);
  EXPECT_FALSE (records[5].fault.has_value ());
}

TEST_F (TestServerTest, FaultsSkipRequestsThatFailAuthentication)
{
  server->push_fault ({ FaultKind::server_error });
  auto r = client->post_json ("/images/generations", R"({"model":"test-model","prompt":"p"})",
                              nullptr);
  EXPECT_EQ (r.status, 401);
  EXPECT_EQ (server->pending_faults (), 1u);
}

TEST_F (TestServerTest, SlowFaultDelaysTheAnswer)
{
  const std::string body = R"({"model":"test-model","prompt":"p","size":"16x16"})";
  server->push_fault ({ FaultKind::slow, 1, 0.4 });
  auto start = std::chrono::steady_clock::now ();
  auto r = client->post_json ("/images/generations", body);
  auto elapsed = std::chrono::steady_clock::now () - start;
  EXPECT_EQ (r.status, 200) << r.body;
  EXPECT_GE (elapsed, std::chrono::milliseconds (380));

  server->push_fault ({ FaultKind::slow, 1, 2.0 });
  Client impatient (server->base_url (), 1);
  r = impatient.post_json ("/images/generations", body);
  EXPECT_EQ (r.status, 0);
  EXPECT_FALSE (r.error.empty ());
}

TEST_F (TestServerTest, DropMidStreamAfterTheFirstPartialImage)
{
  server->push_fault ({ FaultKind::drop_mid_stream });
  auto r = client->post_json ("/images/generations",
                              R"({"model":"gpt-image-2","prompt":"p","stream":true,)"
                              R"("partial_images":2,"size":"1024x640"})");
  EXPECT_EQ (r.status, 200);
  EXPECT_FALSE (r.error.empty ()) << "the connection must end abruptly";
  auto events = parse_sse (r.body);
  ASSERT_EQ (events.size (), 1u);
  EXPECT_EQ (events[0].event, "image_generation.partial_image");
  EXPECT_EQ (r.body.find ("image_generation.completed"), std::string::npos);

  server->push_fault ({ FaultKind::drop_mid_stream });
  r = client->post_json ("/responses", R"({"model":"gpt-5.4","input":"x","stream":true,)"
                                       R"("tools":[{"type":"image_generation","size":"1024x640"}]})");
  EXPECT_FALSE (r.error.empty ());
  EXPECT_EQ (r.body.find ("response.completed"), std::string::npos);
  EXPECT_NE (r.body.find ("response.image_generation_call.completed"), std::string::npos);

  // The server keeps serving afterwards.
  EXPECT_EQ (client->post_json ("/images/generations",
                                R"({"model":"test-model","prompt":"p","size":"16x16"})")
                 .status,
             200);
}

TEST_F (TestServerTest, DropMidBodyWithoutStreaming)
{
  server->push_fault ({ FaultKind::drop_mid_stream });
  auto r = client->post_json ("/images/generations",
                              R"({"model":"gpt-image-2","prompt":"p","size":"1024x640"})");
  EXPECT_FALSE (r.error.empty ());
  EXPECT_GT (r.body.size (), 0u);
  EXPECT_FALSE (parse (r.body));
}

TEST_F (TestServerTest, StreamErrorEndsStreamsWithAnErrorEvent)
{
  server->push_fault ({ FaultKind::stream_error });
  auto r = client->post_json ("/images/generations",
                              R"({"model":"gpt-image-2","prompt":"p","stream":true,)"
                              R"("partial_images":1,"size":"1024x640"})");
  EXPECT_EQ (r.status, 200);
  EXPECT_TRUE (r.error.empty ()) << r.error;
  auto events = parse_sse (r.body);
  ASSERT_EQ (events.size (), 2u);
  EXPECT_EQ (events[0].event, "image_generation.partial_image");
  EXPECT_EQ (events[1].event, "error");
  JsonNodePtr error = parse (events[1].data);
  EXPECT_EQ (str (error.get (), "error.type"), "server_error");
  EXPECT_NE (str (error.get (), "error.message"), "<missing>");

  server->push_fault ({ FaultKind::stream_error });
  r = client->post_json ("/responses", R"({"model":"gpt-5.4","input":"x","stream":true,)"
                                       R"("tools":[{"type":"image_generation","size":"1024x640"}]})");
  EXPECT_EQ (r.status, 200);
  events = parse_sse (r.body);
  ASSERT_FALSE (events.empty ());
  EXPECT_EQ (events.back ().event, "response.failed");
  JsonNodePtr failed = parse (events.back ().data);
  EXPECT_EQ (str (failed.get (), "response.status"), "failed");
  EXPECT_EQ (str (failed.get (), "response.error.code"), "server_error");
  EXPECT_EQ (num (failed.get (), "sequence_number"), static_cast<gint64> (events.size () - 1));
  EXPECT_EQ (r.body.find ("response.output_item.done"), std::string::npos);

  server->push_fault ({ FaultKind::stream_error });
  expect_error (client->post_json ("/images/generations",
                                   R"({"model":"test-model","prompt":"p","size":"16x16"})"),
                500, "", "");
}

TEST_F (TestServerTest, NotAnImageFaultSendsTextAsTheFinalImage)
{
  server->push_fault ({ FaultKind::not_an_image });
  auto r = client->post_json ("/images/generations",
                              R"({"model":"gpt-image-2","prompt":"p","size":"1024x640"})");
  ASSERT_EQ (r.status, 200) << r.body;
  JsonNodePtr root = parse (r.body);
  EXPECT_EQ (str (root.get (), "output_format"), "png"); // still announced as an image
  auto bytes = unbase64 (str (root.get (), "data.0.b64_json"));
  EXPECT_EQ (sniff_image_format (bytes.data (), bytes.size ()), ImageFormat::unknown);
  EXPECT_EQ (std::string (bytes.begin (), bytes.end ()).rfind ("This is not an image", 0), 0u);
  EXPECT_EQ (server->requests ()[0].fault, FaultKind::not_an_image);

  // In a stream the partial images stay real; the final one is text.
  server->push_fault ({ FaultKind::not_an_image });
  r = client->post_json ("/responses", R"({"model":"gpt-5.4","input":"x","stream":true,)"
                                       R"("tools":[{"type":"image_generation","partial_images":1,)"
                                       R"("size":"1024x640"}]})");
  ASSERT_EQ (r.status, 200);
  std::string partial, final_image;
  for (const auto &event : parse_sse (r.body))
    {
      JsonNodePtr e = parse (event.data);
      if (event.event == "response.image_generation_call.partial_image")
        partial = str (e.get (), "partial_image_b64");
      else if (event.event == "response.completed")
        final_image = str (e.get (), "response.output.0.result");
    }
  EXPECT_EQ (probe_b64 (partial).width, 1024);
  auto text = unbase64 (final_image);
  EXPECT_EQ (sniff_image_format (text.data (), text.size ()), ImageFormat::unknown);

  // The next request is served normally.
  r = client->post_json ("/images/generations",
                         R"({"model":"gpt-image-2","prompt":"p","size":"1024x640"})");
  EXPECT_EQ (probe_b64 (str (parse (r.body).get (), "data.0.b64_json")).format, ImageFormat::png);
}

TEST_F (TestServerTest, WrongSizeFaultHalvesTheFinalImages)
{
  server->push_fault ({ FaultKind::wrong_size });
  auto r = client->post_json ("/images/generations",
                              R"({"model":"gpt-image-2","prompt":"p","n":2,"size":"1024x640",)"
                              R"("output_format":"webp"})");
  ASSERT_EQ (r.status, 200) << r.body;
  JsonNodePtr root = parse (r.body);
  EXPECT_EQ (str (root.get (), "size"), "1024x640"); // the echo still says what was asked
  for (const char *item : { "data.0.b64_json", "data.1.b64_json" })
    {
      ImageInfo info = probe_b64 (str (root.get (), item));
      EXPECT_EQ (info.format, ImageFormat::webp);
      EXPECT_EQ (info.width, 512);
      EXPECT_EQ (info.height, 320);
    }

  server->push_fault ({ FaultKind::wrong_size });
  r = client->post_json ("/images/generations",
                         R"({"model":"gpt-image-2","prompt":"p","stream":true,)"
                         R"("partial_images":1,"size":"1024x640"})");
  auto events = parse_sse (r.body);
  ASSERT_EQ (events.size (), 3u);
  EXPECT_EQ (probe_b64 (str (parse (events[0].data).get (), "b64_json")).width, 1024);
  EXPECT_EQ (probe_b64 (str (parse (events[1].data).get (), "b64_json")).width, 512);
}

TEST_F (TestServerTest, HostileTextFaults)
{
  const std::string hostile (kHostileText);
  server->push_fault ({ FaultKind::hostile_text });
  auto r = client->post_json ("/images/generations",
                              R"({"model":"test-model","prompt":"p","size":"16x16"})");
  JsonNodePtr root = expect_error (r, 400, "prompt\x07", "hostile\ncode");
  EXPECT_EQ (str (root.get (), "error.message"), "Invalid prompt: " + hostile);
  EXPECT_EQ (str (root.get (), "error.type"), "invalid_request_error\x1b[8m");

  server->push_fault ({ FaultKind::hostile_revised_prompt });
  r = client->post_json ("/images/generations",
                         R"({"model":"gpt-image-2","prompt":"p","size":"1024x640","n":2})");
  ASSERT_EQ (r.status, 200) << r.body;
  root = parse (r.body);
  EXPECT_EQ (str (root.get (), "data.0.revised_prompt"), hostile);
  EXPECT_EQ (str (root.get (), "data.1.revised_prompt"), hostile);
  EXPECT_NE (str (root.get (), "data.0.b64_json"), "<missing>");

  server->push_fault ({ FaultKind::hostile_revised_prompt });
  r = client->post_json ("/responses", R"({"model":"gpt-5.4","input":"x","stream":true,)"
                                       R"("tools":[{"type":"image_generation","size":"1024x640"}]})");
  ASSERT_EQ (r.status, 200) << r.body;
  auto events = parse_sse (r.body);
  ASSERT_FALSE (events.empty ());
  EXPECT_EQ (events.back ().event, "response.completed");
  JsonNodePtr completed = parse (events.back ().data);
  EXPECT_EQ (str (completed.get (), "response.output.0.revised_prompt"), hostile);

  // Requests without the fault keep the ordinary echo.
  r = client->post_json ("/images/generations",
                         R"({"model":"gpt-image-2","prompt":"p","size":"1024x640"})");
  EXPECT_EQ (str (parse (r.body).get (), "data.0.revised_prompt"), "Revised: p");
}

TEST_F (TestServerTest, KeyEchoFaultsRepeatTheKeyAsSentAndEscaped)
{
  const std::string key = "fake-key-test"; // what the client sends
  server->push_fault ({ FaultKind::key_echo_error });
  auto r = client->post_json ("/images/generations",
                              R"({"model":"gpt-image-2","prompt":"p","size":"1024x640"})");
  JsonNodePtr root = expect_error (r, 401, key, "invalid_api_key");
  EXPECT_NE (str (root.get (), "error.message").find (key + " (also known as " + key + ")"),
             std::string::npos);
  EXPECT_NE (r.body.find (key), std::string::npos);       // as sent
  EXPECT_NE (r.body.find ("\\u0061"), std::string::npos); // and escaped

  // Streams: the error event after the first partial, the key cut in two on the wire.
  server->push_fault ({ FaultKind::key_echo_stream_error });
  r = client->post_json ("/images/generations",
                         R"({"model":"gpt-image-2","prompt":"p","stream":true,)"
                         R"("partial_images":1,"size":"1024x640"})");
  EXPECT_EQ (r.status, 200);
  auto events = parse_sse (r.body);
  ASSERT_EQ (events.size (), 2u);
  EXPECT_EQ (events[1].event, "error");
  EXPECT_EQ (str (parse (events[1].data).get (), "message"),
             "Incorrect API key " + key + " provided: " + key);
  std::string raw = r.body.substr (r.body.rfind ("event: error"));
  for (std::size_t salt = 0; salt < 3; ++salt)
    for (const std::string &chunk : split_event (raw, salt))
      EXPECT_EQ (chunk.find (key), std::string::npos) << chunk;
  server->push_fault ({ FaultKind::key_echo_stream_error });
  expect_error (client->post_json ("/images/generations",
                                   R"({"model":"gpt-image-2","prompt":"p","size":"1024x640"})"),
                401, key, "invalid_api_key");

  server->push_fault ({ FaultKind::key_echo_revised_prompt });
  r = client->post_json ("/responses", R"({"model":"gpt-5.4","input":"x","stream":true,)"
                                       R"("tools":[{"type":"image_generation","size":"1024x640"}]})");
  ASSERT_EQ (r.status, 200) << r.body;
  events = parse_sse (r.body);
  ASSERT_FALSE (events.empty ());
  JsonNodePtr completed = parse (events.back ().data);
  EXPECT_EQ (str (completed.get (), "response.output.0.revised_prompt"),
             "A cat, drawn for the key " + key + " alias " + key);
  server->push_fault ({ FaultKind::key_echo_revised_prompt });
  r = client->post_json ("/images/generations",
                         R"({"model":"gpt-image-2","prompt":"p","size":"1024x640"})");
  EXPECT_EQ (str (parse (r.body).get (), "data.0.revised_prompt"),
             "A cat, drawn for the key " + key + " alias " + key);
}

TEST_F (TestServerTest, AdminEndpoints)
{
  std::string admin = server->base_url ();
  admin = admin.substr (0, admin.size () - 3) + "/__admin";
  auto faults = client->request ("POST", admin + "/faults", nullptr,
                                 R"({"faults":[{"kind":"rate_limit","retry_after":2},)"
                                 R"({"kind":"slow","delay":0.1}]})");
  ASSERT_EQ (faults.status, 200) << faults.body;
  EXPECT_EQ (server->pending_faults (), 2u);
  auto listed = client->request ("GET", admin + "/faults", nullptr);
  EXPECT_EQ (str (parse (listed.body).get (), "faults.1.kind"), "slow");
  EXPECT_EQ (fault_kind_from_name ("not_an_image"), FaultKind::not_an_image);
  EXPECT_EQ (fault_kind_from_name ("wrong_size"), FaultKind::wrong_size);
  EXPECT_EQ (fault_kind_name (FaultKind::wrong_size), "wrong_size");
  expect_error (client->request ("POST", admin + "/faults", nullptr,
                                 R"({"faults":[{"kind":"meteor"}]})"),
                400, "", "");

  auto r = client->post_json ("/images/generations",
                              R"({"model":"test-model","prompt":"p","size":"16x16"})");
  EXPECT_EQ (r.status, 429);
  EXPECT_EQ (r.header ("retry-after"), "2");
  EXPECT_EQ (client->post_json ("/images/generations",
                                R"({"model":"test-model","prompt":"p","size":"16x16"})")
                 .status,
             200);

  SoupMultipartPtr form = edit_form ("test-model", "p");
  auto png = encode_png (checkerboard (16, 16));
  add_file (form.get (), "image[]", "a.png", "image/png", png);
  ObjectPtr<SoupMessage> edit (
      soup_message_new_from_multipart ((server->base_url () + "/images/edits").c_str (), form.get ()));
  soup_message_headers_replace (soup_message_get_request_headers (edit.get ()),
                                "OpenAI-Organization", "org-test");
  EXPECT_EQ (client->send (std::move (edit), "fake-key-test").status, 200);

  auto requests = client->request ("GET", admin + "/requests", nullptr);
  ASSERT_EQ (requests.status, 200);
  JsonNodePtr root = parse (requests.body);
  ASSERT_TRUE (root && JSON_NODE_HOLDS_ARRAY (root.get ()));
  EXPECT_EQ (json_array_get_length (json_node_get_array (root.get ())), 3u);
  EXPECT_EQ (str (root.get (), "0.method"), "POST");
  EXPECT_EQ (str (root.get (), "0.path"), "/v1/images/generations");
  EXPECT_EQ (num (root.get (), "0.status"), 429);
  EXPECT_EQ (str (root.get (), "0.fault"), "rate_limit");
  EXPECT_EQ (str (root.get (), "0.json.model"), "test-model");
  EXPECT_EQ (str (root.get (), "0.headers.authorization"), "Bearer [redacted]");
  EXPECT_EQ (str (root.get (), "0.request_id"), r.header ("x-request-id"));
  EXPECT_EQ (str (root.get (), "2.headers.openai-organization"), "org-test");
  EXPECT_EQ (str (root.get (), "2.parts.1.value"), "p");
  EXPECT_EQ (str (root.get (), "2.parts.2.name"), "image[]");
  EXPECT_EQ (str (root.get (), "2.parts.2.filename"), "a.png");
  EXPECT_EQ (num (root.get (), "2.parts.2.size"), static_cast<gint64> (png.size ()));
  EXPECT_EQ (str (root.get (), "2.parts.2.sha256"),
             take_string (g_compute_checksum_for_data (G_CHECKSUM_SHA256, png.data (), png.size ())));
  EXPECT_EQ (at (root.get (), "2.parts.2.value"), nullptr);

  EXPECT_EQ (client->request ("POST", admin + "/reset", nullptr).status, 200);
  EXPECT_TRUE (server->requests ().empty ());
  EXPECT_EQ (server->pending_faults (), 0u);
  EXPECT_EQ (client->request ("GET", admin + "/requests", nullptr).body, "[]");

  // The faults that spoil images are queued the same way.
  ASSERT_EQ (client->request ("POST", admin + "/faults", nullptr,
                              R"({"faults":[{"kind":"not_an_image"},{"kind":"wrong_size"}]})")
                 .status,
             200);
  listed = client->request ("GET", admin + "/faults", nullptr);
  EXPECT_EQ (str (parse (listed.body).get (), "faults.0.kind"), "not_an_image");
  EXPECT_EQ (str (parse (listed.body).get (), "faults.1.kind"), "wrong_size");
}

TEST (SseWriter, EventsAreSplitAtAwkwardPlaces)
{
  SseWriter sse;
  for (int i = 0; i < 6; ++i)
    sse.event ("image_generation.partial_image", R"({"b64_json":"QUJDRA==","i":)" + std::to_string (i) + "}");
  int crlf_events = 0, split_crlf = 0;
  for (std::size_t i = 0; i < sse.events ().size (); ++i)
    {
      const std::string &event = sse.events ()[i];
      auto chunks = split_event (event, i);
      EXPECT_GE (chunks.size (), 2u);
      std::string joined;
      for (const auto &chunk : chunks)
        {
          EXPECT_FALSE (chunk.empty ());
          joined += chunk;
        }
      EXPECT_EQ (joined, event);
      EXPECT_NE (chunks[0].rfind ("event: ", 0), 0u) << "the field name itself is split";
      if (event.find ("\r\n") != std::string::npos)
        {
          ++crlf_events;
          for (std::size_t c = 0; c + 1 < chunks.size (); ++c)
            split_crlf += chunks[c].back () == '\r' && chunks[c + 1].front () == '\n';
        }
    }
  EXPECT_EQ (crlf_events, 2);
  EXPECT_EQ (split_crlf, 2);
}

TEST (StandaloneServer, PrintsUrlServesAndStopsOnSigterm)
{
  ErrorOut error;
  CharPtr dir (g_dir_make_tmp ("gpt-image-test-server-XXXXXX", error.out ()));
  ASSERT_TRUE (dir) << error.message ();
  std::string url_file = take_string (g_build_filename (dir.get (), "url", nullptr));
  ObjectPtr<GSubprocess> process (g_subprocess_new (
      G_SUBPROCESS_FLAGS_STDOUT_PIPE, error.out (), GPT_IMAGE_TEST_SERVER_EXE, "--url-file",
      url_file.c_str (), "--fault", "server_error", "--api-key", "fake-key-standalone", nullptr));
  ASSERT_TRUE (process) << error.message ();
  ObjectPtr<GDataInputStream> out (g_data_input_stream_new (g_subprocess_get_stdout_pipe (process.get ())));
  gsize length = 0;
  std::string line = take_string (g_data_input_stream_read_line (out.get (), &length, nullptr, error.out ()));
  ASSERT_EQ (line.rfind ("http://127.0.0.1:", 0), 0u) << line;
  ASSERT_EQ (line.substr (line.size () - 3), "/v1");

  gchar *contents_raw = nullptr;
  ASSERT_TRUE (g_file_get_contents (url_file.c_str (), &contents_raw, nullptr, error.out ()));
  EXPECT_EQ (take_string (contents_raw), line + "\n");

  Client client (line);
  const std::string body = R"({"model":"test-model","prompt":"p","size":"16x16"})";
  EXPECT_EQ (client.post_json ("/images/generations", body, "fake-key-standalone").status, 500);
  EXPECT_EQ (client.post_json ("/images/generations", body, "fake-key-other").status, 401);
  EXPECT_EQ (client.post_json ("/images/generations", body, "fake-key-standalone").status, 200);

  g_subprocess_send_signal (process.get (), SIGTERM);
  ASSERT_TRUE (g_subprocess_wait (process.get (), nullptr, error.out ()));
  EXPECT_TRUE (g_subprocess_get_if_exited (process.get ()));
  EXPECT_EQ (g_subprocess_get_exit_status (process.get ()), 0);
  g_unlink (url_file.c_str ());
  g_rmdir (dir.get ());
}

TEST (FaultsJson, StatusCountBytesAndRetryAfterOnlyWhenGiven)
{
  auto faults = parse_faults_json (R"({"faults": [
      {"kind": "http_error", "status": 502},
      {"kind": "http_error", "status": 429, "retry_after": 3},
      {"kind": "drop_after_partials", "count": 2},
      {"kind": "huge_sse_line", "bytes": 1000000}]})");
  ASSERT_TRUE (faults.ok ()) << faults.error ().message;
  ASSERT_EQ (faults->size (), 4u);
  EXPECT_EQ ((*faults)[0].status, 502);
  EXPECT_FALSE ((*faults)[0].with_retry_after);
  EXPECT_TRUE ((*faults)[1].with_retry_after);
  EXPECT_EQ ((*faults)[1].retry_after_seconds, 3);
  EXPECT_EQ ((*faults)[2].count, 2);
  EXPECT_EQ ((*faults)[3].bytes, 1000000);
  for (const char *bad : { R"([{"kind": "http_error", "status": 600}])",
                           R"([{"kind": "extra_images", "count": -1}])",
                           R"([{"kind": "huge_body", "bytes": "many"}])" })
    EXPECT_FALSE (parse_faults_json (bad).ok ()) << bad;
  // The admin document lists them back with their fields.
  std::deque<Fault> queue (faults->begin (), faults->end ());
  std::string listed = faults_json (queue);
  EXPECT_NE (listed.find ("\"status\":502"), std::string::npos) << listed;
  EXPECT_NE (listed.find ("\"bytes\":1000000"), std::string::npos) << listed;
}
