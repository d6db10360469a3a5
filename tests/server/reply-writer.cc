#include "reply-writer.h"

#include "sse-writer.h"

#include <algorithm>
#include <memory>

namespace gptimage::testing {

namespace {

BytesPtr
bytes_from (std::string text)
{
  auto *owned = new std::string (std::move (text));
  return BytesPtr (g_bytes_new_with_free_func (owned->data (), owned->size (),
                                               [] (gpointer p) { delete static_cast<std::string *> (p); },
                                               owned));
}

void
append (SoupMessageBody *body, std::string text)
{
  if (text.empty ())
    return;
  BytesPtr bytes = bytes_from (std::move (text));
  soup_message_body_append_bytes (body, bytes.get ());
}

struct Cut
{
  ObjectPtr<SoupServerMessage> msg;
  std::string tail; // raw bytes written after the last whole chunk
};

gboolean
cut_connection (gpointer data)
{
  auto *cut = static_cast<Cut *> (data);
  // Closing the socket under libsoup is the abrupt end a client sees when a proxy or the API
  // drops the connection. (Stealing the connection instead would let libsoup close the body
  // stream first, which writes the final empty chunk: a clean end.)
  GSocket *socket = soup_server_message_get_socket (cut->msg.get ());
  if (!socket)
    return G_SOURCE_REMOVE;
  if (!cut->tail.empty ())
    g_socket_send (socket, cut->tail.data (), cut->tail.size (), nullptr, nullptr);
  g_socket_shutdown (socket, TRUE, TRUE, nullptr);
  g_socket_close (socket, nullptr);
  return G_SOURCE_REMOVE;
}

struct PendingCut
{
  std::size_t remaining;
  std::string tail;
};

// Counts the chunks still to be written before the cut. Stealing the connection inside the
// signal handler would pull the I/O state out from under libsoup, so the cut runs from an
// idle source on the server's context.
void
on_wrote_chunk (SoupServerMessage *msg, gpointer data)
{
  auto *pending = static_cast<PendingCut *> (data);
  if (pending->remaining == 0 || --pending->remaining > 0)
    return;
  SourcePtr idle (g_idle_source_new ());
  g_source_set_callback (idle.get (), cut_connection,
                         new Cut { ref_object (msg), std::move (pending->tail) },
                         [] (gpointer p) { delete static_cast<Cut *> (p); });
  MainContextPtr context (g_main_context_ref_thread_default ());
  g_source_attach (idle.get (), context.get ());
}

// Cuts the connection once `chunks` body chunks are written (0: right after the headers),
// after writing `tail` raw.
void
cut_after (SoupServerMessage *msg, std::size_t chunks, std::string tail)
{
  const char *signal = chunks == 0 ? "wrote-headers" : "wrote-chunk";
  g_signal_connect_data (msg, signal, G_CALLBACK (on_wrote_chunk),
                         new PendingCut { std::max<std::size_t> (chunks, 1), std::move (tail) },
                         [] (gpointer p, GClosure *) { delete static_cast<PendingCut *> (p); },
                         static_cast<GConnectFlags> (0));
}

// Part of an HTTP chunk: its size line promises all of `data`, only half of it follows. A
// clean cut between chunks would look like a normal end of the body to some clients.
std::string
truncated_chunk (const std::string &data)
{
  std::string whole = data.empty () ? std::string ("event: ") : data;
  char size[32];
  g_snprintf (size, sizeof size, "%zx\r\n", whole.size ());
  return size + whole.substr (0, whole.size () / 2);
}

} // namespace

void
write_reply (SoupServerMessage *msg, Reply reply, Delivery delivery, bool paused)
{
  bool drop = delivery == Delivery::dropped;
  soup_server_message_set_status (msg, static_cast<guint> (reply.status), nullptr);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  for (const auto &[name, value] : reply.headers)
    soup_message_headers_replace (headers, name.c_str (), value.c_str ());
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (!reply.stream)
    {
      soup_message_headers_set_content_type (headers, reply.content_type.c_str (), nullptr);
      soup_message_headers_set_content_length (headers,
                                               static_cast<goffset> (reply.body.size ()));
      if (drop)
        {
          std::size_t part = reply.body.size () / 3;
          append (body, reply.body.substr (0, part));
          cut_after (msg, part > 0 ? 1 : 0, {});
        }
      else
        append (body, std::move (reply.body));
      if (paused)
        soup_server_message_unpause (msg);
      return;
    }

  // As the API sends it: clients must not compare the whole header with "text/event-stream".
  soup_message_headers_replace (headers, "Content-Type", "text/event-stream; charset=utf-8");
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  std::size_t appended = 0;
  for (std::size_t i = 0; i < reply.events.size (); ++i)
    {
      std::vector<std::string> chunks = split_event (reply.events[i], i);
      if (delivery == Delivery::failed && i == reply.drop_after)
        {
          for (std::size_t k = 0; k < reply.failure_events.size (); ++k)
            for (auto &chunk : split_event (reply.failure_events[k], i + k))
              append (body, std::move (chunk));
          break;
        }
      if (drop && i == reply.drop_after)
        {
          if (reply.drop_splits_next && chunks.size () > 1)
            {
              append (body, std::move (chunks.front ()));
              ++appended;
              cut_after (msg, appended, truncated_chunk (chunks[1]));
            }
          else
            cut_after (msg, appended, truncated_chunk (chunks.front ()));
          if (paused)
            soup_server_message_unpause (msg);
          return;
        }
      for (auto &chunk : chunks)
        {
          append (body, std::move (chunk));
          ++appended;
        }
    }
  if (drop)
    cut_after (msg, appended, truncated_chunk ({}));
  else
    soup_message_body_complete (body);
  if (paused)
    soup_server_message_unpause (msg);
}

} // namespace gptimage::testing
