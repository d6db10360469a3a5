#include "forward-proxy.h"

#include "gptimage/glib-ptr.h"

#include <gio/gio.h>

#include <cstring>
#include <mutex>
#include <thread>

namespace gptimage::testing {

namespace {

struct Head
{
  std::string method, target, version;
  std::vector<std::string> headers; // "Name: value" lines
  std::string credentials;          // the Proxy-Authorization value
  long long content_length = 0;
  bool chunked = false;
};

bool
has_name (const std::string &line, const char *name)
{
  std::size_t length = std::strlen (name);
  return line.size () > length && line[length] == ':'
         && g_ascii_strncasecmp (line.c_str (), name, length) == 0;
}

std::string
value_of (const std::string &line)
{
  std::string value = line.substr (line.find (':') + 1);
  while (!value.empty () && value.front () == ' ')
    value.erase (0, 1);
  return value;
}

// The request line and headers; false when the client closed or sent something else.
bool
read_head (GDataInputStream *in, GCancellable *cancellable, Head &head)
{
  CharPtr line (g_data_input_stream_read_line (in, nullptr, cancellable, nullptr));
  if (!line)
    return false;
  StrvPtr parts (g_strsplit (line.get (), " ", 3));
  if (g_strv_length (parts.get ()) != 3)
    return false;
  head.method = parts.get ()[0];
  head.target = parts.get ()[1];
  head.version = parts.get ()[2];
  for (;;)
    {
      CharPtr header (g_data_input_stream_read_line (in, nullptr, cancellable, nullptr));
      if (!header)
        return false;
      std::string text = header.get ();
      if (text.empty ())
        return true;
      if (has_name (text, "Proxy-Authorization"))
        head.credentials = value_of (text);
      else if (has_name (text, "Content-Length"))
        head.content_length = g_ascii_strtoll (value_of (text).c_str (), nullptr, 10);
      else if (has_name (text, "Transfer-Encoding"))
        head.chunked = true;
      head.headers.push_back (std::move (text));
    }
}

bool
write_text (GOutputStream *out, const std::string &text, GCancellable *cancellable)
{
  return g_output_stream_write_all (out, text.data (), text.size (), nullptr, cancellable, nullptr);
}

// Copies until `from` ends, then tells the other side that nothing more comes.
void
pump (GInputStream *from, GIOStream *to, GCancellable *cancellable)
{
  g_output_stream_splice (g_io_stream_get_output_stream (to), from,
                          G_OUTPUT_STREAM_SPLICE_NONE, cancellable, nullptr);
  g_socket_shutdown (g_socket_connection_get_socket (G_SOCKET_CONNECTION (to)), FALSE, TRUE,
                     nullptr);
}

} // namespace

struct ForwardProxy::State
{
  Options options;
  ObjectPtr<GSocketListener> listener;
  ObjectPtr<GCancellable> cancellable; // cancelled by the destructor: every wait ends
  std::uint16_t port = 0;
  std::thread acceptor;
  mutable std::mutex mutex; // guards records and workers
  std::vector<Record> records;
  std::vector<std::thread> workers;

  void accept_loop ();
  void serve (ObjectPtr<GSocketConnection> client);
  void record (const Head &head, int status);
  void bad_gateway (GOutputStream *client_out, const Head &head);
  ObjectPtr<GSocketConnection> connect_to (const std::string &target, guint16 default_port,
                                           bool is_uri);
  void tunnel (GDataInputStream *in, GSocketConnection *client, const Head &head);
  void forward (GDataInputStream *in, GSocketConnection *client, const Head &head);
};

void
ForwardProxy::State::record (const Head &head, int status)
{
  std::lock_guard lock (mutex);
  records.push_back ({ head.method, head.target, status, !head.credentials.empty () });
}

// `target` is HOST:PORT (CONNECT) or an absolute URI.
ObjectPtr<GSocketConnection>
ForwardProxy::State::connect_to (const std::string &target, guint16 default_port, bool is_uri)
{
  ObjectPtr<GSocketClient> client (g_socket_client_new ());
  g_socket_client_set_enable_proxy (client.get (), FALSE); // a proxy of its own: never
  return ObjectPtr<GSocketConnection> (
      is_uri ? g_socket_client_connect_to_uri (client.get (), target.c_str (), default_port,
                                               cancellable.get (), nullptr)
             : g_socket_client_connect_to_host (client.get (), target.c_str (), default_port,
                                                cancellable.get (), nullptr));
}

void
ForwardProxy::State::bad_gateway (GOutputStream *client_out, const Head &head)
{
  record (head, 502);
  write_text (client_out, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n",
              cancellable.get ());
}

void
ForwardProxy::State::tunnel (GDataInputStream *in, GSocketConnection *client, const Head &head)
{
  GOutputStream *client_out = g_io_stream_get_output_stream (G_IO_STREAM (client));
  ObjectPtr<GSocketConnection> upstream = connect_to (head.target, 443, false);
  if (!upstream)
    {
      bad_gateway (client_out, head);
      return;
    }
  record (head, 200);
  if (!write_text (client_out, "HTTP/1.1 200 Connection established\r\n\r\n", cancellable.get ()))
    return;
  GSocketConnection *origin = upstream.get ();
  std::thread back ([this, origin, client] {
    pump (g_io_stream_get_input_stream (G_IO_STREAM (origin)), G_IO_STREAM (client),
          cancellable.get ());
  });
  // `in` first: it may hold bytes read past the head.
  pump (G_INPUT_STREAM (in), G_IO_STREAM (origin), cancellable.get ());
  back.join ();
}

void
ForwardProxy::State::forward (GDataInputStream *in, GSocketConnection *client, const Head &head)
{
  GOutputStream *client_out = g_io_stream_get_output_stream (G_IO_STREAM (client));
  UriPtr uri (g_uri_parse (head.target.c_str (), G_URI_FLAGS_ENCODED, nullptr));
  ObjectPtr<GSocketConnection> upstream;
  if (uri && g_strcmp0 (g_uri_get_scheme (uri.get ()), "http") == 0 && !head.chunked)
    upstream = connect_to (head.target, 80, true);
  if (!upstream)
    {
      bad_gateway (client_out, head);
      return;
    }
  record (head, 0);
  std::string path = *g_uri_get_path (uri.get ()) ? g_uri_get_path (uri.get ()) : "/";
  if (const char *query = g_uri_get_query (uri.get ()))
    path += std::string ("?") + query;
  std::string request = head.method + " " + path + " " + head.version + "\r\n";
  for (const auto &line : head.headers)
    if (!has_name (line, "Proxy-Authorization") && !has_name (line, "Proxy-Connection")
        && !has_name (line, "Connection") && !has_name (line, "Keep-Alive"))
      request += line + "\r\n";
  request += "Connection: close\r\n\r\n";
  GOutputStream *origin_out = g_io_stream_get_output_stream (G_IO_STREAM (upstream.get ()));
  if (!write_text (origin_out, request, cancellable.get ()))
    return;
  std::vector<char> body (static_cast<std::size_t> (std::max (head.content_length, 0LL)));
  if (!body.empty ()
      && (!g_input_stream_read_all (G_INPUT_STREAM (in), body.data (), body.size (), nullptr,
                                    cancellable.get (), nullptr)
          || !g_output_stream_write_all (origin_out, body.data (), body.size (), nullptr,
                                         cancellable.get (), nullptr)))
    return;
  // The answer, until the origin closes (it was asked to).
  g_output_stream_splice (client_out, g_io_stream_get_input_stream (G_IO_STREAM (upstream.get ())),
                          G_OUTPUT_STREAM_SPLICE_NONE, cancellable.get (), nullptr);
}

void
ForwardProxy::State::serve (ObjectPtr<GSocketConnection> client)
{
  ObjectPtr<GDataInputStream> in (
      g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (client.get ()))));
  g_data_input_stream_set_newline_type (in.get (), G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in.get ()), FALSE);
  Head head;
  if (!read_head (in.get (), cancellable.get (), head))
    return;
  if (!options.user.empty ())
    {
      std::string pair = options.user + ":" + options.password;
      CharPtr encoded (g_base64_encode (reinterpret_cast<const guchar *> (pair.data ()),
                                        pair.size ()));
      if (head.credentials != "Basic " + std::string (encoded.get ()))
        {
          record (head, 407);
          write_text (g_io_stream_get_output_stream (G_IO_STREAM (client.get ())),
                      "HTTP/1.1 407 Proxy Authentication Required\r\n"
                      "Proxy-Authenticate: Basic realm=\"test proxy\"\r\n"
                      "Content-Length: 0\r\nConnection: close\r\n\r\n",
                      cancellable.get ());
          return;
        }
    }
  if (head.method == "CONNECT")
    tunnel (in.get (), client.get (), head);
  else
    forward (in.get (), client.get (), head);
}

void
ForwardProxy::State::accept_loop ()
{
  for (;;)
    {
      ObjectPtr<GSocketConnection> client (
          g_socket_listener_accept (listener.get (), nullptr, cancellable.get (), nullptr));
      if (!client)
        return; // cancelled
      std::lock_guard lock (mutex);
      workers.emplace_back ([this, connection = client.release ()] {
        serve (ObjectPtr<GSocketConnection> (connection));
      });
    }
}

ForwardProxy::ForwardProxy () : state_ (std::make_unique<State> ()) {}

std::unique_ptr<ForwardProxy>
ForwardProxy::start (Options options)
{
  std::unique_ptr<ForwardProxy> proxy (new ForwardProxy ());
  State &state = *proxy->state_;
  state.options = std::move (options);
  state.cancellable.reset (g_cancellable_new ());
  state.listener.reset (g_socket_listener_new ());
  ObjectPtr<GInetAddress> loopback (g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4));
  ObjectPtr<GSocketAddress> address (g_inet_socket_address_new (loopback.get (), 0));
  GSocketAddress *effective = nullptr;
  ErrorOut error;
  if (!g_socket_listener_add_address (state.listener.get (), address.get (),
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, nullptr,
                                      &effective, error.out ()))
    {
      g_warning ("forward proxy: cannot listen on 127.0.0.1: %s", error.message ().c_str ());
      return nullptr;
    }
  ObjectPtr<GSocketAddress> bound (effective);
  state.port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound.get ()));
  state.acceptor = std::thread ([&state] { state.accept_loop (); });
  return proxy;
}

ForwardProxy::~ForwardProxy ()
{
  g_cancellable_cancel (state_->cancellable.get ());
  state_->acceptor.join ();
  g_socket_listener_close (state_->listener.get ());
  std::vector<std::thread> workers;
  {
    std::lock_guard lock (state_->mutex);
    workers.swap (state_->workers);
  }
  for (auto &worker : workers)
    worker.join ();
}

std::string
ForwardProxy::url () const
{
  return "http://127.0.0.1:" + std::to_string (state_->port);
}

std::vector<ForwardProxy::Record>
ForwardProxy::requests () const
{
  std::lock_guard lock (state_->mutex);
  return state_->records;
}

} // namespace gptimage::testing
