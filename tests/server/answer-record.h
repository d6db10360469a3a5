// What a successful answer carried, kept with its request so that a test can compare what a
// client saved with what the server sent: the SHA-256 of each final image's bytes (partial
// images left out) and the usage object.
#pragma once

#include "reply.h"

#include <string>
#include <vector>

namespace gptimage::testing {

struct AnswerRecord
{
  std::vector<std::string> final_image_sha256; // in order, each image once
  std::string usage_json;                      // the last usage object, compact; "" when none
};

// Reads the JSON body or the SSE events' data of `reply`.
AnswerRecord record_answer (const Reply &reply);

} // namespace gptimage::testing
