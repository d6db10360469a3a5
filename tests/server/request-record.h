// What the server records of each request (see RecordedRequest in test-server.h).
#pragma once

#include "test-server.h"

namespace gptimage::testing {

// Method, path, content type, headers (lower-case names; Authorization redacted), and the
// JSON body or the multipart parts.
RecordedRequest record_request (SoupServerMessage *msg, const std::string &path,
                                const std::string &request_id);

// The whole request body.
std::string request_text (SoupServerMessage *msg);

} // namespace gptimage::testing
