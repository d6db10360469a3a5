#include "wire-faults.h"

#include <algorithm>
#include <memory>
#include <vector>

namespace gptimage::testing {

namespace {

constexpr std::int64_t default_huge_bytes = 400000000;
constexpr std::size_t filler_piece = 64 * 1024;

// One connection being written by hand: the pieces in order, then `filler` bytes of 'A' (a
// huge data line or image string, written piece by piece and never held whole), then `tail`;
// then the connection is closed, or kept open until the client closes it (`stall`).
struct WireJob
{
  ObjectPtr<SoupServerMessage> msg;
  ObjectPtr<GIOStream> stream;
  ObjectPtr<GCancellable> stop;
  std::vector<std::string> pieces;
  std::int64_t filler = 0;
  std::string tail;
  bool stall = false;

  std::size_t next = 0; // the piece being written
  std::string filler_bytes; // 64 KiB of 'A', or of whole events for event_flood
  char sink[256];
};

using JobPtr = std::shared_ptr<WireJob>;

struct JobBox
{
  JobPtr job;
};

void write_next (JobPtr job);

void
on_closed (GObject *source, GAsyncResult *result, gpointer data)
{
  std::unique_ptr<JobBox> box (static_cast<JobBox *> (data));
  g_io_stream_close_finish (G_IO_STREAM (source), result, nullptr);
}

void
close_job (const JobPtr &job)
{
  g_io_stream_close_async (job->stream.get (), G_PRIORITY_DEFAULT, nullptr, on_closed,
                           new JobBox { job });
}

// A stalled connection: read (and drop) until the client gives up or the server stops.
void
on_drained (GObject *source, GAsyncResult *result, gpointer data)
{
  std::unique_ptr<JobBox> box (static_cast<JobBox *> (data));
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, nullptr);
  if (n > 0)
    {
      g_input_stream_read_async (G_INPUT_STREAM (source), box->job->sink, sizeof box->job->sink,
                                 G_PRIORITY_DEFAULT, box->job->stop.get (), on_drained,
                                 box.release ());
      return;
    }
  close_job (box->job);
}

void
on_written (GObject *source, GAsyncResult *result, gpointer data)
{
  std::unique_ptr<JobBox> box (static_cast<JobBox *> (data));
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, nullptr, nullptr))
    {
      close_job (box->job); // the client is gone: stop writing
      return;
    }
  write_next (std::move (box->job));
}

void
write_next (JobPtr job)
{
  GOutputStream *out = g_io_stream_get_output_stream (job->stream.get ());
  const std::string *piece = nullptr;
  std::size_t length = 0;
  if (job->next < job->pieces.size ())
    {
      piece = &job->pieces[job->next++];
      length = piece->size ();
    }
  else if (job->filler > 0)
    {
      piece = &job->filler_bytes;
      length = static_cast<std::size_t> (
          std::min<std::int64_t> (job->filler, static_cast<std::int64_t> (piece->size ())));
      job->filler -= static_cast<std::int64_t> (length);
      if (job->filler == 0)
        job->pieces.push_back (std::move (job->tail));
    }
  if (piece)
    {
      g_output_stream_write_all_async (out, piece->data (), length, G_PRIORITY_DEFAULT,
                                       job->stop.get (), on_written, new JobBox { job });
      return;
    }
  if (!job->stall)
    {
      close_job (job);
      return;
    }
  GInputStream *in = g_io_stream_get_input_stream (job->stream.get ());
  g_input_stream_read_async (in, job->sink, sizeof job->sink, G_PRIORITY_DEFAULT,
                             job->stop.get (), on_drained, new JobBox { job });
}

// The connection is taken once the handler has returned: libsoup is still reading the request
// while its handler runs.
gboolean
on_take_over (gpointer data)
{
  JobPtr job = static_cast<JobBox *> (data)->job;
  job->stream.reset (soup_server_message_steal_connection (job->msg.get ()));
  if (job->stream)
    write_next (job);
  return G_SOURCE_REMOVE;
}

std::string
head (int status, const std::string &content_type, const std::string &request_id,
      const std::string &extra)
{
  const char *phrase = soup_status_get_phrase (static_cast<guint> (status));
  return "HTTP/1.1 " + std::to_string (status) + " " + (phrase ? phrase : "Unknown") + "\r\n"
         + "Content-Type: " + content_type + "\r\nx-request-id: " + request_id + "\r\n" + extra
         + "Connection: close\r\n\r\n";
}

std::string
length_header (std::size_t length)
{
  return "Content-Length: " + std::to_string (length) + "\r\n";
}

// The bytes of the real answer as they would go on the wire, and their type.
std::string
answer_bytes (const Reply &answer, std::string &content_type)
{
  if (!answer.stream)
    {
      content_type = answer.content_type;
      return answer.body;
    }
  content_type = "text/event-stream; charset=utf-8";
  std::string all;
  for (const std::string &event : answer.events)
    all += event;
  return all;
}

// Chunked binary garbage: pseudo-random bytes (all 256 values), as a broken proxy might send.
std::vector<std::string>
garbage_chunks ()
{
  std::string garbage;
  guint32 state = 0x2545F491u;
  for (int i = 0; i < 2048; ++i)
    {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      garbage += static_cast<char> (state & 0xff);
    }
  return { "800\r\n" + garbage + "\r\n", "0\r\n\r\n" };
}

} // namespace

bool
is_wire_fault (FaultKind kind)
{
  switch (kind)
    {
    case FaultKind::no_headers:
    case FaultKind::stall_mid_body:
    case FaultKind::long_content_length:
    case FaultKind::short_content_length:
    case FaultKind::huge_sse_line:
    case FaultKind::huge_body:
    case FaultKind::huge_announced_body:
    case FaultKind::garbage_body:
    case FaultKind::event_flood:
      return true;
    default:
      return false;
    }
}

bool
wire_fault_uses_answer (FaultKind kind)
{
  return kind == FaultKind::stall_mid_body || kind == FaultKind::long_content_length
         || kind == FaultKind::short_content_length;
}

int
deliver_wire_fault (SoupServerMessage *msg, const Fault &fault, const Reply &answer,
                    const std::string &request_id, GCancellable *stop)
{
  auto job = std::make_shared<WireJob> ();
  job->msg = ref_object (msg);
  job->stop = ref_object (stop);
  std::int64_t huge = fault.bytes > 0 ? fault.bytes : default_huge_bytes;
  int status = 200;
  std::string type;
  switch (fault.kind)
    {
    case FaultKind::no_headers:
      status = 0;
      job->stall = true;
      break;
    case FaultKind::stall_mid_body:
      {
        std::string body = answer_bytes (answer, type);
        status = answer.status;
        job->pieces = { head (status, type, request_id, length_header (body.size ())),
                        body.substr (0, body.size () / 3) };
        job->stall = true;
        break;
      }
    case FaultKind::long_content_length:
    case FaultKind::short_content_length:
      {
        std::string body = answer_bytes (answer, type);
        status = answer.status;
        std::size_t told = fault.kind == FaultKind::long_content_length
                               ? body.size () + body.size () / 2 + 100
                               : body.size () / 2;
        job->pieces = { head (status, type, request_id, length_header (told)), body };
        break;
      }
    case FaultKind::huge_sse_line:
      job->pieces = { head (200, "text/event-stream; charset=utf-8", request_id, {}),
                      "event: image_generation.partial_image\ndata: " };
      job->filler = huge;
      job->tail = "\n\n";
      break;
    case FaultKind::huge_body:
    case FaultKind::huge_announced_body:
      {
        std::string start = "{\"created\":1700000000,\"data\":[{\"b64_json\":\"";
        std::string end = "\"}]}";
        std::string extra = fault.kind == FaultKind::huge_announced_body
                                ? length_header (start.size () + static_cast<std::size_t> (huge)
                                                 + end.size ())
                                : std::string ();
        job->pieces = { head (200, "application/json", request_id, extra), start };
        job->filler = huge;
        job->tail = end;
        break;
      }
    case FaultKind::event_flood:
      job->pieces = { head (200, "text/event-stream; charset=utf-8", request_id, {}) };
      job->filler = huge;
      break;
    case FaultKind::garbage_body:
      job->pieces = garbage_chunks ();
      job->pieces.insert (job->pieces.begin (),
                          head (200, "application/json", request_id,
                                "Transfer-Encoding: chunked\r\n"));
      break;
    default:
      return 0;
    }
  if (fault.kind == FaultKind::event_flood)
    {
      // Whole events, as many as fit in a piece: the stream stays well formed piece by piece.
      const std::string event = "event: response.in_progress\ndata: "
                                "{\"type\":\"response.in_progress\",\"padding\":\""
                                + std::string (900, 'p') + "\"}\n\n";
      while (job->filler_bytes.size () + event.size () <= filler_piece)
        job->filler_bytes += event;
    }
  else if (job->filler > 0)
    job->filler_bytes.assign (filler_piece, 'A');
  soup_server_message_pause (msg);
  SourcePtr idle (g_idle_source_new ());
  g_source_set_callback (idle.get (), on_take_over, new JobBox { job },
                         [] (gpointer data) { delete static_cast<JobBox *> (data); });
  MainContextPtr context (g_main_context_ref_thread_default ());
  g_source_attach (idle.get (), context.get ());
  return status;
}

} // namespace gptimage::testing
