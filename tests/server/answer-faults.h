// Faults that give an answer a broken server, a proxy or a load balancer might give in place of
// the API's: any HTTP error status, an error object under 200, an HTML page, JSON that breaks
// off, an empty body, binary garbage; and faults that spoil the real answer on its way out:
// more images or partial images than asked for, a stream cut after a given event.
#pragma once

#include "reply-writer.h"
#include "test-server.h"

namespace gptimage::testing {

// http_error, error_in_200, html_page, malformed_json, empty_body and garbage_body replace the
// answer (answer_fault_reply); the others of this file change the real one (spoil_answer).
bool answer_fault_replaces (FaultKind kind);

// The answer of a fault that replaces it.
Reply answer_fault_reply (const Fault &fault);

// extra_partials, extra_images, drop_after_partials, drop_after_final: changes a successful
// answer, and how it is delivered, as the fault says. Other faults leave both alone.
void spoil_answer (const Fault &fault, Reply &reply, Delivery &delivery);

} // namespace gptimage::testing
