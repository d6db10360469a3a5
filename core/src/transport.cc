#include "gptimage/transport.h"

#include "gptimage/header-value.h"
#include "gptimage/i18n.h"
#include "gptimage/proxy-choice.h"
#include "gptimage/response-parser.h"
#include "gptimage/secret-redaction.h"
#include "gptimage/tls-trust.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace gptimage {

namespace {

constexpr gsize read_chunk_size = 64 * 1024;
constexpr long output_text_limit = 300; // characters of the model's text in a "no image" error

TransportObserver &
null_observer ()
{
  static TransportObserver observer;
  return observer;
}

bool
is_success (int status)
{
  return status >= 200 && status < 300;
}

bool
is_json_type (const char *type)
{
  if (!type)
    return false;
  std::string_view view (type);
  return g_ascii_strcasecmp (type, "application/json") == 0
         || (view.size () > 5 && g_ascii_strcasecmp (type + view.size () - 5, "+json") == 0);
}

// One request with all its attempts. Shared by the pending asynchronous operations and
// sources, so it lives until the last of them has called back.
struct Exchange : std::enable_shared_from_this<Exchange>
{
  // For the whole request.
  ObjectPtr<SoupSession> session;
  std::string url;
  std::string host;
  std::string proxy; // "http://HOST:PORT (https_proxy)" when the private session uses one
  bool stream = false;
  ResponseLimits limits;
  std::string content_type;
  BytesPtr body; // the caller's bytes, referenced, never copied
  TransportOptions options;
  ObjectPtr<GCancellable> cancellable; // the caller's
  TransportObserver *observer = nullptr;
  TransportCallback done;
  MainContextPtr context;
  SourcePtr cancel_source;
  SourcePtr wait_source; // the delay before a retry, or a deferred early error
  std::optional<Error> early_error;
  bool finished = false;
  int attempt = 0; // 1-based once started

  // The current attempt.
  ObjectPtr<SoupMessage> message;
  ObjectPtr<GCancellable> attempt_cancellable;
  SourcePtr timeout_source;
  ObjectPtr<GInputStream> input;
  int status = 0;
  std::string request_id;
  ByteArrayPtr body_buffer;
  std::size_t body_length = 0; // the Content-Length, 0 when none was given
  std::size_t body_limit = 0;  // the most that is read of this body
  std::size_t stream_read = 0; // bytes of the event stream so far
  guint body_used = 0;
  std::vector<char> read_buffer;
  SseParser parser;
  std::unique_ptr<ImageCollector> collector;
  Status stream_status; // the first error an SSE event reported
  bool flushing = false; // delivering what was left in the parser at EOF
};

using ExchangePtr = std::shared_ptr<Exchange>;

// What an asynchronous operation carries: the exchange, and the attempt it belongs to, so a
// late callback from an attempt that was given up is ignored.
struct Ticket
{
  ExchangePtr exchange;
  int attempt;
};

gpointer
issue_ticket (Exchange &ex)
{
  return new Ticket { ex.shared_from_this (), ex.attempt };
}

std::unique_ptr<Ticket>
redeem_ticket (gpointer data)
{
  return std::unique_ptr<Ticket> (static_cast<Ticket *> (data));
}

bool
is_current (const Ticket &ticket)
{
  return !ticket.exchange->finished && ticket.attempt == ticket.exchange->attempt;
}

void
delete_exchange_box (gpointer data)
{
  delete static_cast<ExchangePtr *> (data);
}

ExchangePtr
unbox (gpointer data)
{
  return *static_cast<ExchangePtr *> (data);
}

// Attaches `source` to the exchange's context; the source keeps the exchange alive until it is
// destroyed (drop_source, or finish).
void
attach_source (Exchange &ex, SourcePtr &slot, GSource *source, GSourceFunc func)
{
  slot.reset (source);
  g_source_set_callback (source, func, new ExchangePtr (ex.shared_from_this ()),
                         delete_exchange_box);
  g_source_attach (source, ex.context.get ());
}

void
drop_source (SourcePtr &slot)
{
  if (slot)
    g_source_destroy (slot.get ());
  slot.reset ();
}

guint
to_milliseconds (double seconds)
{
  return static_cast<guint> (std::clamp (seconds * 1000.0, 0.0, 86400000.0) + 0.5);
}

Error
timeout_error (const Exchange &ex)
{
  Error e;
  e.kind = ErrorKind::timeout;
  /* Translators: %d is the timeout in seconds; OPENAI_IMAGE_TIMEOUT (a setting) and --timeout
     (an option) are names to type: keep them. */
  e.message = printf_string (_("timed out: no complete response within %d s (raise "
                               "OPENAI_IMAGE_TIMEOUT or --timeout)"),
                             ex.options.timeout_seconds);
  e.request_id = ex.request_id;
  return e;
}

Error
connection_error (const Exchange &ex, const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return timeout_error (ex);
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    return untrusted_certificate_error (
        ex.host, soup_message_get_tls_peer_certificate_errors (ex.message.get ()),
        ex.options.ca_bundle);
  const char *why = error ? error->message : _("unknown error");
  if (ex.proxy.empty ())
    return Error::network_error (
        /* Translators: a host name, then why it could not be reached (the network library's
           message). */
        printf_string (_("cannot reach %s: %s"), ex.host.c_str (), why));
  /* Translators: a host name, the proxy used such as "http://proxy:3128 (https_proxy)", then why
     it could not be reached (the network library's message). */
  return Error::network_error (printf_string (_("cannot reach %s through the proxy %s: %s"),
                                              ex.host.c_str (), ex.proxy.c_str (), why));
}

// A body that ended before its Content-Length; `trouble` is what was wrong with what arrived.
std::string
body_cut_short_text (std::size_t received, std::size_t announced, const char *trouble)
{
  if (!trouble)
    return printf_string (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: bytes received, then bytes announced;
                                          Content-Length is an HTTP header: keep it. */
                                       "the connection closed after %zu of the %zu byte the "
                                       "response announced (Content-Length)",
                                       "the connection closed after %zu of the %zu bytes the "
                                       "response announced (Content-Length)",
                                       announced),
                          received, announced);
  return printf_string (g_dngettext (GETTEXT_PACKAGE,
                                     /* Translators: bytes received, bytes announced, then what
                                        was wrong with the part that arrived; Content-Length is
                                        an HTTP header: keep it. */
                                     "the connection closed after %zu of the %zu byte the "
                                     "response announced (Content-Length); %s",
                                     "the connection closed after %zu of the %zu bytes the "
                                     "response announced (Content-Length); %s",
                                     announced),
                        received, announced, trouble);
}

void start_attempt (Exchange &ex);

// Server text with the key taken out (secret-redaction.h); nullopt when it had none.
std::optional<std::string>
redacted (const Exchange &ex, std::string_view text)
{
  return redact_secret (text, ex.options.api_key);
}

// Ends the current attempt: no timer, no pending I/O.
void
end_attempt (Exchange &ex)
{
  drop_source (ex.timeout_source);
  if (ex.attempt_cancellable)
    g_cancellable_cancel (ex.attempt_cancellable.get ());
  ex.input.reset ();
  ex.message.reset ();
}

void
finish (Exchange &ex, Result<ApiResult> result)
{
  if (ex.finished)
    return;
  end_attempt (ex);
  ex.finished = true;
  drop_source (ex.wait_source);
  drop_source (ex.cancel_source);
  TransportCallback done = std::move (ex.done);
  if (done)
    done (std::move (result));
}

gboolean
on_retry_due (gpointer data)
{
  ExchangePtr ex = unbox (data);
  drop_source (ex->wait_source);
  if (!ex->finished)
    start_attempt (*ex);
  return G_SOURCE_REMOVE;
}

void
attempt_failed (Exchange &ex, Error error, bool retryable, std::optional<double> hint)
{
  end_attempt (ex);
  int retries_so_far = ex.attempt - 1;
  if (!retryable || retries_so_far >= ex.options.max_retries)
    {
      finish (ex, std::move (error));
      return;
    }
  double delay = retry_delay_seconds (ex.options, retries_so_far, hint, g_random_double ());
  ex.observer->on_retry (ex.attempt, delay, error);
  attach_source (ex, ex.wait_source, g_timeout_source_new (to_milliseconds (delay)),
                 on_retry_due);
}

void
succeed (Exchange &ex)
{
  ApiResult result = ex.collector->take_result ();
  if (result.images.empty ())
    {
      Error e;
      e.kind = ErrorKind::protocol;
      e.message = _("the response contained no image");
      if (const std::string &text = ex.collector->output_text (); !text.empty ())
        {
          // g_utf8_substring reads past the end when asked for more than there is.
          std::string said = g_utf8_strlen (text.c_str (), -1) <= output_text_limit
                                 ? text
                                 : take_string (g_utf8_substring (text.c_str (), 0,
                                                                  output_text_limit))
                                       + "\u2026";
          /* Translators: %s is the text the model wrote instead of an image, as it wrote it. */
          e.message = printf_string (_("the response contained no image; the model said: %s"),
                                     said.c_str ());
        }
      e.request_id = ex.request_id;
      finish (ex, std::move (e));
      return;
    }
  result.http_status = ex.status;
  result.request_id = ex.request_id;
  finish (ex, std::move (result));
}

// A whole (non-SSE) body has arrived.
void
body_complete (Exchange &ex)
{
  drop_source (ex.timeout_source); // the last byte is in
  BytesPtr bytes (g_byte_array_free_to_bytes (ex.body_buffer.release ()));
  gsize size = 0;
  const auto *data = static_cast<const char *> (g_bytes_get_data (bytes.get (), &size));
  // Counted before redaction, which shortens the body.
  const std::size_t received = size;
  if (auto clean = redacted (ex, std::string_view (data, size)))
    {
      ex.collector->forget_watched ();
      bytes.reset (g_bytes_new (clean->data (), clean->size ()));
      data = static_cast<const char *> (g_bytes_get_data (bytes.get (), &size));
    }
  ex.observer->on_response_body (ex.status, bytes.get ());

  if (is_success (ex.status))
    {
      Status status = ex.collector->add_json_body (data, size);
      if (received < ex.body_length)
        {
          // Fewer bytes than the Content-Length said, then the end: whatever images came
          // whole were delivered above and are kept, but the answer broke its word.
          Error e = Error::network_error (body_cut_short_text (
              received, ex.body_length, status ? nullptr : status.error ().message.c_str ()));
          e.request_id = ex.request_id;
          finish (ex, std::move (e));
          return;
        }
      if (!status)
        {
          Error e = std::move (status).error ();
          e.request_id = ex.request_id;
          finish (ex, std::move (e));
          return;
        }
      succeed (ex);
      return;
    }

  Error e = parse_api_error (ex.status, data, size, ex.request_id);
  SoupMessageHeaders *headers = soup_message_get_response_headers (ex.message.get ());
  const char *should_retry = soup_message_headers_get_one (headers, "x-should-retry");
  bool retryable = is_retryable (e, should_retry ? should_retry : "");
  std::optional<double> hint = parse_retry_after (headers);
  attempt_failed (ex, std::move (e), retryable, hint);
}

void read_body (Exchange &ex);

void
on_body_read (GObject *source, GAsyncResult *result, gpointer data)
{
  std::unique_ptr<Ticket> ticket = redeem_ticket (data);
  ErrorOut error;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, error.out ());
  if (!is_current (*ticket))
    return;
  Exchange &ex = *ticket->exchange;
  guint used = ex.body_used + static_cast<guint> (std::max<gssize> (n, 0));
  g_byte_array_set_size (ex.body_buffer.get (), used);
  if (n > 0)
    {
      ex.body_used = used;
      if (used > ex.body_limit)
        {
          if (!is_success (ex.status))
            {
              // An error page: its start says all an error message can.
              g_byte_array_set_size (ex.body_buffer.get (), static_cast<guint> (ex.body_limit));
              body_complete (ex);
              return;
            }
          Error e = body_too_large_error (ex.body_limit);
          e.request_id = ex.request_id;
          attempt_failed (ex, std::move (e), false, std::nullopt);
          return;
        }
      if (ex.options.check_while_receiving && is_success (ex.status))
        ex.collector->watch_body (
            std::string_view (reinterpret_cast<const char *> (ex.body_buffer->data), used),
            ex.body_length);
      read_body (ex);
      return;
    }
  if (n < 0 && is_success (ex.status))
    {
      // After a 2xx the request was taken: retrying could bill the image twice.
      Error e = Error::network_error (printf_string (
          /* Translators: %s is why, the network library's message. */
          _("the connection closed while reading the response: %s"), error.message ().c_str ()));
      e.request_id = ex.request_id;
      attempt_failed (ex, std::move (e), false, std::nullopt);
      return;
    }
  body_complete (ex); // an error status: what arrived of its body is enough
}

void
read_body (Exchange &ex)
{
  GByteArray *buffer = ex.body_buffer.get ();
  ex.body_used = buffer->len;
  // One byte past the limit is enough to know it was passed.
  gsize wanted = std::min<gsize> (read_chunk_size, ex.body_limit + 1 - ex.body_used);
  g_byte_array_set_size (buffer, static_cast<guint> (ex.body_used + wanted));
  // Read straight into the body buffer: no per-chunk copies.
  g_input_stream_read_async (ex.input.get (), buffer->data + ex.body_used, wanted,
                             G_PRIORITY_DEFAULT, ex.attempt_cancellable.get (), on_body_read,
                             issue_ticket (ex));
}

// The event without the key, when it held it.
std::optional<SseEvent>
redacted_event (const Exchange &ex, const SseEvent &event)
{
  auto data = redacted (ex, event.data);
  auto name = redacted (ex, event.event);
  auto id = redacted (ex, event.id);
  if (!data && !name && !id)
    return std::nullopt;
  return SseEvent { name.value_or (event.event), data.value_or (event.data),
                    id.value_or (event.id) };
}

// Reads the event and leaves it to the parser, which reuses its data buffer. The key is
// redacted from the whole event, so that it is found even when it came split over reads.
void
deliver_event (Exchange &ex, const SseEvent &received)
{
  if (!ex.stream_status || ex.finished)
    return;
  std::optional<SseEvent> clean = redacted_event (ex, received);
  const SseEvent &event = clean ? *clean : received;
  ex.observer->on_sse_event (event);
  if (ex.collector->done ())
    return; // a later event cannot change the outcome
  if (clean)
    ex.collector->forget_watched ();
  else if (ex.options.check_while_receiving)
    ex.collector->watch_event (ex.parser.emitted (), event.event, event.data);
  if (Status status = ex.collector->add_event (event); !status)
    {
      // A last event cut short by a closed connection is a truncated stream, not bad data.
      if (ex.flushing && status.error ().kind == ErrorKind::protocol)
        return;
      ex.stream_status = std::move (status);
    }
}

void
fail_from_stream (Exchange &ex)
{
  Error e = ex.stream_status.error ();
  e.request_id = ex.request_id;
  finish (ex, std::move (e)); // never retried: the stream had started
}

// EOF or a read error before a completion event.
void
events_ended (Exchange &ex, const GError *error)
{
  if (!ex.stream_status)
    {
      fail_from_stream (ex);
      return;
    }
  if (ex.collector->done () || !ex.collector->result ().images.empty ())
    {
      succeed (ex); // what arrived is complete images
      return;
    }
  Error e = Error::network_error (
      error
          /* Translators: %s is why, the network library's message. */
          ? printf_string (_("the stream ended before the image was complete: %s"), error->message)
          : std::string (_("the stream ended before the image was complete")));
  e.request_id = ex.request_id;
  finish (ex, std::move (e));
}

void read_events (Exchange &ex);

void
on_events_read (GObject *source, GAsyncResult *result, gpointer data)
{
  std::unique_ptr<Ticket> ticket = redeem_ticket (data);
  ErrorOut error;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, error.out ());
  if (!is_current (*ticket))
    return;
  Exchange &ex = *ticket->exchange;
  auto sink = [&ex] (SseEvent &&event) { deliver_event (ex, event); };
  if (n < 0)
    {
      events_ended (ex, error.get ()); // a truncated last event is not flushed
      return;
    }
  if (n == 0)
    {
      ex.flushing = true;
      ex.parser.finish (sink);
      events_ended (ex, nullptr);
      return;
    }
  ex.stream_read += static_cast<std::size_t> (n);
  Status fed = ex.stream_read > ex.limits.stream_bytes ()
                   ? Status (stream_too_large_error (ex.limits.stream_bytes ()))
                   : ex.parser.feed (ex.read_buffer.data (), static_cast<std::size_t> (n), sink);
  if (!fed && ex.stream_status)
    ex.stream_status = std::move (fed);
  if (ex.options.check_while_receiving && ex.stream_status && !ex.collector->done ())
    ex.collector->watch_event (ex.parser.emitted (), ex.parser.pending_event (),
                               ex.parser.pending_data ());
  if (!ex.stream_status)
    fail_from_stream (ex);
  else if (ex.collector->done ())
    succeed (ex);
  else
    read_events (ex);
}

void
read_events (Exchange &ex)
{
  g_input_stream_read_async (ex.input.get (), ex.read_buffer.data (), ex.read_buffer.size (),
                             G_PRIORITY_DEFAULT, ex.attempt_cancellable.get (), on_events_read,
                             issue_ticket (ex));
}

void
on_sent (GObject *source, GAsyncResult *result, gpointer data)
{
  std::unique_ptr<Ticket> ticket = redeem_ticket (data);
  ErrorOut error;
  ObjectPtr<GInputStream> input (
      soup_session_send_finish (SOUP_SESSION (source), result, error.out ()));
  if (!is_current (*ticket))
    return;
  Exchange &ex = *ticket->exchange;
  if (!input)
    {
      Error e = connection_error (ex, error.get ());
      // A refused certificate is refused again on every attempt.
      bool retryable = is_retryable (e)
                       && !g_error_matches (error.get (), G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
      attempt_failed (ex, std::move (e), retryable, std::nullopt);
      return;
    }

  ex.input = std::move (input);
  ex.status = static_cast<int> (soup_message_get_status (ex.message.get ()));
  SoupMessageHeaders *headers = soup_message_get_response_headers (ex.message.get ());
  if (const char *id = soup_message_headers_get_one (headers, "x-request-id"))
    ex.request_id = redacted (ex, id).value_or (id);
  const char *type = soup_message_headers_get_content_type (headers, nullptr);

  // A stream request can still get JSON: an error, or a server that ignored "stream".
  if (ex.stream && is_success (ex.status) && !is_json_type (type))
    {
      ex.read_buffer.resize (read_chunk_size);
      read_events (ex);
      return;
    }
  goffset length = soup_message_headers_get_content_length (headers);
  ex.body_length = length > 0 ? static_cast<std::size_t> (length) : 0;
  ex.body_limit = is_success (ex.status) ? ex.limits.body_bytes () : max_error_body_bytes;
  if (is_success (ex.status) && ex.body_length > ex.body_limit)
    {
      Error e = announced_body_too_large_error (ex.body_length, ex.body_limit);
      e.request_id = ex.request_id;
      attempt_failed (ex, std::move (e), false, std::nullopt);
      return;
    }
  guint reserve = ex.body_length > 0
                      ? static_cast<guint> (std::min (ex.body_length, ex.body_limit) + 1)
                      : read_chunk_size;
  ex.body_buffer.reset (g_byte_array_sized_new (reserve));
  read_body (ex);
}

gboolean
on_timeout (gpointer data)
{
  ExchangePtr ex = unbox (data);
  finish (*ex, timeout_error (*ex));
  return G_SOURCE_REMOVE;
}

gboolean
on_cancelled (GCancellable *, gpointer data)
{
  ExchangePtr ex = unbox (data);
  finish (*ex, Error::cancelled_error ());
  return G_SOURCE_REMOVE;
}

gboolean
on_early_error (gpointer data)
{
  ExchangePtr ex = unbox (data);
  drop_source (ex->wait_source);
  finish (*ex, *ex->early_error);
  return G_SOURCE_REMOVE;
}

void
start_attempt (Exchange &ex)
{
  ++ex.attempt;
  ex.status = 0;
  ex.request_id.clear ();
  ex.body_buffer.reset ();
  ex.body_length = 0;
  ex.stream_read = 0;
  ex.read_buffer.clear ();
  ex.parser = SseParser (max_sse_event_bytes);
  ex.stream_status = Status ();
  ex.flushing = false;
  ex.collector = std::make_unique<ImageCollector> (
      [&ex] (const GeneratedImage &image) { ex.observer->on_partial_image (image); },
      [&ex] (const GeneratedImage &image) { ex.observer->on_final_image (image); });
  ex.collector->set_limits (ex.limits);

  ex.message.reset (soup_message_new (SOUP_METHOD_POST, ex.url.c_str ()));
  SoupMessageHeaders *headers = soup_message_get_request_headers (ex.message.get ());
  if (!ex.options.api_key.empty ())
    {
      std::string authorization = "Bearer " + ex.options.api_key;
      soup_message_headers_replace (headers, "Authorization", authorization.c_str ());
    }
  soup_message_headers_replace (headers, "Accept",
                                ex.stream ? "text/event-stream" : "application/json");
  if (ex.options.organization && !ex.options.organization->empty ())
    soup_message_headers_replace (headers, "OpenAI-Organization",
                                  ex.options.organization->c_str ());
  if (ex.options.project && !ex.options.project->empty ())
    soup_message_headers_replace (headers, "OpenAI-Project", ex.options.project->c_str ());
  if (!ex.options.user_agent.empty ())
    soup_message_headers_replace (headers, "User-Agent", ex.options.user_agent.c_str ());
  soup_message_set_request_body_from_bytes (
      ex.message.get (), ex.content_type.empty () ? nullptr : ex.content_type.c_str (),
      ex.body.get ());

  ex.attempt_cancellable.reset (g_cancellable_new ());
  if (ex.options.timeout_seconds > 0)
    attach_source (ex, ex.timeout_source,
                   g_timeout_source_new (to_milliseconds (ex.options.timeout_seconds)),
                   on_timeout);
  soup_session_send_async (ex.session.get (), ex.message.get (), G_PRIORITY_DEFAULT,
                           ex.attempt_cancellable.get (), on_sent, issue_ticket (ex));
}

// The settings that become header values; checked once, before any attempt.
Status
check_header_values (const TransportOptions &options)
{
  if (Status status = check_header_value ("OPENAI_API_KEY", options.api_key, true); !status)
    return status;
  if (options.organization)
    if (Status status = check_header_value ("OPENAI_ORGANIZATION", *options.organization, false);
        !status)
      return status;
  if (options.project)
    if (Status status = check_header_value ("OPENAI_PROJECT", *options.project, false); !status)
      return status;
  return {};
}

// What the session needs to tell which of its messages take the proxy credentials.
struct ProxyAuthorization
{
  ObjectPtr<GProxyResolver> resolver;
  std::string header;
};

void
delete_proxy_authorization (gpointer data, GClosure *)
{
  delete static_cast<ProxyAuthorization *> (data);
}

// Every message of the session, the CONNECT of a tunnel included, before it is sent.
void
on_request_queued (SoupSession *, SoupMessage *message, gpointer data)
{
  const auto *authorization = static_cast<const ProxyAuthorization *> (data);
  GUri *uri = soup_message_get_uri (message);
  bool connect = g_strcmp0 (soup_message_get_method (message), SOUP_METHOD_CONNECT) == 0;
  // An https:// request travels inside the tunnel, to the server itself: never there.
  if (!connect && g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
    return;
  std::string text = take_string (g_uri_to_string (uri));
  if (proxy_in_use (authorization->resolver.get (), text).empty ())
    return;
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Proxy-Authorization", authorization->header.c_str ());
}

// The private session: its proxy and trust are chosen here, explicitly, so that no GIO
// module or desktop setting changes where the request goes or which certificates pass.
Status
make_session (Exchange &ex)
{
  auto proxy = choose_proxy (ex.url, ex.options.proxy, process_environment);
  if (!proxy)
    return std::move (proxy).error ();
  ObjectPtr<GProxyResolver> resolver = make_proxy_resolver (*proxy);
  if (std::string used = proxy_in_use (resolver.get (), ex.url); !used.empty ())
    ex.proxy = used + " (" + proxy->source + ")";
  ObjectPtr<GTlsDatabase> database;
  if (!ex.options.ca_bundle.empty ())
    {
      auto loaded = load_ca_bundle (ex.options.ca_bundle);
      if (!loaded)
        return std::move (loaded).error ();
      database = std::move (loaded).value ();
    }
  ex.session.reset (soup_session_new_with_options (
      "timeout", static_cast<guint> (std::max (ex.options.timeout_seconds, 0)), "proxy-resolver",
      resolver.get (), nullptr));
  // Set only when given: a null database would make libsoup refuse every certificate.
  if (database)
    soup_session_set_tls_database (ex.session.get (), database.get ());
  if (auto header = proxy_authorization (*proxy))
    g_signal_connect_data (ex.session.get (), "request-queued", G_CALLBACK (on_request_queued),
                           new ProxyAuthorization { ref_object (resolver.get ()), *header },
                           delete_proxy_authorization, static_cast<GConnectFlags> (0));
  return {};
}

std::weak_ptr<Exchange>
start_exchange (SoupSession *session, const HttpRequest &request,
                const TransportOptions &options, GCancellable *cancellable,
                TransportObserver *observer, TransportCallback done)
{
  auto ex = std::make_shared<Exchange> ();
  ex->context.reset (g_main_context_ref_thread_default ());
  if (session)
    ex->session = ref_object (session);
  ex->url = request.url;
  ex->stream = request.stream;
  ex->limits = request.limits;
  ex->content_type = request.content_type;
  if (request.body)
    ex->body.reset (g_bytes_ref (request.body.get ()));
  ex->options = options;
  ex->cancellable = ref_object (cancellable);
  ex->observer = observer ? observer : &null_observer ();
  ex->done = std::move (done);

  if (cancellable)
    attach_source (*ex, ex->cancel_source, g_cancellable_source_new (cancellable),
                   G_SOURCE_FUNC (on_cancelled));

  UriPtr uri (g_uri_parse (ex->url.c_str (), static_cast<GUriFlags> (SOUP_HTTP_URI_FLAGS), nullptr));
  const char *scheme = uri ? g_uri_get_scheme (uri.get ()) : nullptr;
  if (!scheme || !g_uri_get_host (uri.get ())
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    ex->early_error = Error::config_error (
        /* Translators: %s is the URL as configured. */
        printf_string (_("\"%s\" is not an http(s) URL"), ex->url.c_str ()));
  else if (!ex->body)
    ex->early_error = Error::usage_error (_("the request was built without a body"));
  else if (Status headers = check_header_values (options); !headers)
    ex->early_error = std::move (headers).error ();
  else
    {
      ex->host = g_uri_get_host (uri.get ());
      if (!ex->session)
        if (Status made = make_session (*ex); !made)
          ex->early_error = std::move (made).error ();
    }

  if (ex->early_error)
    // `done` is never called before this function returns.
    attach_source (*ex, ex->wait_source, g_idle_source_new (), on_early_error);
  else if (!g_cancellable_is_cancelled (cancellable))
    start_attempt (*ex); // else the cancel source reports it
  return ex;
}

gboolean
on_drain_deadline (gpointer data)
{
  *static_cast<bool *> (data) = true;
  return G_SOURCE_REMOVE;
}

} // namespace

void
send_request_async (SoupSession *session, const HttpRequest &request,
                    const TransportOptions &options, GCancellable *cancellable,
                    TransportObserver *observer, TransportCallback done)
{
  start_exchange (session, request, options, cancellable, observer, std::move (done));
}

Result<ApiResult>
send_request (const HttpRequest &request, const TransportOptions &options,
              GCancellable *cancellable, TransportObserver *observer)
{
  // The caller's context, not a private one: its own sources (progress display, signal
  // handlers) keep running while we wait.
  MainContextPtr context (g_main_context_ref_thread_default ());
  MainLoopPtr loop (g_main_loop_new (context.get (), FALSE));
  std::optional<Result<ApiResult>> outcome;
  std::weak_ptr<Exchange> exchange = start_exchange (
      nullptr, request, options, cancellable, observer,
      [&outcome, &loop] (Result<ApiResult> result) {
        outcome.emplace (std::move (result));
        g_main_loop_quit (loop.get ());
      });
  g_main_loop_run (loop.get ());

  // Cancelled operations still call back; let them, so the exchange and its session are
  // released now and not at some later turn of the caller's loop.
  bool deadline = false;
  SourcePtr guard (g_timeout_source_new (1000));
  g_source_set_callback (guard.get (), on_drain_deadline, &deadline, nullptr);
  g_source_attach (guard.get (), context.get ());
  while (!exchange.expired () && !deadline)
    g_main_context_iteration (context.get (), TRUE);
  g_source_destroy (guard.get ());

  return std::move (*outcome);
}

TransportOptions
transport_options_for (const Settings &settings, std::string user_agent)
{
  TransportOptions options;
  options.api_key = settings.api_key;
  if (!settings.organization.empty ())
    options.organization = settings.organization;
  if (!settings.project.empty ())
    options.project = settings.project;
  options.timeout_seconds = settings.timeout.value_or (options.timeout_seconds);
  options.max_retries = settings.max_retries.value_or (options.max_retries);
  options.proxy = settings.proxy;
  options.ca_bundle = settings.ca_bundle;
  options.user_agent = std::move (user_agent);
  return options;
}

} // namespace gptimage
