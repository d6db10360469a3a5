// POST /v1/responses with the image_generation tool: strict checks of the request, the tool
// and the input items, then an image_generation_call as a Response object or as response.*
// SSE events. Responses are kept so previous_response_id and image_generation_call input items
// can refer to them.
#pragma once

#include "image-answer.h"
#include "reply.h"

#include "gptimage/image-codec.h"

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace gptimage::testing {

struct StoredResponse
{
  std::string id;      // resp_...
  std::string call_id; // ig_... (empty when the response made no image)
  // The newest image of the conversation up to this response (may be null).
  std::shared_ptr<const RgbaImage> image;
};

// Thread-safe. Keeps the newest `capacity` responses, so a long benchmark run does not hold
// every image it ever made.
class ResponseStore
{
public:
  static constexpr std::size_t capacity = 32;

  void put (std::shared_ptr<const StoredResponse> response);
  std::shared_ptr<const StoredResponse> find_response (const std::string &id) const;
  std::shared_ptr<const StoredResponse> find_call (const std::string &call_id) const;
  void clear ();

private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const StoredResponse>> by_id_;
  std::map<std::string, std::shared_ptr<const StoredResponse>> by_call_;
  std::deque<std::shared_ptr<const StoredResponse>> order_; // oldest first
};

// `defect` spoils the final image (the not_an_image and wrong_size faults); the response
// stores the real one.
Reply handle_response (std::string_view content_type, std::string_view body,
                       ResponseStore &store, ImageDefect defect = ImageDefect::none);

} // namespace gptimage::testing
