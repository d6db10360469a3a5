// What a request brought back: images (final and partial), ids, usage.
#pragma once

#include "gptimage/glib-ptr.h"

#include <memory>
#include <string>
#include <vector>

namespace gptimage {

class ArrivingImage;

struct GeneratedImage
{
  bool partial = false;
  int index = 0;              // finals: 0-based order of arrival; partials: partial_image_index
  BytesPtr data;              // decoded image bytes
  std::string output_format;  // png | jpeg | webp (sniffed, else echoed by the API)
  std::string announced_format; // output_format as the API echoed it; empty when it did not
  std::string size;           // echoed size, when given
  std::string revised_prompt; // when the API gave one
  std::string item_id;        // Responses: the image_generation_call id
  // Set when the bytes were decoded and checked while the response arrived: the check's
  // verdict (check_result_image takes it instead of decoding the image again).
  std::shared_ptr<ArrivingImage> arrival;
};

// The same image with its bytes (and arrival) shared, not copied: for an observer that keeps
// an image past the call that told it.
inline GeneratedImage
share_image (const GeneratedImage &image)
{
  GeneratedImage copy;
  copy.partial = image.partial;
  copy.index = image.index;
  copy.data.reset (image.data ? g_bytes_ref (image.data.get ()) : nullptr);
  copy.output_format = image.output_format;
  copy.announced_format = image.announced_format;
  copy.size = image.size;
  copy.revised_prompt = image.revised_prompt;
  copy.item_id = image.item_id;
  copy.arrival = image.arrival;
  return copy;
}

struct ApiResult
{
  std::vector<GeneratedImage> images; // distinct final images, in order of arrival
  int partial_count = 0;              // partial images seen (delivered through the observer)
  std::string response_id;            // Responses: resp_...
  std::string usage_json;             // the `usage` object as compact JSON, when given
  std::string request_id;             // x-request-id of the successful response
  int http_status = 0;
};

} // namespace gptimage
