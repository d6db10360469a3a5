#include "gptimage/response-parser.h"

#include "gptimage/arriving-image.h"
#include "gptimage/image-codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace gptimage;

namespace {

std::string
make_image (ImageFormat format, std::uint8_t seed)
{
  RgbaImage image;
  image.width = 4;
  image.height = 3;
  image.pixels.assign (4 * 3 * 4, seed);
  auto encoded = encode_image (image, format, 90);
  if (!encoded)
    return {}; // the tests that use it then fail
  return std::string (encoded->begin (), encoded->end ());
}

std::string
b64 (const std::string &bytes)
{
  return take_string (g_base64_encode (reinterpret_cast<const guchar *> (bytes.data ()),
                                       bytes.size ()));
}

std::string
bytes_of (const GeneratedImage &image)
{
  gsize size = 0;
  const auto *data = static_cast<const char *> (g_bytes_get_data (image.data.get (), &size));
  return std::string (data, size);
}

struct Seen
{
  bool partial;
  int index;
  std::string bytes;
  std::string item_id;
};

// A collector whose sinks record what they were given, in order.
struct Recorder
{
  std::vector<Seen> seen;
  ImageCollector collector {
    [this] (const GeneratedImage &i) { seen.push_back ({ true, i.index, bytes_of (i), i.item_id }); },
    [this] (const GeneratedImage &i) { seen.push_back ({ false, i.index, bytes_of (i), i.item_id }); }
  };

  Status body (const std::string &json) { return collector.add_json_body (json.data (), json.size ()); }
  Status event (std::string name, std::string data)
  {
    return collector.add_event (SseEvent { std::move (name), std::move (data), {} });
  }
};

// Noise does not compress: its base64 is long enough to be lifted out of the JSON.
std::string
make_noise_png (std::uint32_t seed)
{
  RgbaImage image;
  image.width = 64;
  image.height = 64;
  image.pixels.resize (64 * 64 * 4);
  for (auto &byte : image.pixels)
    {
      seed = seed * 1103515245u + 12345u;
      byte = static_cast<std::uint8_t> (seed >> 16);
    }
  auto encoded = encode_image (image, ImageFormat::png);
  return encoded ? std::string (encoded->begin (), encoded->end ()) : std::string ();
}

const std::string png_a = make_image (ImageFormat::png, 10);
const std::string png_b = make_image (ImageFormat::png, 200);
const std::string jpeg_a = make_image (ImageFormat::jpeg, 90);
const std::string webp_a = make_image (ImageFormat::webp, 50);
const std::string big_a = make_noise_png (1);
const std::string big_b = make_noise_png (2);

} // namespace

TEST (ImageCollector, ImagesResponseDataArray)
{
  Recorder r;
  std::string json = R"({"created":1713833628,"data":[{"b64_json":")" + b64 (png_a)
                     + R"(","revised_prompt":"a red fox"},{"b64_json":")" + b64 (png_b)
                     + R"("}],"output_format":"png","size":"1024x1536","usage":{"input_tokens":50,)"
                       R"( "output_tokens":50,"total_tokens":100}})";
  ASSERT_TRUE (r.body (json).ok ());
  EXPECT_TRUE (r.collector.done ());
  const ApiResult &result = r.collector.result ();
  ASSERT_EQ (result.images.size (), 2u);
  EXPECT_EQ (bytes_of (result.images[0]), png_a);
  EXPECT_EQ (bytes_of (result.images[1]), png_b);
    EXPECT_EQ (result.images[0].index, 0);
  EXPECT_EQ (result.images[1].index, 1);
  EXPECT_FALSE (result.images[0].partial);
  EXPECT_EQ (result.images[0].output_format, "png");
  EXPECT_EQ (result.images[0].size, "1024x1536");
  EXPECT_EQ (result.images[0].revised_prompt, "a red fox");
  EXPECT_EQ (result.images[1].revised_prompt, "");
  EXPECT_EQ (result.usage_json, R"({"input_tokens":50,"output_tokens":50,"total_tokens":100})");
  EXPECT_EQ (result.response_id, "");
  ASSERT_EQ (r.seen.size (), 2u);
  EXPECT_FALSE (r.seen[0].partial);
  EXPECT_EQ (r.seen[1].bytes, png_b);
}

TEST (ImageCollector, FormatComesFromTheBytesThenTheEcho)
{
  Recorder r;
  // The echo says png, the bytes are JPEG; random bytes keep the echo.
  std::string json = R"({"data":[{"b64_json":")" + b64 (jpeg_a) + R"("},{"b64_json":")"
                     + b64 ("not an image at all") + R"("}],"output_format":"png"})";
  ASSERT_TRUE (r.body (json).ok ());
  ASSERT_EQ (r.collector.result ().images.size (), 2u);
  EXPECT_EQ (r.collector.result ().images[0].output_format, "jpeg");
  EXPECT_EQ (r.collector.result ().images[1].output_format, "png");
  // What the API claimed is kept apart, for the check before saving.
  EXPECT_EQ (r.collector.result ().images[0].announced_format, "png");
  EXPECT_EQ (r.collector.result ().images[1].announced_format, "png");

  Recorder silent;
  ASSERT_TRUE (silent.body (R"({"data":[{"b64_json":")" + b64 (png_a) + R"("}]})").ok ());
  EXPECT_EQ (silent.collector.result ().images[0].output_format, "png");
  EXPECT_EQ (silent.collector.result ().images[0].announced_format, "");
}

TEST (ImageCollector, ResponsesObjectOutputItems)
{
  Recorder r;
  std::string json = R"({"id":"resp_123","object":"response","status":"completed",)"
                     R"("tools":[{"type":"image_generation","output_format":"webp","size":"auto"}],)"
                     R"("output":[{"type":"message","content":[{"type":"output_text","text":"Here it is."}]},)"
                     R"({"type":"image_generation_call","id":"ig_1","status":"completed",)"
                     R"("revised_prompt":"a fox, watercolor","result":")" + b64 (webp_a) + R"("}],)"
                     R"("error":null,"usage":{"input_tokens":5,"output_tokens":7}})";
  ASSERT_TRUE (r.body (json).ok ());
  const ApiResult &result = r.collector.result ();
  EXPECT_EQ (result.response_id, "resp_123");
  ASSERT_EQ (result.images.size (), 1u);
  EXPECT_EQ (bytes_of (result.images[0]), webp_a);
  EXPECT_EQ (result.images[0].item_id, "ig_1");
  EXPECT_EQ (result.images[0].revised_prompt, "a fox, watercolor");
  EXPECT_EQ (result.images[0].output_format, "webp");
  EXPECT_EQ (result.images[0].announced_format, "webp"); // the tool's echo
  EXPECT_EQ (result.images[0].size, ""); // "auto" was asked; nothing was echoed
  EXPECT_EQ (result.usage_json, R"({"input_tokens":5,"output_tokens":7})");
  EXPECT_EQ (r.collector.output_text (), "Here it is.");
}

TEST (ImageCollector, SameImageTwiceInABodyIsKeptOnce)
{
  Recorder r;
  std::string item = R"({"type":"image_generation_call","id":"ig_1","result":")" + b64 (png_a)
                     + R"("})";
  ASSERT_TRUE (r.body (R"({"object":"response","output":[)" + item + "," + item + "]}").ok ());
  EXPECT_EQ (r.collector.result ().images.size (), 1u);
  EXPECT_EQ (r.seen.size (), 1u);
}

TEST (ImageCollector, DifferentImagesOfOneSizeAreKeptApart)
{
  ASSERT_EQ (png_a.size (), png_b.size ());
  Recorder r;
  std::string a = R"({"type":"image_generation_call","result":")" + b64 (png_a) + R"("})";
  std::string b = R"({"type":"image_generation_call","result":")" + b64 (png_b) + R"("})";
  ASSERT_TRUE (r.body (R"({"object":"response","output":[)" + a + "," + b + "," + a + "]}").ok ());
  ASSERT_EQ (r.collector.result ().images.size (), 2u);
  EXPECT_EQ (bytes_of (r.collector.result ().images[0]), png_a);
  EXPECT_EQ (bytes_of (r.collector.result ().images[1]), png_b);
}

TEST (ImageCollector, ImagesStreamPartialsThenCompleted)
{
  for (const char *route : { "image_generation", "image_edit" })
    {
      SCOPED_TRACE (route);
      Recorder r;
      std::string prefix = route;
      ASSERT_TRUE (r.event (prefix + ".partial_image",
                            R"({"type":")" + prefix + R"(.partial_image","b64_json":")" + b64 (png_a)
                                + R"(","partial_image_index":0,"output_format":"png","size":"1024x1024"})")
                       .ok ());
      ASSERT_TRUE (r.event (prefix + ".partial_image",
                            R"({"type":")" + prefix + R"(.partial_image","b64_json":")" + b64 (png_b)
                                + R"(","partial_image_index":1})")
                       .ok ());
      EXPECT_FALSE (r.collector.done ());
      ASSERT_TRUE (r.event (prefix + ".completed",
                            R"({"type":")" + prefix + R"(.completed","b64_json":")" + b64 (jpeg_a)
                                + R"(","output_format":"jpeg","size":"1024x1024",)"
                                  R"("usage":{"total_tokens":3}})")
                       .ok ());
      EXPECT_TRUE (r.collector.done ());
      ASSERT_EQ (r.seen.size (), 3u);
      EXPECT_TRUE (r.seen[0].partial);
      EXPECT_EQ (r.seen[0].index, 0);
      EXPECT_EQ (r.seen[0].bytes, png_a);
      EXPECT_TRUE (r.seen[1].partial);
      EXPECT_EQ (r.seen[1].index, 1);
      EXPECT_FALSE (r.seen[2].partial);
      const ApiResult &result = r.collector.result ();
      EXPECT_EQ (result.partial_count, 2);
      ASSERT_EQ (result.images.size (), 1u); // partials are not kept
      EXPECT_EQ (bytes_of (result.images[0]), jpeg_a);
      EXPECT_EQ (result.images[0].size, "1024x1024");
      EXPECT_EQ (result.usage_json, R"({"total_tokens":3})");
    }
}

TEST (ImageCollector, ResponsesStreamDedupesOutputItemDoneAndCompleted)
{
  Recorder r;
  ASSERT_TRUE (r.event ("response.created",
                        R"({"type":"response.created","response":{"id":"resp_9","status":"in_progress",)"
                        R"("tools":[{"type":"image_generation","output_format":"png"}],"output":[]},"sequence_number":0})")
                   .ok ());
  EXPECT_EQ (r.collector.result ().response_id, "resp_9");
  ASSERT_TRUE (r.event ("response.image_generation_call.partial_image",
                        R"({"type":"response.image_generation_call.partial_image","output_index":0,)"
                        R"("item_id":"ig_7","sequence_number":3,"partial_image_index":0,"partial_image_b64":")"
                            + b64 (png_b) + R"("})")
                   .ok ());
  std::string item = R"({"type":"image_generation_call","id":"ig_7","status":"completed","result":")"
                     + b64 (png_a) + R"("})";
  ASSERT_TRUE (r.event ("response.output_item.done",
                        R"({"type":"response.output_item.done","output_index":0,"item":)" + item + "}")
                   .ok ());
  EXPECT_FALSE (r.collector.done ());
  ASSERT_TRUE (r.event ("response.completed",
                        R"({"type":"response.completed","response":{"id":"resp_9","status":"completed",)"
                        R"("output":[)" + item + R"(],"usage":{"total_tokens":11}}})")
                   .ok ());
  EXPECT_TRUE (r.collector.done ());
  const ApiResult &result = r.collector.result ();
  ASSERT_EQ (result.images.size (), 1u);
  EXPECT_EQ (bytes_of (result.images[0]), png_a);
  EXPECT_EQ (result.images[0].item_id, "ig_7");
  EXPECT_EQ (result.partial_count, 1);
  EXPECT_EQ (result.usage_json, R"({"total_tokens":11})");
  ASSERT_EQ (r.seen.size (), 2u);
  EXPECT_TRUE (r.seen[0].partial);
  EXPECT_EQ (r.seen[0].item_id, "ig_7");
  EXPECT_FALSE (r.seen[1].partial);
}

TEST (ImageCollector, FinalImageOnlyInResponseCompleted)
{
  Recorder r;
  ASSERT_TRUE (r.event ("response.completed",
                        R"({"type":"response.completed","response":{"id":"resp_2","output":[)"
                        R"({"type":"image_generation_call","id":"ig_2","result":")" + b64 (png_b) + R"("}]}})")
                   .ok ());
  ASSERT_EQ (r.collector.result ().images.size (), 1u);
  EXPECT_EQ (bytes_of (r.collector.result ().images[0]), png_b);
  EXPECT_EQ (r.collector.result ().response_id, "resp_2");
}

TEST (ImageCollector, DoneMarkerAndUnknownEvents)
{
  Recorder r;
  EXPECT_TRUE (r.event ("response.output_text.delta", R"({"type":"response.output_text.delta","delta":"hi"})").ok ());
  EXPECT_TRUE (r.event ("", "not json from some proxy").ok ());
  EXPECT_TRUE (r.event ("future.thing", "[1, 2, 3]").ok ());
  EXPECT_FALSE (r.collector.done ());
  EXPECT_TRUE (r.event ("", "[DONE]").ok ());
  EXPECT_TRUE (r.collector.done ());
  EXPECT_TRUE (r.seen.empty ());
}

TEST (ImageCollector, EventTypeFromDataWhenTheEventHasNoName)
{
  Recorder r;
  ASSERT_TRUE (r.event ("", R"({"type":"image_generation.completed","b64_json":")" + b64 (png_a) + R"("})").ok ());
  EXPECT_TRUE (r.collector.done ());
  EXPECT_EQ (r.collector.result ().images.size (), 1u);
}

TEST (ImageCollector, ResponsesErrorEvent)
{
  Recorder r;
  Status status = r.event ("error", R"({"type":"error","code":"image_content_policy_violation",)"
                                    R"("message":"Blocked by policy","param":"input","sequence_number":4})");
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().kind, ErrorKind::api);
  EXPECT_EQ (status.error ().code, "image_content_policy_violation");
  EXPECT_EQ (status.error ().message, "Blocked by policy");
  EXPECT_EQ (status.error ().param, "input");
  EXPECT_EQ (status.error ().type, ""); // "error" is the event's type, not the error's
}

TEST (ImageCollector, PayloadWithTopLevelErrorObject)
{
  Recorder r;
  Status status = r.event ("", R"({"error":{"message":"Streaming is only supported with n=1.",)"
                               R"("type":"invalid_request_error","param":"n","code":null}})");
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().kind, ErrorKind::api);
  EXPECT_EQ (status.error ().message, "Streaming is only supported with n=1.");
  EXPECT_EQ (status.error ().type, "invalid_request_error");
  EXPECT_EQ (status.error ().param, "n");
  EXPECT_EQ (status.error ().code, "");
}

TEST (ImageCollector, ResponseFailed)
{
  Recorder r;
  Status status = r.event ("response.failed",
                           R"({"type":"response.failed","response":{"id":"resp_f","status":"failed",)"
                           R"("error":{"code":"server_error","message":"The model failed."},"output":[]}})");
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().kind, ErrorKind::api);
  EXPECT_EQ (status.error ().code, "server_error");
  EXPECT_EQ (status.error ().message, "The model failed.");
  EXPECT_EQ (r.collector.result ().response_id, "resp_f");
}

TEST (ImageCollector, ResponseFailedWithoutDetailsIsStillAnError)
{
  Recorder r;
  Status status = r.event ("response.failed", R"({"type":"response.failed"})");
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().kind, ErrorKind::api);
}

TEST (ImageCollector, ResponseIncomplete)
{
  Recorder r;
  Status status = r.event ("response.incomplete",
                           R"({"type":"response.incomplete","response":{"id":"resp_i","status":"incomplete",)"
                           R"("incomplete_details":{"reason":"max_output_tokens"},"error":null,"output":[]}})");
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().kind, ErrorKind::api);
  EXPECT_NE (status.error ().message.find ("max_output_tokens"), std::string::npos);
}

TEST (ImageCollector, ResponsesBodyThatFailed)
{
  Recorder r;
  Status status = r.body (R"({"id":"resp_x","object":"response","status":"failed",)"
                          R"("error":{"code":"invalid_image","message":"Bad image."},"output":[]})");
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().code, "invalid_image");
  EXPECT_EQ (status.error ().message, "Bad image.");
}

TEST (ImageCollector, ProtocolErrors)
{
  {
    Recorder r;
    Status status = r.body (R"({"data":[{"b64_json":"iVBO!!!!"}]})");
    ASSERT_FALSE (status.ok ());
    EXPECT_EQ (status.error ().kind, ErrorKind::protocol);
  }
  {
    Recorder r;
    Status status = r.body (R"({"data":[{"b64_json":"iVBORw0"}]})"); // not a multiple of 4
    ASSERT_FALSE (status.ok ());
    EXPECT_EQ (status.error ().kind, ErrorKind::protocol);
  }
  {
    Recorder r;
    Status status = r.body ("<html>gateway</html>");
    ASSERT_FALSE (status.ok ());
    EXPECT_EQ (status.error ().kind, ErrorKind::protocol);
    EXPECT_NE (status.error ().message.find ("<html>gateway</html>"), std::string::npos);
  }
  {
    Recorder r;
    Status status = r.body (R"({"created":1})");
    ASSERT_FALSE (status.ok ());
    EXPECT_EQ (status.error ().kind, ErrorKind::protocol);
  }
  {
    Recorder r;
    Status status = r.event ("image_generation.completed", "{truncated");
    ASSERT_FALSE (status.ok ());
    EXPECT_EQ (status.error ().kind, ErrorKind::protocol);
  }
  {
    Recorder r;
    Status status = r.event ("image_generation.partial_image",
                             R"({"type":"image_generation.partial_image","b64_json":"@@@@"})");
    ASSERT_FALSE (status.ok ());
    EXPECT_EQ (status.error ().kind, ErrorKind::protocol);
  }
}

TEST (ImageCollector, LargeImagesInEveryShape)
{
  ASSERT_GT (b64 (big_a).size (), 10000u);
  {
    Recorder r;
    ASSERT_TRUE (r.body (R"({"data":[{"b64_json":")" + b64 (big_a) + R"(","revised_prompt":"p"},)"
                         R"({"b64_json":")" + b64 (big_b) + R"("}],"output_format":"png"})")
                     .ok ());
    ASSERT_EQ (r.collector.result ().images.size (), 2u);
    EXPECT_EQ (bytes_of (r.collector.result ().images[0]), big_a);
    EXPECT_EQ (bytes_of (r.collector.result ().images[1]), big_b);
    EXPECT_EQ (r.collector.result ().images[0].revised_prompt, "p");
  }
  {
    Recorder r;
    std::string item = R"({"type":"image_generation_call","id":"ig_1","result":")" + b64 (big_a)
                       + R"("})";
    ASSERT_TRUE (r.body (R"({"object":"response","output":[)" + item + "," + item + "]}").ok ());
    ASSERT_EQ (r.collector.result ().images.size (), 1u);
    EXPECT_EQ (bytes_of (r.collector.result ().images[0]), big_a);
  }
  {
    Recorder r;
    ASSERT_TRUE (r.event ("image_generation.partial_image",
                          R"({"type":"image_generation.partial_image","b64_json":")" + b64 (big_b)
                              + R"(","partial_image_index":2})")
                     .ok ());
    ASSERT_TRUE (r.event ("image_generation.completed",
                          R"({"type":"image_generation.completed","b64_json":")" + b64 (big_a)
                              + R"(","usage":{"total_tokens":3}})")
                     .ok ());
    ASSERT_EQ (r.seen.size (), 2u);
    EXPECT_EQ (r.seen[0].bytes, big_b);
    EXPECT_EQ (r.seen[0].index, 2);
    EXPECT_EQ (r.seen[1].bytes, big_a);
    EXPECT_EQ (r.collector.result ().usage_json, R"({"total_tokens":3})");
  }
  {
    Recorder r;
    ASSERT_TRUE (r.event ("response.image_generation_call.partial_image",
                          R"({"type":"response.image_generation_call.partial_image",)"
                          R"("item_id":"ig_7","partial_image_index":0,"partial_image_b64":")"
                              + b64 (big_b) + R"("})")
                     .ok ());
    std::string item = R"({"type":"image_generation_call","id":"ig_7","result":")"
                       + b64 (big_a) + R"("})";
    ASSERT_TRUE (r.event ("response.output_item.done",
                          R"({"type":"response.output_item.done","item":)" + item + "}")
                     .ok ());
    ASSERT_TRUE (r.event ("response.completed",
                          R"({"type":"response.completed","response":{"id":"resp_9",)"
                          R"("output":[)" + item + R"(]}})")
                     .ok ());
    ASSERT_EQ (r.seen.size (), 2u);
    EXPECT_EQ (r.seen[0].bytes, big_b);
    EXPECT_EQ (r.seen[1].bytes, big_a);
    EXPECT_EQ (r.seen[1].item_id, "ig_7");
    EXPECT_EQ (r.collector.result ().response_id, "resp_9");
  }
}

TEST (ImageCollector, EscapedAndWrappedBase64)
{
  // JSON may escape '/' and carry wrapped base64 with escaped line breaks; the parser
  // unescapes such strings and the line breaks are skipped.
  std::string text = b64 (big_a);
  std::string escaped;
  for (std::size_t i = 0; i < text.size (); ++i)
    {
      if (i > 0 && i % 76 == 0)
        escaped += "\\r\\n";
      escaped += text[i] == '/' ? std::string ("\\/") : std::string (1, text[i]);
    }
  Recorder r;
  ASSERT_TRUE (r.body (R"({"data":[{"b64_json":")" + escaped + R"("}]})").ok ());
  ASSERT_EQ (r.collector.result ().images.size (), 1u);
  EXPECT_EQ (bytes_of (r.collector.result ().images[0]), big_a);
}

TEST (ImageCollector, DamagedLargeImageIsAProtocolError)
{
  auto with_inserted = [] (const std::string &text, std::size_t at, std::string_view part) {
    std::string out;
    out.append (text, 0, at).append (part).append (text, at);
    return out;
  };
  auto body = [] (const std::string &image) {
    std::string json = R"({"data":[{"b64_json":")";
    json.append (image).append (R"("}]})");
    return json;
  };
  std::string text = b64 (big_a);
  for (const char *damage : { "!", "-", "\\n", "\\u0041" })
    {
      SCOPED_TRACE (damage);
      std::string spoiled = with_inserted (text, text.size () / 2, damage);
      if (std::string_view (damage) == "\\n")
        spoiled = with_inserted (spoiled, spoiled.size () / 3, "!"); // escapes alone are fine
      Recorder r;
      Status status = r.body (body (spoiled));
      ASSERT_FALSE (status.ok ());
      EXPECT_EQ (status.error ().kind, ErrorKind::protocol);
    }
}

TEST (ImageCollector, ImageStringSplitOverSseDataLines)
{
  // One string over two data lines arrives with a raw line break in it: json-glib accepts
  // that, and the line break is skipped as in wrapped base64.
  std::string text = b64 (big_a);
  std::string event = R"({"type":"image_generation.completed","b64_json":")";
  event.append (text, 0, 4000).append ("\n").append (text, 4000).append (R"("})");
  Recorder r;
  ASSERT_TRUE (r.event ("image_generation.completed", event).ok ());
  ASSERT_EQ (r.collector.result ().images.size (), 1u);
  EXPECT_EQ (bytes_of (r.collector.result ().images[0]), big_a);
}

namespace {

// Shows `json` to the collector as it would arrive, in pieces of `step` bytes, then hands it
// the whole body.
Status
arriving_body (Recorder &r, const std::string &json, std::size_t step, std::size_t expected)
{
  for (std::size_t have = step; have < json.size () + step; have += step)
    r.collector.watch_body (std::string_view (json).substr (0, have), expected);
  return r.collector.add_json_body (json.data (), json.size ());
}

} // namespace

TEST (ImageCollector, ImagesDecodedAndCheckedWhileTheBodyArrives)
{
  std::string json = R"({"data":[{"b64_json":")" + b64 (big_a) + R"(","revised_prompt":"p"},)"
                     R"({"b64_json":")" + b64 (big_b) + R"("}],"output_format":"png"})";
  for (std::size_t step : { std::size_t (100), std::size_t (4096), json.size () })
    for (std::size_t expected : { std::size_t (0), json.size () })
      {
        Recorder r;
        ASSERT_TRUE (arriving_body (r, json, step, expected).ok ());
        const ApiResult &result = r.collector.result ();
        ASSERT_EQ (result.images.size (), 2u);
        EXPECT_EQ (bytes_of (result.images[0]), big_a);
        EXPECT_EQ (bytes_of (result.images[1]), big_b);
        for (const GeneratedImage &image : result.images)
          {
            ASSERT_TRUE (image.arrival);
            auto verdict = image.arrival->verdict ();
            ASSERT_TRUE (verdict.has_value ());
            EXPECT_TRUE (verdict->ok ());
            EXPECT_EQ ((*verdict)->width, 64);
          }
      }
}

TEST (ImageCollector, WhatCannotBeDecodedWhileArrivingIsDecodedAtTheEnd)
{
  std::string text = b64 (big_a);
  std::string escaped = text;
  for (std::size_t at = escaped.find ('/'); at != std::string::npos; at = escaped.find ('/', at + 2))
    escaped.insert (at, "\\");
  std::string response = R"({"object":"response","output":[{"type":"image_generation_call",)"
                         R"("result":")" + text + R"("}]})";
  for (const std::string &json : {
         R"({"data":[{"b64_json":")" + escaped + R"("}]})", // escapes: json-glib unescapes
         R"({"data":[{"b64_json":"data:image/png;base64,)" + text + R"("}]})",
       })
    {
      Recorder r;
      ASSERT_TRUE (arriving_body (r, json, 1000, 0).ok ());
      ASSERT_EQ (r.collector.result ().images.size (), 1u);
      EXPECT_EQ (bytes_of (r.collector.result ().images[0]), big_a);
      EXPECT_FALSE (r.collector.result ().images[0].arrival);
    }
  Recorder responses;
  ASSERT_TRUE (arriving_body (responses, response, 1000, response.size ()).ok ());
  ASSERT_EQ (responses.collector.result ().images.size (), 1u);
  EXPECT_TRUE (responses.collector.result ().images[0].arrival);

  // Damaged base64 is reported as before.
  std::string damaged = text;
  damaged[damaged.size () / 2] = '!';
  Recorder bad;
  Status status = arriving_body (bad, R"({"data":[{"b64_json":")" + damaged + R"("}]})", 1000, 0);
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().kind, ErrorKind::protocol);
}

namespace {

// Shows an event to the collector as it would arrive, in pieces of `step` bytes, then whole,
// then hands it over, as the transport does.
Status
arriving_event (Recorder &r, std::size_t place, const std::string &name, const std::string &data,
                std::size_t step)
{
  for (std::size_t have = step; have < data.size (); have += step)
    r.collector.watch_event (place, name, std::string_view (data).substr (0, have));
  r.collector.watch_event (place, name, data);
  return r.collector.add_event (SseEvent { name, data, {} });
}

} // namespace

TEST (ImageCollector, FinalImagesOfAStreamAreCheckedWhileTheirEventArrives)
{
  std::string partial = R"({"type":"image_generation.partial_image","b64_json":")" + b64 (big_b)
                        + R"(","partial_image_index":0})";
  std::string completed = R"({"type":"image_generation.completed","b64_json":")" + b64 (big_a)
                          + R"(","usage":{"total_tokens":3}})";
  Recorder r;
  ASSERT_TRUE (arriving_event (r, 0, "image_generation.partial_image", partial, 999).ok ());
  ASSERT_TRUE (arriving_event (r, 1, "image_generation.completed", completed, 999).ok ());
  ASSERT_EQ (r.collector.result ().images.size (), 1u);
  const GeneratedImage &image = r.collector.result ().images[0];
  EXPECT_EQ (bytes_of (image), big_a);
  ASSERT_TRUE (image.arrival);
  auto verdict = image.arrival->verdict ();
  ASSERT_TRUE (verdict.has_value ());
  EXPECT_TRUE (verdict->ok ());
  EXPECT_EQ (r.seen[0].bytes, big_b);

  // Responses: the image of output_item.done is checked on the way; response.completed
  // repeats it and is not watched.
  std::string item = R"({"type":"image_generation_call","id":"ig_7","result":")" + b64 (big_a)
                     + R"("})";
  Recorder responses;
  ASSERT_TRUE (arriving_event (responses, 0, "response.output_item.done",
                               R"({"type":"response.output_item.done","item":)" + item + "}", 4096)
                   .ok ());
  ASSERT_TRUE (arriving_event (responses, 1, "response.completed",
                               R"({"type":"response.completed","response":{"id":"r","output":[)"
                                   + item + "]}}",
                               4096)
                   .ok ());
  ASSERT_EQ (responses.collector.result ().images.size (), 1u);
  EXPECT_TRUE (responses.collector.result ().images[0].arrival);
  EXPECT_EQ (bytes_of (responses.collector.result ().images[0]), big_a);
}

TEST (ImageCollector, AWatchBelongsToItsOwnEvent)
{
  // Two completed events whose image strings sit at the same place: the second, not watched
  // (it has no name), must not take the first one's image.
  std::string first = R"({"type":"image_generation.completed","b64_json":")" + b64 (big_a) + R"("})";
  std::string second = R"({"type":"image_generation.completed","b64_json":")" + b64 (big_b) + R"("})";
  ASSERT_EQ (first.size (), second.size ());
  Recorder r;
  r.collector.watch_event (0, "image_generation.completed", first);
  r.collector.watch_event (1, "", second);
  ASSERT_TRUE (r.collector.add_event (SseEvent { "", second, {} }).ok ());
  ASSERT_EQ (r.collector.result ().images.size (), 1u);
  EXPECT_EQ (bytes_of (r.collector.result ().images[0]), big_b);
  EXPECT_FALSE (r.collector.result ().images[0].arrival);
}

TEST (ParseApiError, AllFieldsAndRequestId)
{
  std::string body = R"({"error":{"message":"Your request was rejected by the safety system.",)"
                     R"("type":"image_generation_user_error","param":"prompt","code":"moderation_blocked",)"
                     R"("moderation_details":{"moderation_stage":"input","categories":["violence"]}}})";
  Error e = parse_api_error (400, body.data (), body.size (), "req_abc");
  EXPECT_EQ (e.kind, ErrorKind::api);
  EXPECT_EQ (e.http_status, 400);
  EXPECT_EQ (e.message, "Your request was rejected by the safety system.");
  EXPECT_EQ (e.type, "image_generation_user_error");
  EXPECT_EQ (e.param, "prompt");
  EXPECT_EQ (e.code, "moderation_blocked");
  EXPECT_EQ (e.request_id, "req_abc");
}

TEST (ParseApiError, NullFieldsAndNumericCode)
{
  std::string body = R"({"error":{"message":"Rate limit reached","type":"requests","param":null,"code":429}})";
  Error e = parse_api_error (429, body.data (), body.size (), "");
  EXPECT_EQ (e.kind, ErrorKind::api);
  EXPECT_EQ (e.param, "");
  EXPECT_EQ (e.code, "429");
}

TEST (ParseApiError, NonJsonBodyGivesHttpErrorWithShortSnippet)
{
  std::string body = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\n"
                     + std::string (1000, 'x') + "</body></html>";
  Error e = parse_api_error (502, body.data (), body.size (), "req_gw");
  EXPECT_EQ (e.kind, ErrorKind::http);
  EXPECT_EQ (e.http_status, 502);
  EXPECT_EQ (e.request_id, "req_gw");
  EXPECT_EQ (e.message.rfind ("<html> <head><title>502 Bad Gateway</title></head> <body> xxx", 0), 0u)
      << e.message;
  EXPECT_LE (e.message.size (), 210u);
  EXPECT_EQ (e.message.find ('\n'), std::string::npos);
}

TEST (ParseApiError, SnippetDoesNotCutUtf8)
{
  std::string body (199, 'a');
  body += "\xC3\xA9\xC3\xA9";
  Error e = parse_api_error (500, body.data (), body.size (), "");
  EXPECT_TRUE (g_utf8_validate (e.message.data (), static_cast<gssize> (e.message.size ()), nullptr));
}

TEST (ParseApiError, EmptyBodyUsesTheStatusPhrase)
{
  Error e = parse_api_error (503, "", 0, "");
  EXPECT_EQ (e.kind, ErrorKind::http);
  EXPECT_EQ (e.message, "Service Unavailable");
}

TEST (ParseApiError, ErrorAsPlainString)
{
  std::string body = R"({"error":"model not loaded"})";
  Error e = parse_api_error (404, body.data (), body.size (), "");
  EXPECT_EQ (e.kind, ErrorKind::api);
  EXPECT_EQ (e.message, "model not loaded");
}

TEST (ImageCollector, NoMoreFinalImagesThanAskedFor)
{
  Recorder r;
  ResponseLimits limits;
  limits.final_images = 2;
  limits.final_images_source = "n = 2";
  r.collector.set_limits (limits);
  std::string body = R"({"data":[{"b64_json":")" + b64 (png_a) + R"("},{"b64_json":")"
                     + b64 (png_b) + R"("},{"b64_json":")" + b64 (jpeg_a) + R"("}]})";
  Status status = r.body (body);
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().kind, ErrorKind::protocol);
  EXPECT_EQ (status.error ().message,
             "the response holds more images than the 2 images asked for (n = 2); the extra "
             "ones were refused (see docs/limits.md)");
  // The two asked for were delivered before the third was refused.
  ASSERT_EQ (r.seen.size (), 2u);
  EXPECT_EQ (r.seen[0].bytes, png_a);
  EXPECT_EQ (r.seen[1].bytes, png_b);
  EXPECT_EQ (r.collector.result ().images.size (), 2u);
}

TEST (ImageCollector, ARepeatedImageIsNoExtraImage)
{
  Recorder r;
  r.collector.set_limits (ResponseLimits {});
  std::string item = R"({"b64_json":")" + b64 (png_a) + R"("})";
  EXPECT_TRUE (r.body (R"({"data":[)" + item + "," + item + "]}"));
  EXPECT_EQ (r.collector.result ().images.size (), 1u);
}

TEST (ImageCollector, NoMorePartialImagesThanAskedFor)
{
  auto partial = [] (int index) {
    return R"({"type":"image_generation.partial_image","partial_image_index":)"
           + std::to_string (index) + R"(,"b64_json":")" + b64 (png_a) + R"("})";
  };
  for (int asked : { 0, 1, 2 })
    {
      SCOPED_TRACE (asked);
      Recorder r;
      ResponseLimits limits;
      limits.partial_images = asked;
      r.collector.set_limits (limits);
      Status status;
      int sent = 0;
      while (sent < 300 && (status = r.event ("image_generation.partial_image", partial (sent))))
        ++sent;
      EXPECT_EQ (sent, asked);
      ASSERT_FALSE (status.ok ());
      EXPECT_EQ (status.error ().kind, ErrorKind::protocol);
      EXPECT_NE (status.error ().message.find ("partial_images = " + std::to_string (asked)),
                 std::string::npos)
          << status.error ().message;
      EXPECT_EQ (r.seen.size (), static_cast<std::size_t> (asked));
    }
}

TEST (ImageCollector, WithoutLimitsAnyNumberIsTaken)
{
  Recorder r;
  std::string body = R"({"data":[{"b64_json":")" + b64 (png_a) + R"("},{"b64_json":")"
                     + b64 (png_b) + R"("}]})";
  EXPECT_TRUE (r.body (body));
  EXPECT_EQ (r.seen.size (), 2u);
}

TEST (ImageCollector, AnImageStringPastTheLimitIsRefusedUndecoded)
{
  Recorder r;
  std::string huge (max_image_text + 4, 'A');
  Status status = r.body (R"({"data":[{"b64_json":")" + huge + R"("}]})");
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().message,
             "an image of the response is 64 MiB of base64, over the limit of 64 MiB (48 MiB "
             "decoded; see docs/limits.md)");
  EXPECT_TRUE (r.seen.empty ());
}

TEST (ImageCollector, ABodyThatIsNotJsonSaysWhatCame)
{
  {
    Recorder r;
    Status status = r.body ("");
    ASSERT_FALSE (status.ok ());
    EXPECT_EQ (status.error ().message, "the response body is empty");
  }
  {
    Recorder r;
    Status status = r.body (std::string ("\x00\x01\xff\xfe garbage\x1b[2J", 16));
    ASSERT_FALSE (status.ok ());
    const std::string &message = status.error ().message;
    EXPECT_EQ (message.rfind ("the response is not JSON (16 bytes; ", 0), 0u) << message;
    EXPECT_NE (message.find (R"(: "\x00\x01\xff\xfe garbage\x1b[2J")"), std::string::npos)
        << message;
  }
  {
    Recorder r;
    std::string cut = R"({"created":1,"data":[{"b64_json":")" + b64 (big_a).substr (0, 300);
    Status status = r.body (cut);
    ASSERT_FALSE (status.ok ());
    const std::string &message = status.error ().message;
    EXPECT_NE (message.find ("Parse error"), std::string::npos) << message;
    EXPECT_NE (message.find ("\u2026\""), std::string::npos) << message; // a cut snippet
    EXPECT_LT (message.size (), 330u);
  }
}
