#include "test-server.h"

#include "api-error.h"
#include "api-rules.h"
#include "images-route.h"
#include "json-text.h"
#include "multipart-reader.h"
#include "reply-writer.h"
#include "responses-route.h"

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

const char *const finished_key = "gpt-image-test-server-finished";

struct FaultName
{
  FaultKind kind;
  std::string_view name;
};

constexpr FaultName fault_names[] = {
  { FaultKind::rate_limit, "rate_limit" },
  { FaultKind::server_error, "server_error" },
  { FaultKind::unavailable, "unavailable" },
  { FaultKind::drop_mid_stream, "drop_mid_stream" },
  { FaultKind::slow, "slow" },
  { FaultKind::moderation_blocked, "moderation_blocked" },
  { FaultKind::insufficient_quota, "insufficient_quota" },
};

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

std::string
lower (std::string_view s)
{
  return take_string (g_ascii_strdown (s.data (), static_cast<gssize> (s.size ())));
}

} // namespace

std::string_view
fault_kind_name (FaultKind kind)
{
  for (const auto &f : fault_names)
    if (f.kind == kind)
      return f.name;
  return "unknown";
}

std::optional<FaultKind>
fault_kind_from_name (std::string_view name)
{
  for (const auto &f : fault_names)
    if (f.name == name)
      return f.kind;
  return std::nullopt;
}

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

  void run ();
  void handle (SoupServerMessage *msg, const char *path);
  void handle_admin (SoupServerMessage *msg, const std::string &path);
  // `request_id` names the record to complete (it may have been cleared meanwhile).
  void respond (SoupServerMessage *msg, const std::string &request_id, Reply reply, bool drop,
                bool paused);
  RecordedRequest *find_record (const std::string &request_id); // call with `mutex` held
  Reply run_route (Route route, SoupServerMessage *msg);
  Reply fault_reply (const Fault &fault, const std::string &request_id);
};

namespace {

// A request held back by a `slow` fault.
struct Deferred
{
  TestServer::State *state;
  ObjectPtr<SoupServerMessage> msg;
  std::string request_id;
  Route route;
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
request_text (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  BytesPtr bytes (soup_message_body_flatten (body));
  gsize size = 0;
  const auto *data = static_cast<const char *> (g_bytes_get_data (bytes.get (), &size));
  return std::string (data ? data : "", size);
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
  bool listening = soup_server_listen_local (server.get (), options.port,
                                             SOUP_SERVER_LISTEN_IPV4_ONLY, error.out ());
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
  std::string method = soup_server_message_get_method (msg);
  std::string request_id = new_request_id ();
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  soup_message_headers_replace (response_headers, "x-request-id", request_id.c_str ());

  if (path.rfind ("/__admin/", 0) == 0)
    {
      handle_admin (msg, path);
      return;
    }

  // Record first, so even a rejected request can be inspected.
  RecordedRequest record;
  record.method = method;
  record.path = path;
  record.request_id = request_id;
  record.content_type = content_type_of (msg);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeadersIter iter;
  soup_message_headers_iter_init (&iter, request_headers);
  const char *name = nullptr, *value = nullptr;
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      std::string key = lower (name);
      std::string text = key == "authorization" ? std::string ("Bearer [redacted]") : value;
      auto [it, fresh] = record.headers.emplace (key, text);
      if (!fresh)
        it->second += ", " + text;
    }
  if (media_type_is (record.content_type, "multipart/form-data"))
    {
      auto form = request_form (msg);
      if (form)
        for (auto &part : *form)
          record.parts.push_back ({ part.name, part.filename, part.content_type, std::move (part.data) });
    }
  else
    record.body = request_text (msg);
  {
    std::lock_guard lock (mutex);
    records.push_back (std::move (record));
  }

  if (path.rfind ("/v1/", 0) != 0)
    {
      respond (msg, request_id,
               error_reply (api_error (404, "invalid_request_error", {}, {},
                                       "Invalid URL (" + method + " " + path + ")")),
               false, false);
      return;
    }

  // Authentication comes before everything else, as on the real API. The key is never
  // repeated in an answer.
  const char *authorization = soup_message_headers_get_one (request_headers, "Authorization");
  std::string_view auth = authorization ? authorization : "";
  if (auth.substr (0, 7) != "Bearer " || auth.size () == 7
      || auth.find_first_of (" \t", 7) != std::string_view::npos)
    {
      respond (msg, request_id,
               error_reply (api_error (401, "invalid_request_error", {}, {},
                                       "You didn't provide an API key. You need to provide your "
                                       "API key in an Authorization header using Bearer auth "
                                       "(i.e. Authorization: Bearer YOUR_KEY).")),
               false, false);
      return;
    }
  if (!options.api_key.empty () && auth.substr (7) != options.api_key)
    {
      respond (msg, request_id,
               error_reply (api_error (401, "invalid_request_error", "invalid_api_key", {},
                                       "Incorrect API key provided. You can find your API key at "
                                       "https://platform.openai.com/account/api-keys.")),
               false, false);
      return;
    }

  Route route;
  if (path == "/v1/images/generations")
    route = Route::generations;
  else if (path == "/v1/images/edits")
    route = Route::edits;
  else if (path == "/v1/responses")
    route = Route::responses;
  else
    {
      respond (msg, request_id,
               error_reply (api_error (404, "invalid_request_error", {}, {},
                                       "Invalid URL (" + method + " " + path + ")")),
               false, false);
      return;
    }
  if (method != "POST")
    {
      soup_message_headers_replace (response_headers, "Allow", "POST");
      respond (msg, request_id,
               error_reply (api_error (405, "invalid_request_error", {}, {},
                                       "Invalid method for URL (" + method + " " + path
                                           + "): use POST.")),
               false, false);
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
  if (fault && fault->kind != FaultKind::slow && fault->kind != FaultKind::drop_mid_stream)
    {
      if (fault->kind == FaultKind::rate_limit)
        {
          double seconds = std::max (0.0, fault->retry_after_seconds);
          soup_message_headers_replace (response_headers, "retry-after",
                                        std::to_string (static_cast<long long> (std::ceil (seconds))).c_str ());
          soup_message_headers_replace (response_headers, "retry-after-ms",
                                        std::to_string (std::llround (seconds * 1000)).c_str ());
          soup_message_headers_replace (response_headers, "x-ratelimit-remaining-requests", "0");
        }
      respond (msg, request_id, fault_reply (*fault, request_id), false, false);
      return;
    }

  if (fault && fault->kind == FaultKind::slow)
    {
      soup_server_message_pause (msg);
      g_signal_connect (msg, "finished", G_CALLBACK (on_finished), nullptr);
      auto *deferred = new Deferred { this, ref_object (msg), request_id, route };
      SourcePtr timer (g_timeout_source_new (static_cast<guint> (
          std::llround (std::max (0.0, fault->delay_seconds) * 1000))));
      g_source_set_callback (
          timer.get (),
          [] (gpointer data) -> gboolean {
            auto *d = static_cast<Deferred *> (data);
            SoupServerMessage *m = d->msg.get ();
            if (!g_object_get_data (G_OBJECT (m), finished_key))
              d->state->respond (m, d->request_id, d->state->run_route (d->route, m), false, true);
            return G_SOURCE_REMOVE;
          },
          deferred, [] (gpointer data) { delete static_cast<Deferred *> (data); });
      g_source_attach (timer.get (), context.get ());
      return;
    }

  bool drop = fault && fault->kind == FaultKind::drop_mid_stream;
  respond (msg, request_id, run_route (route, msg), drop, false);
}

Reply
TestServer::State::run_route (Route route, SoupServerMessage *msg)
{
  std::string content_type = content_type_of (msg);
  switch (route)
    {
    case Route::generations:
      return handle_generation (content_type, request_text (msg));
    case Route::edits:
      return handle_edit (content_type, request_form (msg));
    case Route::responses:
      return handle_response (content_type, request_text (msg), responses);
    }
  return error_reply (api_error (500, "server_error", {}, {}, "unreachable"));
}

Reply
TestServer::State::fault_reply (const Fault &fault, const std::string &request_id)
{
  switch (fault.kind)
    {
    case FaultKind::rate_limit:
      return error_reply (api_error (429, "requests", "rate_limit_exceeded", {},
                                     "Rate limit reached for images per minute (IPM): Limit 5, "
                                     "Used 5, Requested 1. Please try again later."));
    case FaultKind::server_error:
      return error_reply (api_error (500, "server_error", {}, {},
                                     "The server had an error while processing your request. "
                                     "Sorry about that!"));
    case FaultKind::unavailable:
      return error_reply (api_error (503, "server_error", {}, {},
                                     "The engine is currently overloaded, please try again "
                                     "later."));
    case FaultKind::insufficient_quota:
      return error_reply (api_error (429, "insufficient_quota", "insufficient_quota", {},
                                     "You exceeded your current quota, please check your plan "
                                     "and billing details."));
    case FaultKind::moderation_blocked:
      {
        JsonObjectPtr details = new_json_object ();
        json_object_set_string_member (details.get (), "moderation_stage", "input");
        JsonArrayPtr categories (json_array_new ());
        json_array_add_string_element (categories.get (), "violence");
        set_array (details.get (), "categories", std::move (categories));
        JsonObjectPtr extra = new_json_object ();
        set_object (extra.get (), "moderation_details", std::move (details));
        return error_reply (api_error (400, "image_generation_user_error", "moderation_blocked",
                                       {},
                                       "Your request was rejected by the safety system. If you "
                                       "believe this is an error, contact us at help.openai.com "
                                       "and include the request ID "
                                           + request_id + "."),
                            extra.get ());
      }
    case FaultKind::slow:
    case FaultKind::drop_mid_stream:
      break;
    }
  return error_reply (api_error (500, "server_error", {}, {}, "unexpected fault"));
}

void
TestServer::State::respond (SoupServerMessage *msg, const std::string &request_id, Reply reply,
                            bool drop, bool paused)
{
  {
    std::lock_guard lock (mutex);
    if (RecordedRequest *r = find_record (request_id))
      r->status = reply.status;
  }
  if (options.log_requests)
    g_printerr ("%s %s -> %d%s\n", soup_server_message_get_method (msg),
                g_uri_get_path (soup_server_message_get_uri (msg)), reply.status,
                drop && reply.status == 200 ? " (dropped)" : "");
  reply.headers.emplace_back ("openai-version", "2020-10-01");
  reply.headers.emplace_back ("openai-processing-ms", "42");
  reply.headers.emplace_back ("x-ratelimit-limit-requests", "500");
  bool cut = drop && reply.status == 200; // errors always arrive whole
  write_reply (msg, std::move (reply), cut, paused);
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
  auto send = [msg] (int status, std::string body) {
    write_reply (msg, json_reply (std::move (body), status), false, false);
  };
  auto fail = [&] (int status, std::string message) {
    send (status, error_body (api_error (status, "invalid_request_error", {}, {},
                                         std::move (message))));
  };
  auto faults_document = [this] {
    JsonArrayPtr list (json_array_new ());
    std::lock_guard lock (mutex);
    for (const Fault &f : faults)
      {
        JsonObjectPtr item = new_json_object ();
        json_object_set_string_member (item.get (), "kind",
                                       std::string (fault_kind_name (f.kind)).c_str ());
        json_object_set_double_member (item.get (), "retry_after", f.retry_after_seconds);
        json_object_set_double_member (item.get (), "delay", f.delay_seconds);
        json_array_add_object_element (list.get (), item.release ());
      }
    JsonObjectPtr root = new_json_object ();
    set_array (root.get (), "faults", std::move (list));
    return json_object_to_string (root.get ());
  };

  if (path == "/__admin/requests" && method == "GET")
    {
      std::vector<RecordedRequest> copy;
      {
        std::lock_guard lock (mutex);
        copy = records;
      }
      send (200, TestServer::requests_json (copy));
      return;
    }
  if (path == "/__admin/reset" && method == "POST")
    {
      std::lock_guard lock (mutex);
      records.clear ();
      faults.clear ();
      send (200, "{\"ok\":true}");
      return;
    }
  if (path == "/__admin/faults" && method == "GET")
    {
      send (200, faults_document ());
      return;
    }
  if (path == "/__admin/faults" && method == "POST")
    {
      auto root = parse_json (request_text (msg));
      if (!root)
        return fail (400, "The body is not JSON: " + root.error ().message);
      JsonNode *list = root->get ();
      if (JSON_NODE_HOLDS_OBJECT (list))
        list = json_object_get_member (json_node_get_object (list), "faults");
      if (!list || !JSON_NODE_HOLDS_ARRAY (list))
        return fail (400, "Expected {\"faults\": [{\"kind\": ...}, ...]}.");
      std::vector<Fault> parsed;
      JsonArray *array = json_node_get_array (list);
      for (guint i = 0; i < json_array_get_length (array); ++i)
        {
          JsonNode *node = json_array_get_element (array, i);
          if (!JSON_NODE_HOLDS_OBJECT (node))
            return fail (400, "Each fault must be an object.");
          JsonObject *object = json_node_get_object (node);
          const char *kind = json_object_get_string_member_with_default (object, "kind", "");
          auto parsed_kind = fault_kind_from_name (kind);
          if (!parsed_kind)
            return fail (400, "Unknown fault kind '" + std::string (kind) + "'.");
          Fault fault;
          fault.kind = *parsed_kind;
          fault.retry_after_seconds
              = json_object_get_double_member_with_default (object, "retry_after", 1.0);
          fault.delay_seconds = json_object_get_double_member_with_default (object, "delay", 2.0);
          parsed.push_back (fault);
        }
      {
        std::lock_guard lock (mutex);
        faults.insert (faults.end (), parsed.begin (), parsed.end ());
      }
      send (200, faults_document ());
      return;
    }
  fail (404, "Unknown admin endpoint (" + method + " " + path + ").");
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
  return "http://127.0.0.1:" + std::to_string (state_->port) + "/v1";
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

std::string
TestServer::requests_json (const std::vector<RecordedRequest> &requests)
{
  JsonArrayPtr list (json_array_new ());
  for (const RecordedRequest &r : requests)
    {
      JsonObjectPtr item = new_json_object ();
      json_object_set_string_member (item.get (), "method", r.method.c_str ());
      json_object_set_string_member (item.get (), "path", r.path.c_str ());
      JsonObjectPtr headers = new_json_object ();
      for (const auto &[name, value] : r.headers)
        json_object_set_string_member (headers.get (), name.c_str (), value.c_str ());
      set_object (item.get (), "headers", std::move (headers));
      json_object_set_string_member (item.get (), "content_type", r.content_type.c_str ());
      json_object_set_int_member (item.get (), "status", r.status);
      json_object_set_string_member (item.get (), "request_id", r.request_id.c_str ());
      set_string_or_null (item.get (), "fault",
                          r.fault ? std::string (fault_kind_name (*r.fault)) : std::string ());
      if (!r.body.empty ())
        {
          auto json = parse_json (r.body);
          if (json)
            json_object_set_member (item.get (), "json", json->release ());
          else if (g_utf8_validate (r.body.data (), static_cast<gssize> (r.body.size ()), nullptr))
            json_object_set_string_member (item.get (), "body", r.body.c_str ());
          else
            json_object_set_int_member (item.get (), "body_size", static_cast<gint64> (r.body.size ()));
        }
      JsonArrayPtr parts (json_array_new ());
      for (const RecordedPart &p : r.parts)
        {
          JsonObjectPtr part = new_json_object ();
          json_object_set_string_member (part.get (), "name", p.name.c_str ());
          set_string_or_null (part.get (), "filename", p.filename);
          set_string_or_null (part.get (), "content_type", p.content_type);
          json_object_set_int_member (part.get (), "size", static_cast<gint64> (p.data.size ()));
          std::string sha = take_string (g_compute_checksum_for_data (
              G_CHECKSUM_SHA256, reinterpret_cast<const guchar *> (p.data.data ()), p.data.size ()));
          json_object_set_string_member (part.get (), "sha256", sha.c_str ());
          if (p.filename.empty ()
              && g_utf8_validate (p.data.data (), static_cast<gssize> (p.data.size ()), nullptr))
            json_object_set_string_member (part.get (), "value", p.data.c_str ());
          json_array_add_object_element (parts.get (), part.release ());
        }
      set_array (item.get (), "parts", std::move (parts));
      json_array_add_object_element (list.get (), item.release ());
    }
  JsonNodePtr root (json_node_init_array (json_node_alloc (), list.get ()));
  return json_to_string (root.get ());
}

} // namespace gptimage::testing
