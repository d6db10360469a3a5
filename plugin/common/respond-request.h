// The respond procedure's request (Responses route): the previous response id (given, or the
// one stored on the image), the layer as an input image and the selection as its mask.
#pragma once

#include "request-host.h"
#include "request-runner.h"

#include "gptimage/image-codec.h"
#include "gptimage/image-size.h"
#include "gptimage/parameter.h"
#include "gptimage/png-encoder.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gptimage::plugin {

// The parasite that carries the last Responses id of an image.
inline constexpr const char *kResponseIdParasite = "gpt-image-response-id";

struct RespondInputs
{
  std::map<Param, std::string> given;
  std::string stored_response_id;   // the image's parasite ("" when none)
  std::optional<RgbaImage> layer;   // the layer to send, whole
  std::vector<std::uint8_t> coverage; // the selection over the layer; empty: no selection
  std::optional<PixelSize> canvas;  // the image's size (its matched size is asked for); none: no image
};

Result<DecodedAnswer> fetch_response (RespondInputs inputs, RequestHost &host);

// A PNG data: URL of the pixels (no temporary file). A mask passes PngAlpha::always.
Result<std::string> png_data_url (const RgbaImage &pixels, PngAlpha alpha = PngAlpha::when_used);

} // namespace gptimage::plugin
