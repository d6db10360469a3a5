/* The benchmark's canned OpenAI-compatible server: instant answers from pre-built bodies.
 *
 *   canned-server URL_FILE SIZE JSON_FILE SSE_FILE [SIZE JSON_FILE SSE_FILE ...]
 *
 * Listens on 127.0.0.1, port chosen by the kernel, and writes "http://127.0.0.1:PORT/v1" to
 * URL_FILE once it accepts connections. POST /v1/images/generations is answered from the body
 * of the request's "size": with "stream": true the SSE file (text/event-stream, chunked, one
 * chunk per event), otherwise the JSON file. Every answer is built in memory at start-up, so a
 * request costs one write of ready bytes. One thread per connection, keep-alive honoured.
 * Anything else gets a 404 or 400 with an OpenAI-style error body. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SIZES 8
#define MAX_HEADER (64 * 1024)
#define MAX_REQUEST_BODY (1024 * 1024)

struct buffer
{
  char *data;
  size_t size, capacity;
};

struct canned
{
  char size[32];
  struct buffer json_reply; /* status line, headers and body */
  struct buffer sse_reply;
};

static struct canned canned[MAX_SIZES];
static int canned_count;

static void
die (const char *what)
{
  perror (what);
  exit (1);
}

static void
append (struct buffer *b, const void *data, size_t size)
{
  if (b->size + size > b->capacity)
    {
      size_t capacity = b->capacity ? b->capacity : 4096;
      while (capacity < b->size + size)
        capacity *= 2;
      b->data = realloc (b->data, capacity);
      if (!b->data)
        die ("realloc");
      b->capacity = capacity;
    }
  memcpy (b->data + b->size, data, size);
  b->size += size;
}

static void
append_text (struct buffer *b, const char *text)
{
  append (b, text, strlen (text));
}

static struct buffer
read_file (const char *path)
{
  struct buffer b = { 0 };
  FILE *f = fopen (path, "rb");
  if (!f)
    die (path);
  struct stat st;
  if (fstat (fileno (f), &st) != 0)
    die (path);
  b.capacity = (size_t) st.st_size + 1;
  b.data = malloc (b.capacity);
  if (!b.data)
    die ("malloc");
  b.size = fread (b.data, 1, (size_t) st.st_size, f);
  if (b.size != (size_t) st.st_size)
    die (path);
  fclose (f);
  return b;
}

static void
build_json_reply (struct buffer *reply, const struct buffer *body)
{
  char head[256];
  snprintf (head, sizeof head,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
            "x-request-id: req_bench\r\n\r\n",
            body->size);
  append_text (reply, head);
  append (reply, body->data, body->size);
}

/* One HTTP chunk per event: the SSE file's events end with a blank line ("\n\n"). */
static void
build_sse_reply (struct buffer *reply, const struct buffer *body)
{
  append_text (reply, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                      "Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\n"
                      "x-request-id: req_bench\r\n\r\n");
  size_t start = 0;
  while (start < body->size)
    {
      char *end = memmem (body->data + start, body->size - start, "\n\n", 2);
      size_t stop = end ? (size_t) (end - body->data) + 2 : body->size;
      char size_line[32];
      snprintf (size_line, sizeof size_line, "%zx\r\n", stop - start);
      append_text (reply, size_line);
      append (reply, body->data + start, stop - start);
      append_text (reply, "\r\n");
      start = stop;
    }
  append_text (reply, "0\r\n\r\n");
}

static int
send_all (int fd, const char *data, size_t size)
{
  while (size > 0)
    {
      ssize_t n = send (fd, data, size, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return -1;
      data += n;
      size -= (size_t) n;
    }
  return 0;
}

static int
send_error (int fd, int status, const char *reason, const char *message)
{
  char body[512], reply[1024];
  int body_size = snprintf (body, sizeof body,
                            "{\"error\":{\"message\":\"%s\",\"type\":\"invalid_request_error\","
                            "\"param\":null,\"code\":null}}",
                            message);
  int size = snprintf (reply, sizeof reply,
                       "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
                       "Content-Length: %d\r\n\r\n%s",
                       status, reason, body_size, body);
  return send_all (fd, reply, (size_t) size);
}

/* The value of a JSON member in a flat request body, e.g. "size": "1024x1024" -> 1024x1024.
 * Enough for the bodies the clients send (no escapes in these values). */
static int
member_value (const char *body, size_t size, const char *name, char *out, size_t out_size)
{
  char key[64];
  snprintf (key, sizeof key, "\"%s\"", name);
  const char *p = memmem (body, size, key, strlen (key));
  if (!p)
    return 0;
  const char *end = body + size;
  p += strlen (key);
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ':'))
    p++;
  int quoted = p < end && *p == '"';
  if (quoted)
    p++;
  size_t n = 0;
  while (p < end && n + 1 < out_size && (quoted ? *p != '"' : (*p != ',' && *p != '}' && *p != ' ')))
    out[n++] = *p++;
  out[n] = '\0';
  return 1;
}

static const char *
header_value (const char *headers, const char *name)
{
  size_t len = strlen (name);
  for (const char *line = strstr (headers, "\r\n"); line && line[2] != '\r';
       line = strstr (line + 2, "\r\n"))
    if (strncasecmp (line + 2, name, len) == 0 && line[2 + len] == ':')
      {
        const char *v = line + 3 + len;
        while (*v == ' ')
          v++;
        return v;
      }
  return NULL;
}

static void *
serve_connection (void *arg)
{
  int fd = (int) (long) arg;
  int one = 1;
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  char *buf = malloc (MAX_HEADER + MAX_REQUEST_BODY + 1);
  size_t have = 0;
  if (!buf)
    goto out;
  for (;;)
    {
      /* Headers. */
      char *header_end;
      while (!(header_end = have ? memmem (buf, have, "\r\n\r\n", 4) : NULL))
        {
          if (have >= MAX_HEADER)
            goto out;
          ssize_t n = recv (fd, buf + have, MAX_HEADER - have, 0);
          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            goto out;
          have += (size_t) n;
        }
      size_t header_size = (size_t) (header_end - buf) + 4;
      char saved = buf[header_size];
      buf[header_size] = '\0';
      const char *length_text = header_value (buf, "Content-Length");
      const char *expect = header_value (buf, "Expect");
      const char *chunked = header_value (buf, "Transfer-Encoding");
      int is_post = strncmp (buf, "POST ", 5) == 0;
      int is_route = strncmp (buf + (is_post ? 5 : 0), "/v1/images/generations ", 23) == 0
                     || strncmp (buf + (is_post ? 5 : 0), "/v1/images/generations?", 23) == 0;
      buf[header_size] = saved;
      if (chunked && strncasecmp (chunked, "chunked", 7) == 0)
        {
          send_error (fd, 411, "Length Required", "send a Content-Length");
          goto out;
        }
      size_t length = length_text ? strtoul (length_text, NULL, 10) : 0;
      if (length > MAX_REQUEST_BODY)
        {
          send_error (fd, 413, "Payload Too Large", "request body too large");
          goto out;
        }
      if (expect && strncasecmp (expect, "100-continue", 12) == 0
          && send_all (fd, "HTTP/1.1 100 Continue\r\n\r\n", 25) != 0)
        goto out;

      /* Body. */
      while (have < header_size + length)
        {
          ssize_t n = recv (fd, buf + have, header_size + length - have, 0);
          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            goto out;
          have += (size_t) n;
        }
      const char *body = buf + header_size;

      int rc;
      if (!is_post || !is_route)
        rc = send_error (fd, 404, "Not Found", "only POST /v1/images/generations is canned");
      else
        {
          char size[32] = "", stream[16] = "";
          member_value (body, length, "size", size, sizeof size);
          member_value (body, length, "stream", stream, sizeof stream);
          const struct canned *c = NULL;
          for (int i = 0; i < canned_count; i++)
            if (strcmp (canned[i].size, size) == 0)
              c = &canned[i];
          if (!c)
            rc = send_error (fd, 400, "Bad Request", "no canned answer for this size");
          else
            {
              const struct buffer *reply
                  = strcmp (stream, "true") == 0 ? &c->sse_reply : &c->json_reply;
              rc = send_all (fd, reply->data, reply->size);
            }
        }
      if (rc != 0)
        goto out;
      /* Keep what followed this request (pipelining) for the next round. */
      size_t used = header_size + length;
      memmove (buf, buf + used, have - used);
      have -= used;
    }
out:
  free (buf);
  close (fd);
  return NULL;
}

int
main (int argc, char **argv)
{
  if (argc < 5 || (argc - 2) % 3 != 0 || (argc - 2) / 3 > MAX_SIZES)
    {
      fprintf (stderr, "usage: %s URL_FILE SIZE JSON_FILE SSE_FILE [SIZE JSON_FILE SSE_FILE ...]\n",
               argv[0]);
      return 2;
    }
  signal (SIGPIPE, SIG_IGN);
  /* Gone with the script that started it, even one that could not run its cleanup. */
  pid_t parent = getppid ();
  if (prctl (PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid () != parent)
    return 1;
  for (int i = 2; i + 2 < argc; i += 3)
    {
      struct canned *c = &canned[canned_count++];
      snprintf (c->size, sizeof c->size, "%s", argv[i]);
      struct buffer json = read_file (argv[i + 1]);
      struct buffer sse = read_file (argv[i + 2]);
      build_json_reply (&c->json_reply, &json);
      build_sse_reply (&c->sse_reply, &sse);
      free (json.data);
      free (sse.data);
    }

  int server = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (server < 0)
    die ("socket");
  int one = 1;
  setsockopt (server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = 0 };
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (server, (struct sockaddr *) &addr, sizeof addr) != 0)
    die ("bind");
  if (listen (server, 64) != 0)
    die ("listen");
  socklen_t len = sizeof addr;
  if (getsockname (server, (struct sockaddr *) &addr, &len) != 0)
    die ("getsockname");

  /* The URL file appears whole (rename), and only once connections are accepted. */
  char tmp[4096];
  snprintf (tmp, sizeof tmp, "%s.tmp", argv[1]);
  FILE *f = fopen (tmp, "w");
  if (!f)
    die (tmp);
  fprintf (f, "http://127.0.0.1:%d/v1\n", ntohs (addr.sin_port));
  if (fclose (f) != 0 || rename (tmp, argv[1]) != 0)
    die (argv[1]);

  for (;;)
    {
      int fd = accept4 (server, NULL, NULL, SOCK_CLOEXEC);
      if (fd < 0)
        {
          if (errno == EINTR || errno == ECONNABORTED)
            continue;
          die ("accept");
        }
      pthread_t thread;
      if (pthread_create (&thread, NULL, serve_connection, (void *) (long) fd) != 0)
        {
          close (fd);
          continue;
        }
      pthread_detach (thread);
    }
}
