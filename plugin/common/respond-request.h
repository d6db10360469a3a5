// The respond procedure's request (Responses route): the previous response id (given, or the
// one stored on the image unless a new conversation is asked for), the layer as an input image
// and the selection as its mask.
#pragma once

#include "conversation-turn.h"
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

struct RespondInputs
{
  std::map<Param, std::string> given;
  StoredConversation stored;        // the image's parasites
  bool new_conversation = false;    // the new-conversation argument
  std::optional<RgbaImage> layer;   // the layer to send, whole
  std::vector<std::uint8_t> coverage; // the selection over the layer; empty: no selection
  std::optional<PixelSize> canvas;  // the image's size (its matched size is asked for); none: no image
};

struct RespondAnswer
{
  DecodedAnswer decoded;
  std::optional<int> turn; // the conversation's turn to store; none: not counted
};

Result<RespondAnswer> fetch_response (RespondInputs inputs, RequestHost &host);

// A PNG data: URL of the pixels (no temporary file). A mask passes PngAlpha::always.
Result<std::string> png_data_url (const RgbaImage &pixels, PngAlpha alpha = PngAlpha::when_used);

} // namespace gptimage::plugin
