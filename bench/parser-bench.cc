// Parser rows of the benchmark: the core's SSE parser and response parser on canned bodies.
//
//   parser-bench throughput SSE_FILE RUNS
//     Feeds the whole event stream in 64 KiB chunks, RUNS times, to (1) SseParser alone and
//     (2) SseParser + ImageCollector::add_event (JSON parse, base64 decode, duplicate
//     check). Prints "sse_parser MBps=median,min,max" and "sse_collector MBps=...".
//
//   parser-bench memory json|sse FILE
//     One measurement in this fresh process: reads the body, resets the kernel's peak-RSS mark
//     (/proc/self/clear_refs, "5"), parses the body (json: ImageCollector::add_json_body;
//     sse: SseParser + ImageCollector::add_event in 64 KiB chunks, as the transport does),
//     and prints "peak_above_kb=N body_bytes=M": VmHWM after the parse minus VmRSS before it.
//
//   parser-bench check PNG_FILE RUNS
//     Times, RUNS times each and alternately, the check every final image gets (verify_image:
//     chunk CRCs, the image data inflated by ISA-L) and libpng decoding the same PNG to RGBA
//     (decode_image, what the plug-in does with a result, and what the check used to cost).
//     Prints "check ms=median,min,max" and "libpng_decode ms=...".
//
// MB is 10^6 bytes. No test uses this program: it only measures.
#include "gptimage/image-codec.h"
#include "gptimage/response-parser.h"
#include "gptimage/sse-parser.h"

#include <glib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr std::size_t chunk_size = 64 * 1024;

std::string
read_body (const char *path)
{
  gchar *contents = nullptr;
  gsize size = 0;
  GError *error = nullptr;
  if (!g_file_get_contents (path, &contents, &size, &error))
    {
      std::fprintf (stderr, "parser-bench: %s\n", error->message);
      std::exit (1);
    }
  std::string body (contents, size);
  g_free (contents);
  return body;
}

// A field of /proc/self/status in kB (VmRSS, VmHWM).
long
status_kb (const char *field)
{
  FILE *f = std::fopen ("/proc/self/status", "r");
  if (!f)
    return -1;
  char line[256];
  long value = -1;
  std::size_t len = std::strlen (field);
  while (std::fgets (line, sizeof line, f))
    if (std::strncmp (line, field, len) == 0 && line[len] == ':')
      value = std::strtol (line + len + 1, nullptr, 10);
  std::fclose (f);
  return value;
}

bool
reset_peak_rss ()
{
  FILE *f = std::fopen ("/proc/self/clear_refs", "w");
  if (!f)
    return false;
  bool ok = std::fputs ("5", f) >= 0;
  return std::fclose (f) == 0 && ok;
}

void
fail (const gptimage::Status &status)
{
  if (!status)
    {
      std::fprintf (stderr, "parser-bench: %s\n", status.error ().describe ().c_str ());
      std::exit (1);
    }
}

// SseParser + ImageCollector, the way the transport drives them: stop at the completion event.
std::size_t
parse_stream (const std::string &body, bool collect)
{
  gptimage::SseParser parser;
  gptimage::ImageCollector collector ([] (const gptimage::GeneratedImage &) {});
  std::size_t events = 0;
  auto sink = [&] (gptimage::SseEvent &&event) {
    ++events;
    if (collect && !collector.done ())
      fail (collector.add_event (event));
  };
  for (std::size_t at = 0; at < body.size (); at += chunk_size)
    fail (parser.feed (body.data () + at, std::min (chunk_size, body.size () - at), sink));
  parser.finish (sink);
  if (collect && collector.result ().images.empty ())
    {
      std::fprintf (stderr, "parser-bench: no final image in the stream\n");
      std::exit (1);
    }
  return events;
}

void
print_stats (const char *name, const char *unit, std::vector<double> values)
{
  std::sort (values.begin (), values.end ());
  std::printf ("%s %s=%.2f,%.2f,%.2f\n", name, unit, values[values.size () / 2],
               values.front (), values.back ());
}

void
print_rate (const char *name, std::vector<double> rates)
{
  print_stats (name, "MBps", std::move (rates));
}

int
check (const char *path, int runs)
{
  std::string png = read_body (path);
  std::vector<double> check_ms, decode_ms;
  for (int run = 0; run < runs; ++run)
    {
      auto start = std::chrono::steady_clock::now ();
      bool checked = gptimage::verify_image (png.data (), png.size ()).ok ();
      auto middle = std::chrono::steady_clock::now ();
      bool decoded = gptimage::decode_image (png.data (), png.size ()).ok ();
      auto end = std::chrono::steady_clock::now ();
      if (!checked || !decoded)
        {
          std::fprintf (stderr, "parser-bench: %s does not %s\n", path,
                        checked ? "decode" : "pass the check");
          return 1;
        }
      check_ms.push_back (std::chrono::duration<double, std::milli> (middle - start).count ());
      decode_ms.push_back (std::chrono::duration<double, std::milli> (end - middle).count ());
    }
  print_stats ("check", "ms", check_ms);
  print_stats ("libpng_decode", "ms", decode_ms);
  return 0;
}

int
throughput (const char *path, int runs)
{
  std::string body = read_body (path);
  std::vector<double> parser_rates, collector_rates;
  for (int run = 0; run < runs; ++run)
    for (bool collect : { false, true })
      {
        auto start = std::chrono::steady_clock::now ();
        std::size_t events = parse_stream (body, collect);
        std::chrono::duration<double> took = std::chrono::steady_clock::now () - start;
        if (events == 0)
          {
            std::fprintf (stderr, "parser-bench: no events in %s\n", path);
            return 1;
          }
        (collect ? collector_rates : parser_rates).push_back (body.size () / 1e6 / took.count ());
      }
  print_rate ("sse_parser", parser_rates);
  print_rate ("sse_collector", collector_rates);
  return 0;
}

int
memory (const char *kind, const char *path)
{
  std::string body = read_body (path);
  if (!reset_peak_rss ())
    {
      std::fprintf (stderr, "parser-bench: cannot reset the peak RSS (/proc/self/clear_refs)\n");
      return 1;
    }
  long before = status_kb ("VmRSS");
  if (std::strcmp (kind, "json") == 0)
    {
      gptimage::ImageCollector collector;
      fail (collector.add_json_body (body.data (), body.size ()));
      if (collector.result ().images.empty ())
        {
          std::fprintf (stderr, "parser-bench: no image in the body\n");
          return 1;
        }
    }
  else
    parse_stream (body, true);
  long peak = status_kb ("VmHWM");
  std::printf ("peak_above_kb=%ld body_bytes=%zu\n", peak - before, body.size ());
  return 0;
}

} // namespace

int
main (int argc, char **argv)
{
  if (argc == 4 && std::strcmp (argv[1], "throughput") == 0)
    return throughput (argv[2], std::max (1, std::atoi (argv[3])));
  if (argc == 4 && std::strcmp (argv[1], "memory") == 0
      && (std::strcmp (argv[2], "json") == 0 || std::strcmp (argv[2], "sse") == 0))
    return memory (argv[2], argv[3]);
  if (argc == 4 && std::strcmp (argv[1], "check") == 0)
    return check (argv[2], std::max (1, std::atoi (argv[3])));
  std::fprintf (stderr, "usage: parser-bench throughput SSE_FILE RUNS\n"
                        "       parser-bench memory json|sse FILE\n"
                        "       parser-bench check PNG_FILE RUNS\n");
  return 2;
}
