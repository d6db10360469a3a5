#include "test-server.h"

#include "answer-faults.h"
#include "api-error.h"
#include "faults.h"
#include "images-route.h"
#include "key-echo.h"
#include "multipart-reader.h"
#include "reply-writer.h"
#include "answer-record.h"
#include "request-record.h"
#include "responses-route.h"
#include "wire-faults.h"

#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace gptimage::testing {

namespace {

enum class Route
{
  generations,
  edits,
  responses,
};

struct UriListFree
{
  void operator() (GSList *list) const noexcept
  {
    g_slist_free_full (list, reinterpret_cast<GDestroyNotify> (g_uri_unref));
  }
};
using UriList = std::unique_ptr<GSList, UriListFree>;

// The newest requests kept for inspection; a long benchmark run must not hold every upload.
constexpr std::size_t max_records = 500;

const char *const finished_key = "gpt-image-test-server-finished";

std::string
new_request_id ()
{
  std::string uuid = take_string (g_uuid_string_random ());
  std::string id = "req_";
  for (char c : uuid)
    if (c != '-')
      id += c;
  return id;
}

} // namespace

struct TestServer::State
{
  Options options;
  std::thread thread;
  MainContextPtr context;
  MainLoopPtr loop;
  ObjectPtr<SoupServer> server;
  std::uint16_t port = 0;

  // Start-up handshake with the thread that called start().
  std::mutex start_mutex;
  std::condition_variable start_cv;
  bool start_done = false;
  std::string start_error;

  mutable std::mutex mutex; // guards faults and records
  std::deque<Fault> faults;
  std::vector<RecordedRequest> records;
  ResponseStore responses;
  ObjectPtr<GCancellable> stop_wire_faults { g_cancellable_new () };

  void run ();
  void handle (SoupServerMessage *msg, const char *path);
  // The 404, 401 or 405 for a request that does not reach a route; else sets `route`.
  std::optional<Reply> admit (SoupServerMessage *msg, const std::string &path, Route &route);
  void handle_admin (SoupServerMessage *msg, const std::string &path);
  // `request_id` names the record to complete (it may have been cleared meanwhile).
  void respond (SoupServerMessage *msg, const std::string &request_id, Reply reply,
                const std::optional<Fault> &fault, bool paused);
  void set_status (const std::string &request_id, int status);
  RecordedRequest *find_record (const std::string &request_id); // call with `mutex` held
  Reply run_route (Route route, SoupServerMessage *msg, ImageDefect defect);
};

namespace {

// A request held back by a `slow` fault.
struct Deferred
{
  TestServer::State *state;
  ObjectPtr<SoupServerMessage> msg;
  std::string request_id;
  Route route = Route::generations;
};

void
on_finished (SoupServerMessage *msg, gpointer)
{
  g_object_set_data (G_OBJECT (msg), finished_key, GINT_TO_POINTER (1));
}

void
on_request_handler (SoupServer *, SoupServerMessage *msg, const char *path, GHashTable *,
                    gpointer data)
{
  static_cast<TestServer::State *> (data)->handle (msg, path);
}

std::string
content_type_of (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Content-Type");
  return value ? value : "";
}

Result<std::vector<FormPart>>
request_form (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  BytesPtr bytes (soup_message_body_flatten (body));
  return read_multipart (soup_server_message_get_request_headers (msg), bytes.get ());
}

} // namespace

void
TestServer::State::run ()
{
  context.reset (g_main_context_new ());
  g_main_context_push_thread_default (context.get ());
  loop.reset (g_main_loop_new (context.get (), FALSE));
  server.reset (SOUP_SERVER (g_object_new (SOUP_TYPE_SERVER, "server-header",
                                           "gpt-image-test-server ", nullptr)));
  soup_server_add_handler (server.get (), nullptr, on_request_handler, this, nullptr);

  ErrorOut error;
  bool tls = !options.tls_certificate_file.empty ();
  bool listening = true;
  if (tls)
    {
      ObjectPtr<GTlsCertificate> certificate (g_tls_certificate_new_from_files (
          options.tls_certificate_file.c_str (), options.tls_key_file.c_str (), error.out ()));
      if (certificate)
        soup_server_set_tls_certificate (server.get (), certificate.get ());
      listening = certificate != nullptr;
    }
  listening = listening
              && soup_server_listen_local (
                  server.get (), options.port,
                  static_cast<SoupServerListenOptions> (
                      SOUP_SERVER_LISTEN_IPV4_ONLY | (tls ? SOUP_SERVER_LISTEN_HTTPS : 0)),
                  error.out ());
  if (listening)
    {
      UriList uris (soup_server_get_uris (server.get ()));
      if (uris)
        port = static_cast<std::uint16_t> (g_uri_get_port (static_cast<GUri *> (uris->data)));
    }
  {
    std::lock_guard lock (start_mutex);
    start_done = true;
    if (!listening)
      start_error = error.message ();
    else if (port == 0)
      start_error = "no listening address";
  }
  start_cv.notify_all ();

  if (listening && port != 0)
    g_main_loop_run (loop.get ());

  g_cancellable_cancel (stop_wire_faults.get ()); // connections a wire fault holds open
  soup_server_disconnect (server.get ());
  server.reset ();
  // Let the closed connections finish their business before the context goes away.
  while (g_main_context_iteration (context.get (), FALSE))
    ;
  g_main_context_pop_thread_default (context.get ());
  loop.reset ();
  context.reset ();
}

void
TestServer::State::handle (SoupServerMessage *msg, const char *path_raw)
{
  std::string path = path_raw ? path_raw : "/";
  std::string request_id = new_request_id ();
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "x-request-id",
                                request_id.c_str ());
  if (path.rfind ("/__admin/", 0) == 0)
    {
      handle_admin (msg, path);
      return;
    }

  // Record first, so even a rejected request can be inspected.
  {
    RecordedRequest record = record_request (msg, path, request_id);
    std::lock_guard lock (mutex);
    if (records.size () >= max_records)
      records.erase (records.begin ());
    records.push_back (std::move (record));
  }

  Route route = Route::generations;
  if (std::optional<Reply> refusal = admit (msg, path, route))
    {
      respond (msg, request_id, std::move (*refusal), std::nullopt, false);
      return;
    }

  std::optional<Fault> fault;
  {
    std::lock_guard lock (mutex);
    if (!faults.empty ())
      {
        fault = faults.front ();
        faults.pop_front ();
        if (RecordedRequest *r = find_record (request_id))
          r->fault = fault->kind;
      }
  }
  if (fault && fault_replaces_answer (fault->kind))
    {
      respond (msg, request_id, fault_reply (*fault, request_id), std::nullopt, false);
      return;
    }
  if (fault && fault->kind == FaultKind::slow)
    {
      soup_server_message_pause (msg);
      g_signal_connect (msg, "finished", G_CALLBACK (on_finished), nullptr);
      auto *deferred = new Deferred { this, ref_object (msg), request_id, route };
      SourcePtr timer (g_timeout_source_new (
          static_cast<guint> (std::llround (std::max (0.0, fault->delay_seconds) * 1000))));
      g_source_set_callback (
          timer.get (),
          [] (gpointer data) -> gboolean {
            auto *d = static_cast<Deferred *> (data);
            SoupServerMessage *m = d->msg.get ();
            if (!g_object_get_data (G_OBJECT (m), finished_key))
              d->state->respond (m, d->request_id,
                                 d->state->run_route (d->route, m, ImageDefect::none),
                                 std::nullopt, true);
            return G_SOURCE_REMOVE;
          },
          deferred, [] (gpointer data) { delete static_cast<Deferred *> (data); });
      g_source_attach (timer.get (), context.get ());
      return;
    }
  if (fault && is_wire_fault (fault->kind))
    {
      Reply answer;
      if (wire_fault_uses_answer (fault->kind))
        answer = run_route (route, msg, ImageDefect::none);
      int status = deliver_wire_fault (msg, *fault, answer, request_id, stop_wire_faults.get ());
      set_status (request_id, status);
      if (options.log_requests)
        g_printerr ("%s %s -> %d (%s)\n", soup_server_message_get_method (msg), path.c_str (),
                    status, std::string (fault_kind_name (fault->kind)).c_str ());
      return;
    }
  respond (msg, request_id,
           run_route (route, msg, fault ? fault_defect (fault->kind) : ImageDefect::none), fault,
           false);
}

std::optional<Reply>
TestServer::State::admit (SoupServerMessage *msg, const std::string &path, Route &route)
{
  std::string method = soup_server_message_get_method (msg);
  auto not_found = [&] {
    return error_reply (api_error (404, "invalid_request_error", {}, {},
                                   "Invalid URL (" + method + " " + path + ")"));
  };
  if (path.rfind ("/v1/", 0) != 0)
    return not_found ();

  // Authentication comes before everything else, as on the real API. The key is never
  // repeated in an answer.
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  std::string_view auth = header ? header : "";
  if (auth.substr (0, 7) != "Bearer " || auth.size () == 7
      || auth.find_first_of (" \t", 7) != std::string_view::npos)
    return error_reply (api_error (401, "invalid_request_error", {}, {},
                                   "You didn't provide an API key. You need to provide your API "
                                   "key in an Authorization header using Bearer auth (i.e. "
                                   "Authorization: Bearer YOUR_KEY)."));
  if (!options.api_key.empty () && auth.substr (7) != options.api_key)
    return error_reply (api_error (401, "invalid_request_error", "invalid_api_key", {},
                                   "Incorrect API key provided. You can find your API key at "
                                   "https://platform.openai.com/account/api-keys."));

  if (path == "/v1/images/generations")
    route = Route::generations;
  else if (path == "/v1/images/edits")
    route = Route::edits;
  else if (path == "/v1/responses")
    route = Route::responses;
  else
    return not_found ();
  if (method != "POST")
    {
      Reply reply = error_reply (api_error (405, "invalid_request_error", {}, {},
                                            "Invalid method for URL (" + method + " " + path
                                                + "): use POST."));
      reply.headers.emplace_back ("Allow", "POST");
      return reply;
    }
  return std::nullopt;
}

Reply
TestServer::State::run_route (Route route, SoupServerMessage *msg, ImageDefect defect)
{
  std::string content_type = content_type_of (msg);
  switch (route)
    {
    case Route::generations:
      return handle_generation (content_type, request_text (msg), defect);
    case Route::edits:
      return handle_edit (content_type, request_form (msg), defect);
    case Route::responses:
      return handle_response (content_type, request_text (msg), responses, defect);
    }
  return error_reply (api_error (500, "server_error", {}, {}, "unreachable"));
}

void
TestServer::State::respond (SoupServerMessage *msg, const std::string &request_id, Reply reply,
                            const std::optional<Fault> &spec, bool paused)
{
  std::optional<FaultKind> fault;
  if (spec)
    fault = spec->kind;
  // Faults that break a delivery apply to successful answers only; errors arrive whole.
  if (reply.status == 200 && fault == FaultKind::hostile_revised_prompt)
    make_revised_prompts_hostile (reply);
  Delivery delivery = Delivery::whole;
  if (spec)
    spoil_answer (*spec, reply, delivery);
  if (fault && is_key_echo (*fault))
    delivery = echo_key (*fault, bearer_key (msg), reply);
  else if (reply.status == 200 && fault == FaultKind::drop_mid_stream)
    delivery = Delivery::dropped;
  else if (reply.status == 200 && fault == FaultKind::stream_error)
    {
      if (reply.stream)
        delivery = Delivery::failed;
      else
        reply = fault_reply ({ FaultKind::stream_error }, request_id);
    }
  set_status (request_id, reply.status);
  if (delivery == Delivery::whole)
    {
      AnswerRecord answer = record_answer (reply);
      std::lock_guard lock (mutex);
      if (RecordedRequest *r = find_record (request_id))
        {
          r->answer_image_sha256 = std::move (answer.final_image_sha256);
          r->answer_usage_json = std::move (answer.usage_json);
        }
    }
  if (options.log_requests)
    g_printerr ("%s %s -> %d%s\n", soup_server_message_get_method (msg),
                g_uri_get_path (soup_server_message_get_uri (msg)), reply.status,
                delivery == Delivery::dropped  ? " (dropped)"
                : delivery == Delivery::failed ? " (stream error)"
                                               : "");
  reply.headers.emplace_back ("openai-version", "2020-10-01");
  reply.headers.emplace_back ("openai-processing-ms", "42");
  reply.headers.emplace_back ("x-ratelimit-limit-requests", "500");
  write_reply (msg, std::move (reply), delivery, paused);
}

void
TestServer::State::set_status (const std::string &request_id, int status)
{
  std::lock_guard lock (mutex);
  if (RecordedRequest *r = find_record (request_id))
    r->status = status;
}

RecordedRequest *
TestServer::State::find_record (const std::string &request_id)
{
  for (auto it = records.rbegin (); it != records.rend (); ++it)
    if (it->request_id == request_id)
      return &*it;
  return nullptr;
}

void
TestServer::State::handle_admin (SoupServerMessage *msg, const std::string &path)
{
  std::string method = soup_server_message_get_method (msg);
  auto send = [msg] (Reply reply) { write_reply (msg, std::move (reply), Delivery::whole, false); };
  auto pending = [this] {
    std::lock_guard lock (mutex);
    return faults_json (faults);
  };

  if (path == "/__admin/requests" && method == "GET")
    {
      std::vector<RecordedRequest> copy;
      {
        std::lock_guard lock (mutex);
        copy = records;
      }
      send (json_reply (TestServer::requests_json (copy)));
    }
  else if (path == "/__admin/reset" && method == "POST")
    {
      {
        std::lock_guard lock (mutex);
        records.clear ();
        faults.clear ();
      }
      send (json_reply ("{\"ok\":true}"));
    }
  else if (path == "/__admin/faults" && method == "GET")
    send (json_reply (pending ()));
  else if (path == "/__admin/faults" && method == "POST")
    {
      auto parsed = parse_faults_json (request_text (msg));
      if (!parsed)
        {
          send (error_reply (parsed.error ()));
          return;
        }
      {
        std::lock_guard lock (mutex);
        faults.insert (faults.end (), parsed->begin (), parsed->end ());
      }
      send (json_reply (pending ()));
    }
  else
    send (error_reply (api_error (404, "invalid_request_error", {}, {},
                                  "Unknown admin endpoint (" + method + " " + path + ").")));
}

TestServer::TestServer () : state_ (std::make_unique<State> ()) {}

std::unique_ptr<TestServer>
TestServer::start (const Options &options)
{
  std::unique_ptr<TestServer> server (new TestServer ());
  State *state = server->state_.get ();
  state->options = options;
  state->thread = std::thread ([state] { state->run (); });
  std::unique_lock lock (state->start_mutex);
  state->start_cv.wait (lock, [state] { return state->start_done; });
  if (!state->start_error.empty ())
    {
      g_warning ("test server: cannot listen on 127.0.0.1:%u: %s",
                 static_cast<unsigned> (options.port), state->start_error.c_str ());
      lock.unlock ();
      state->thread.join ();
      return nullptr;
    }
  return server;
}

TestServer::~TestServer ()
{
  if (!state_ || !state_->thread.joinable ())
    return;
  // An idle source rather than g_main_loop_quit (): it also works if the loop has not
  // started running yet.
  SourcePtr idle (g_idle_source_new ());
  g_source_set_callback (
      idle.get (),
      [] (gpointer loop) -> gboolean {
        g_main_loop_quit (static_cast<GMainLoop *> (loop));
        return G_SOURCE_REMOVE;
      },
      state_->loop.get (), nullptr);
  g_source_attach (idle.get (), state_->context.get ());
  state_->thread.join ();
}

std::string
TestServer::base_url () const
{
  const char *scheme = state_->options.tls_certificate_file.empty () ? "http" : "https";
  return std::string (scheme) + "://127.0.0.1:" + std::to_string (state_->port) + "/v1";
}

std::uint16_t
TestServer::port () const
{
  return state_->port;
}

void
TestServer::push_fault (Fault fault)
{
  std::lock_guard lock (state_->mutex);
  state_->faults.push_back (fault);
}

std::size_t
TestServer::pending_faults () const
{
  std::lock_guard lock (state_->mutex);
  return state_->faults.size ();
}

std::vector<RecordedRequest>
TestServer::requests () const
{
  std::lock_guard lock (state_->mutex);
  return state_->records;
}

void
TestServer::clear ()
{
  std::lock_guard lock (state_->mutex);
  state_->records.clear ();
  state_->faults.clear ();
}

} // namespace gptimage::testing
