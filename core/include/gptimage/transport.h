// Sends a built request with libsoup 3: asynchronous, cancellable, with a timeout, retries
// with backoff, incremental SSE reading and typed errors.
#pragma once

#include "gptimage/api-result.h"
#include "gptimage/config.h"
#include "gptimage/error.h"
#include "gptimage/request.h"
#include "gptimage/retry-policy.h"
#include "gptimage/sse-parser.h"

#include <gio/gio.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace gptimage {

struct TransportOptions
{
  std::string api_key;                      // sent as Authorization: Bearer; never logged
  std::optional<std::string> organization;  // OpenAI-Organization
  std::optional<std::string> project;       // OpenAI-Project
  int timeout_seconds = 300;                // per attempt, from sending to the last byte
  int max_retries = 2;                      // retries after the first attempt
  double max_server_delay_seconds = 60;     // Retry-After / retry-after-ms honoured up to this
  double initial_backoff_seconds = 0.5;     // doubled each retry, capped, minus up to 25% jitter
  double max_backoff_seconds = 8;
  std::string user_agent;                   // e.g. gpt-image/0.1.0
  // The proxy setting, normalized (proxy-choice.h); empty: the proxy environment variables.
  std::string proxy;
  // The PEM file of the authorities to trust instead of the system's (tls-trust.h); empty: the
  // system's. TLS verification is never turned off.
  std::string ca_bundle;
  // Decode and check the images of a JSON body on another thread while it arrives
  // (arriving-image.h), for a front that checks results with KeepPixels::no.
  bool check_while_receiving = false;
};

// Told about everything as it happens. All methods run on the caller's main context.
class TransportObserver
{
public:
  virtual ~TransportObserver () = default;
  virtual void on_partial_image (const GeneratedImage &) {}
  virtual void on_final_image (const GeneratedImage &) {}
  // The raw body of each attempt that got one (non-streaming), before it is parsed; the last
  // call is the last attempt's.
  virtual void on_response_body (int /*http_status*/, GBytes * /*body*/) {}
  // Each raw SSE event, before it is parsed.
  virtual void on_sse_event (const SseEvent &) {}
  // A retry is scheduled after `delay_seconds` because of `reason`; attempt counts from 1.
  virtual void on_retry (int /*attempt*/, double /*delay_seconds*/, const Error & /*reason*/) {}
};

// The transport settings the configuration gives: key, organization, project, timeout,
// retries, proxy and CA bundle. The key must be set (callers check first and explain how to set one).
TransportOptions transport_options_for (const Settings &settings, std::string user_agent);

using TransportCallback = std::function<void (Result<ApiResult>)>;

// Starts the request on the thread-default main context and returns at once. `done` is called
// exactly once on that context. On failure the result is the error; images that already
// arrived were delivered to the observer. `session` may be null: a private one is made, with
// the proxy of proxy-choice.h (from `options.proxy` and the environment) and the trust of
// `options.ca_bundle`; a given session is used as it is.
void send_request_async (SoupSession *session, const HttpRequest &request,
                         const TransportOptions &options, GCancellable *cancellable,
                         TransportObserver *observer, TransportCallback done);

// Runs send_request_async to completion on the thread-default main context.
Result<ApiResult> send_request (const HttpRequest &request, const TransportOptions &options,
                                GCancellable *cancellable, TransportObserver *observer);

} // namespace gptimage
