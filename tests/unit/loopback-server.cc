#include "loopback-server.h"

#include "gptimage/glib-ptr.h"

#include <libsoup/soup.h>

#include <algorithm>
#include <list>
#include <memory>

namespace gptimage::test {

Reply
Reply::json (unsigned status, std::string body)
{
  Reply reply;
  reply.status = status;
  reply.headers.emplace_back ("Content-Type", "application/json");
  reply.body.push_back ({ 0, std::move (body) });
  return reply;
}

Reply
Reply::sse (std::vector<ReplyStep> steps)
{
  Reply reply;
  reply.headers.emplace_back ("Content-Type", "text/event-stream");
  reply.body = std::move (steps);
  reply.chunked = true;
  return reply;
}

Reply
Reply::silent ()
{
  Reply reply;
  reply.answer = false;
  return reply;
}

Reply &
Reply::header (std::string name, std::string value)
{
  headers.emplace_back (std::move (name), std::move (value));
  return *this;
}

namespace {

std::string
head_of (const Reply &reply)
{
  const char *phrase = soup_status_get_phrase (reply.status);
  std::string head = "HTTP/1.1 " + std::to_string (reply.status) + " "
                     + (phrase ? phrase : "Status") + "\r\n";
  for (const auto &[name, value] : reply.headers)
    head += name + ": " + value + "\r\n";
  if (reply.chunked)
    head += "Transfer-Encoding: chunked\r\n";
  else
    {
      std::size_t length = 0;
      for (const ReplyStep &step : reply.body)
        length += step.bytes.size ();
      if (reply.end == Reply::End::drop || reply.end == Reply::End::eof)
        ++length; // promise more than will come
      head += "Content-Length: " + std::to_string (length) + "\r\n";
    }
  // libsoup accepts a short body on a Connection: close response as complete; a drop
  // has to look like a broken keep-alive connection.
  if (reply.end != Reply::End::drop)
    head += "Connection: close\r\n";
  head += "\r\n";
  return head;
}

bool
write_all (GIOStream *stream, const std::string &bytes)
{
  if (bytes.empty ())
    return true;
  GOutputStream *out = g_io_stream_get_output_stream (stream);
  return g_output_stream_write_all (out, bytes.data (), bytes.size (), nullptr, nullptr, nullptr);
}

} // namespace

struct LoopbackServer::Impl
{
  struct Writer
  {
    Impl *impl = nullptr;
    ObjectPtr<GIOStream> stream;
    Reply reply;
    std::size_t next = 0; // 0: the head; 1..n: body step n; n + 1: the end
    SourcePtr timer;

    ~Writer ()
    {
      if (timer)
        g_source_destroy (timer.get ());
    }
  };

  LoopbackServer *owner = nullptr;
  GMainContext *context = nullptr;
  std::list<std::unique_ptr<Writer>> writers;

  void
  close (Writer *writer)
  {
    g_io_stream_close (writer->stream.get (), nullptr, nullptr);
    writers.remove_if ([writer] (const std::unique_ptr<Writer> &w) { return w.get () == writer; });
  }

  static gboolean
  on_step (gpointer data)
  {
    auto *writer = static_cast<Writer *> (data);
    writer->timer.reset ();
    writer->impl->step (writer);
    return G_SOURCE_REMOVE;
  }

  void
  schedule (Writer *writer, int delay_ms)
  {
    writer->timer.reset (g_timeout_source_new (static_cast<guint> (std::max (delay_ms, 0))));
    g_source_set_callback (writer->timer.get (), on_step, writer, nullptr);
    g_source_attach (writer->timer.get (), context);
  }

  void
  step (Writer *writer)
  {
    const Reply &reply = writer->reply;
    std::size_t steps = reply.body.size ();
    if (writer->next > steps)
      {
        if (reply.end == Reply::End::hang)
          return; // keep the connection open, silent
        if (reply.end == Reply::End::complete && reply.chunked)
          write_all (writer->stream.get (), "0\r\n\r\n");
        close (writer);
        return;
      }
    std::string bytes;
    if (writer->next == 0)
      bytes = head_of (reply);
    else if (reply.chunked)
      {
        const std::string &chunk = reply.body[writer->next - 1].bytes;
        if (!chunk.empty ())
          {
            // A drop breaks off inside the last chunk: it promises more than it holds.
            bool last = writer->next == steps;
            bool cut = last && reply.end == Reply::End::drop;
            char size[32];
            g_snprintf (size, sizeof size, "%zx\r\n", chunk.size () + (cut ? 16 : 0));
            bytes = size + chunk + (cut ? "" : "\r\n");
          }
      }
    else
      bytes = reply.body[writer->next - 1].bytes;
    if (!write_all (writer->stream.get (), bytes))
      {
        close (writer); // the client went away
        return;
      }
    ++writer->next;
    schedule (writer, writer->next <= steps ? reply.body[writer->next - 1].delay_ms : 0);
  }

  static void
  record_header (const char *name, const char *value, gpointer data)
  {
    auto *headers = static_cast<std::map<std::string, std::string> *> (data);
    CharPtr lower (g_ascii_strdown (name, -1));
    (*headers)[lower.get ()] = value;
  }

  static void
  handle (SoupServer *, SoupServerMessage *message, const char *path, GHashTable *,
          gpointer data)
  {
    auto *impl = static_cast<Impl *> (data);
    RecordedRequest request;
    request.method = soup_server_message_get_method (message);
    request.path = path;
    soup_message_headers_foreach (soup_server_message_get_request_headers (message),
                                  record_header, &request.headers);
    BytesPtr body (soup_message_body_flatten (soup_server_message_get_request_body (message)));
    gsize size = 0;
    const auto *bytes = static_cast<const char *> (g_bytes_get_data (body.get (), &size));
    request.body.assign (bytes ? bytes : "", size);
    request.monotonic_us = g_get_monotonic_time ();

    auto writer = std::make_unique<Writer> ();
    {
      std::lock_guard lock (impl->owner->mutex_);
      impl->owner->requests_.push_back (std::move (request));
      if (impl->owner->replies_.empty ())
        writer->reply = Reply::json (500, R"({"error":{"message":"no reply scripted"}})");
      else
        {
          writer->reply = std::move (impl->owner->replies_.front ());
          impl->owner->replies_.pop_front ();
        }
    }
    // From here on the connection is ours: SoupServer writes nothing.
    writer->stream.reset (soup_server_message_steal_connection (message));
    writer->impl = impl;
    Writer *raw = writer.get ();
    impl->writers.push_back (std::move (writer));
    if (raw->reply.answer)
      impl->schedule (raw, raw->reply.head_delay_ms);
  }
};

gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (static_cast<GMainLoop *> (data));
  return G_SOURCE_REMOVE;
}

LoopbackServer::LoopbackServer ()
{
  thread_ = std::thread (&LoopbackServer::run, this);
  std::unique_lock lock (mutex_);
  ready_cv_.wait (lock, [this] { return ready_; });
  if (!start_error_.empty ())
    g_critical ("loopback server: %s", start_error_.c_str ());
}

LoopbackServer::~LoopbackServer ()
{
  {
    std::lock_guard lock (mutex_);
    if (context_)
      {
        // An idle source, not g_main_loop_quit: the loop may not be running yet.
        SourcePtr idle (g_idle_source_new ());
        g_source_set_callback (idle.get (), quit_loop, loop_, nullptr);
        g_source_attach (idle.get (), context_);
      }
  }
  thread_.join ();
}

void
LoopbackServer::run ()
{
  MainContextPtr context (g_main_context_new ());
  g_main_context_push_thread_default (context.get ());
  MainLoopPtr loop (g_main_loop_new (context.get (), FALSE));
  Impl impl;
  impl.owner = this;
  impl.context = context.get ();

  ObjectPtr<SoupServer> server (soup_server_new (nullptr, nullptr));
  soup_server_add_handler (server.get (), nullptr, Impl::handle, &impl, nullptr);
  ErrorOut error;
  bool listening = soup_server_listen_local (server.get (), 0, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                             error.out ());
  unsigned port = 0;
  if (listening)
    {
      GSList *uris = soup_server_get_uris (server.get ());
      if (uris)
        port = static_cast<unsigned> (g_uri_get_port (static_cast<GUri *> (uris->data)));
      g_slist_free_full (uris, [] (gpointer uri) { g_uri_unref (static_cast<GUri *> (uri)); });
    }
  {
    std::lock_guard lock (mutex_);
    port_ = port;
    start_error_ = listening ? std::string () : "cannot listen: " + error.message ();
    context_ = listening ? context.get () : nullptr;
    loop_ = loop.get ();
    ready_ = true;
  }
  ready_cv_.notify_all ();

  if (listening)
    g_main_loop_run (loop.get ());

  {
    std::lock_guard lock (mutex_);
    context_ = nullptr;
    loop_ = nullptr;
  }
  impl.writers.clear ();
  soup_server_disconnect (server.get ());
  server.reset ();
  while (g_main_context_iteration (context.get (), FALSE))
    ;
  g_main_context_pop_thread_default (context.get ());
}

std::string
LoopbackServer::url (std::string_view path) const
{
  return "http://127.0.0.1:" + std::to_string (port_) + std::string (path);
}

void
LoopbackServer::push (Reply reply)
{
  std::lock_guard lock (mutex_);
  replies_.push_back (std::move (reply));
}

std::vector<RecordedRequest>
LoopbackServer::requests () const
{
  std::lock_guard lock (mutex_);
  return requests_;
}

std::size_t
LoopbackServer::request_count () const
{
  std::lock_guard lock (mutex_);
  return requests_.size ();
}

std::string
LoopbackServer::refused_url ()
{
  // Bind a port without listening on it, then let it go: connecting there is refused.
  ObjectPtr<GSocket> socket (g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                           G_SOCKET_PROTOCOL_TCP, nullptr));
  ObjectPtr<GInetAddress> loopback (g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4));
  ObjectPtr<GSocketAddress> address (g_inet_socket_address_new (loopback.get (), 0));
  g_socket_bind (socket.get (), address.get (), FALSE, nullptr);
  ObjectPtr<GSocketAddress> bound (g_socket_get_local_address (socket.get (), nullptr));
  guint16 port = bound ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound.get ())) : 1;
  g_socket_close (socket.get (), nullptr);
  return "http://127.0.0.1:" + std::to_string (port) + "/v1/images/generations";
}

} // namespace gptimage::test
