// Turns API bodies and SSE events into images, ids, usage and typed errors.
#pragma once

#include "gptimage/api-result.h"
#include "gptimage/error.h"
#include "gptimage/lifted-json.h"
#include "gptimage/options.h"
#include "gptimage/response-limits.h"
#include "gptimage/sse-parser.h"

#include <json-glib/json-glib.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gptimage {

// An error from an HTTP error body ({"error": {...}}), or a plain http error when the body is
// not an API error.
Error parse_api_error (int http_status, const char *body, std::size_t size,
                       std::string request_id);

// Collects images from one response. Final images are kept once (the same image arrives in
// response.output_item.done and again in response.completed; equal bytes are one image).
// Partial images are not kept: they go to `on_partial` as they arrive. The image strings are
// lifted out of the JSON (lifted-json.h) and decoded from the text they arrived in.
class ImageCollector
{
public:
  using ImageSink = std::function<void (const GeneratedImage &)>;

  ImageCollector (ImageSink on_partial = {}, ImageSink on_final = {});
  ~ImageCollector ();
  ImageCollector (const ImageCollector &) = delete;
  ImageCollector &operator= (const ImageCollector &) = delete;

  // The images the request asked for: a final or partial image past them is refused with an
  // error (too_many_images_error, too_many_partial_images_error); those before it were
  // delivered. Without limits any number is taken. An image string longer than max_image_text
  // is refused either way.
  void set_limits (const ResponseLimits &limits) { limits_ = limits; }

  // A JSON body that is still arriving, given as the text so far (`expected_size`: its
  // Content-Length, 0 when unknown): image strings are decoded and checked as they come
  // (arriving-image.h), and add_json_body takes those images as they are.
  void watch_body (std::string_view text, std::size_t expected_size);
  // The same for an SSE event that is still arriving (its place in the stream, its name and
  // its data so far), for the events that carry a final image (*.completed of the Images
  // routes, response.output_item.done); add_event takes those images. Call it for every event
  // also when it is complete, just before add_event.
  void watch_event (std::size_t place, std::string_view name, std::string_view data);
  // Drops what was decoded while the text arrived: the text add_json_body or add_event is
  // given next is not the one that was watched (the key was redacted from it).
  void forget_watched ();

  // A complete JSON body: ImagesResponse (data[].b64_json) or a Responses object
  // (output[] image_generation_call.result).
  Status add_json_body (const char *body, std::size_t size);

  // One SSE event. Returns an api error for `error` events (or any payload with a top-level
  // "error" object), `response.failed` and `response.incomplete`; a protocol error for bad
  // base64 or an image event whose data is not JSON. Unknown events are ignored.
  // Sets `done()` on *.completed image events of the Images routes, response.completed and [DONE].
  Status add_event (const SseEvent &event);

  bool done () const { return done_; }
  ApiResult &result () { return result_; }
  ApiResult take_result () { return std::move (result_); }
  // Text the Responses model wrote (output_text parts), e.g. why it made no image.
  const std::string &output_text () const { return output_text_; }

private:
  struct Candidate;
  // An image member's base64 text: a lifted view into the original text, or the parser's
  // unescaped string.
  struct ImageText
  {
    bool present = false; // the member is a string
    std::string_view text;
    bool lifted = false;  // `text` is a view into the text being read
  };
  struct Watch;
  // Points the collector at the text being read, its lifted strings and what was decoded of
  // it while it arrived, for one call.
  class LiftedScope
  {
  public:
    LiftedScope (ImageCollector &collector, const LiftedJson &lifted, const char *text,
                 const Watch *watch)
        : collector_ (collector)
    {
      collector_.lifted_ = &lifted;
      collector_.text_ = text;
      collector_.watched_ = watch;
    }
    ~LiftedScope ()
    {
      collector_.lifted_ = nullptr;
      collector_.text_ = nullptr;
      collector_.watched_ = nullptr;
    }
    LiftedScope (const LiftedScope &) = delete;
    LiftedScope &operator= (const LiftedScope &) = delete;

  private:
    ImageCollector &collector_;
  };

  // `why`, when given, receives the JSON parser's complaint on failure.
  static JsonNodePtr parse_lifting_images (const char *data, std::size_t size,
                                           LiftedJson &lifted, std::string *why = nullptr);
  ImageText image_text (JsonObject *object, const char *name) const;
  Status add_image (const Candidate &candidate);
  Status add_response_object (JsonObject *response);
  void note_tool_echoes (JsonObject *response);
  void note_usage (JsonObject *holder);
  Candidate finished_call (JsonObject *item) const;

  ImageSink on_partial_;
  ImageSink on_final_;
  std::optional<ResponseLimits> limits_;
  ApiResult result_;
  bool done_ = false;
  std::string output_text_;
  std::string tool_format_; // output_format/size of the image_generation tool (Responses echo)
  std::string tool_size_;
  const LiftedJson *lifted_ = nullptr; // during add_json_body and add_event
  const char *text_ = nullptr;         // during add_json_body and add_event
  const Watch *watched_ = nullptr;     // during add_json_body and add_event
  std::unique_ptr<Watch> body_watch_;
  std::unique_ptr<Watch> event_watch_;
  std::size_t event_place_ = 0;        // of the event `event_watch_` is about
  static void watch_text (Watch &watch, std::string_view text, std::size_t expected_size);
};

} // namespace gptimage
