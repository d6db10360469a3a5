// The faults the test server can be told to produce: their names (for the admin endpoint and
// the command line), their JSON form, and the answers of the faults that answer at once.
#pragma once

#include "image-answer.h"
#include "reply.h"
#include "test-server.h"

#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace gptimage::testing {

// rate_limit, server_error, unavailable, moderation_blocked, insufficient_quota and
// hostile_text replace the answer; slow, drop_mid_stream and stream_error change how the real
// answer is delivered, hostile_revised_prompt what it says; not_an_image and wrong_size spoil
// the final images in it; the key_echo_* faults repeat the request's key (key-echo.h).
bool fault_replaces_answer (FaultKind kind);

// What a fault spoils in the final images (none for the others).
ImageDefect fault_defect (FaultKind kind);

// The API's answer for a fault that replaces the answer (with Retry-After and retry-after-ms
// for rate_limit). For stream_error it is the 500 a request that is not a stream gets.
Reply fault_reply (const Fault &fault, const std::string &request_id);

// Every revised_prompt in a successful answer, JSON body or SSE events, becomes `text`; with
// `beside_every_image`, every image item gets one.
void set_revised_prompts (Reply &reply, std::string_view text, bool beside_every_image);

// For hostile_revised_prompt: every revised_prompt becomes kHostileText.
void make_revised_prompts_hostile (Reply &reply);

// {"faults": [{"kind", "retry_after", "delay"}, ...]}
std::string faults_json (const std::deque<Fault> &faults);
// {"faults": [...]} or a bare array; retry_after and delay default to 1 and 2 seconds.
Result<std::vector<Fault>> parse_faults_json (std::string_view text);

} // namespace gptimage::testing
