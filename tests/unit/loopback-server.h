// A small HTTP server on 127.0.0.1 (port 0) for transport tests. It runs in its own thread with
// its own GMainContext and answers each request with the next scripted reply. Replies are
// written raw on the connection SoupServer parsed the request from, so a test controls the
// pacing of every byte, can drop the connection mid-body, or never answer at all.
#pragma once

#include <glib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace gptimage::test {

struct ReplyStep
{
  int delay_ms = 0;  // wait before writing these bytes
  std::string bytes; // one HTTP chunk when the reply is chunked
};

struct Reply
{
  enum class End
  {
    complete, // the whole body, then close
    drop,     // break off inside the body: mid-chunk, or short of a keep-alive Content-Length
    eof,      // close cleanly at a chunk boundary or with Connection: close, body unfinished
    hang,     // never finish (until the server stops)
  };

  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  int head_delay_ms = 0; // before the status line
  std::vector<ReplyStep> body;
  bool chunked = false; // Transfer-Encoding: chunked; else Content-Length
  End end = End::complete;
  bool answer = true; // false: read the request, then say nothing (for timeouts, cancellation)

  static Reply json (unsigned status, std::string body);
  // text/event-stream, chunked, one step per piece.
  static Reply sse (std::vector<ReplyStep> steps);
  // Accepts the request and never writes a byte.
  static Reply silent ();
  Reply &header (std::string name, std::string value);
};

struct RecordedRequest
{
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers; // names in lower case
  std::string body;
  gint64 monotonic_us = 0; // when the request was read
};

class LoopbackServer
{
public:
  LoopbackServer ();
  ~LoopbackServer ();
  LoopbackServer (const LoopbackServer &) = delete;
  LoopbackServer &operator= (const LoopbackServer &) = delete;

  std::string url (std::string_view path = "/v1/images/generations") const;
  // Queues the reply for the next request. With nothing queued a request gets a 500.
  void push (Reply reply);
  std::vector<RecordedRequest> requests () const;
  std::size_t request_count () const;

  // A URL on 127.0.0.1 where nothing listens.
  static std::string refused_url ();

private:
  struct Impl; // what only the server thread touches
  void run ();

  mutable std::mutex mutex_;
  std::condition_variable ready_cv_;
  bool ready_ = false;
  unsigned port_ = 0;
  std::string start_error_;
  std::deque<Reply> replies_;
  std::vector<RecordedRequest> requests_;
  GMainContext *context_ = nullptr; // owned by the server thread, set while it runs
  GMainLoop *loop_ = nullptr;
  std::thread thread_;
};

} // namespace gptimage::test
