// The soak: many requests through the core's own pipeline and transport (what the CLI and the
// plug-in run) against the test server, a share of them answered first with 429, 500 or 503.
// Every request must end with its one image, intact; no image may come twice; and this
// process's memory and open descriptors must stay flat from the end of the warm-up to the end.
//
//   gpt-image-soak --server PATH [--requests N] [--fault-share F] [--seed S] [--markdown FILE]
//
// The test server runs as a separate process (PATH), so that its records of every request do
// not count as this process's memory. Exit status 0 when every check held.
#include "gptimage/glib-ptr.h"
#include "gptimage/image-codec.h"
#include "gptimage/pipeline.h"
#include "gptimage/result-check.h"
#include "gptimage/sha256.h"
#include "gptimage/transport.h"

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <string>
#include <vector>

using namespace gptimage;

namespace {

struct Options
{
  std::string server;
  int requests = 500;
  double fault_share = 0.2;
  int seed = 1;
  std::string markdown;
  bool check_flatness = true; // off under Valgrind, whose own memory the figures would show
};

// What this process holds, from procfs: Linux only (elsewhere both read -1 and the flatness
// checks are skipped, which the report says).
struct ProcessUse
{
  long rss_kb = -1;
  long descriptors = -1;
};

ProcessUse
process_use ()
{
  ProcessUse use;
  gchar *status = nullptr;
  if (g_file_get_contents ("/proc/self/status", &status, nullptr, nullptr))
    {
      CharPtr owned (status);
      if (const char *line = std::strstr (status, "\nVmRSS:"))
        use.rss_kb = std::strtol (line + 7, nullptr, 10);
    }
  if (GDir *dir = g_dir_open ("/proc/self/fd", 0, nullptr))
    {
      long count = 0;
      while (g_dir_read_name (dir))
        ++count;
      g_dir_close (dir);
      use.descriptors = count - 1; // the one g_dir_open itself held
    }
  return use;
}

// The test server as a child process; stopped when this goes.
class ServerProcess
{
public:
  static std::unique_ptr<ServerProcess>
  start (const std::string &program)
  {
    ErrorOut error;
    const char *argv[] = { program.c_str (), nullptr };
    ObjectPtr<GSubprocess> process (
        g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, error.out ()));
    if (!process)
      {
        std::fprintf (stderr, "soak: cannot start %s: %s\n", program.c_str (),
                      error.message ().c_str ());
        return nullptr;
      }
    ObjectPtr<GDataInputStream> lines (
        g_data_input_stream_new (g_subprocess_get_stdout_pipe (process.get ())));
    CharPtr url (g_data_input_stream_read_line (lines.get (), nullptr, nullptr, error.out ()));
    if (!url)
      {
        std::fprintf (stderr, "soak: the test server printed no URL\n");
        return nullptr;
      }
    auto server = std::unique_ptr<ServerProcess> (new ServerProcess);
    server->process_ = std::move (process);
    server->url_ = url.get ();
    return server;
  }

  ~ServerProcess ()
  {
    g_subprocess_force_exit (process_.get ());
    g_subprocess_wait (process_.get (), nullptr, nullptr);
  }

  const std::string &url () const { return url_; }

private:
  ServerProcess () = default;
  ObjectPtr<GSubprocess> process_;
  std::string url_;
};

// Queues one fault for the next request, through the test server's admin endpoint.
bool
push_fault (SoupSession *session, const std::string &base_url, const std::string &fault_json)
{
  std::string admin = base_url.substr (0, base_url.rfind ("/v1")) + "/__admin/faults";
  ObjectPtr<SoupMessage> message (soup_message_new ("POST", admin.c_str ()));
  BytesPtr body (g_bytes_new (fault_json.data (), fault_json.size ()));
  soup_message_set_request_body_from_bytes (message.get (), "application/json", body.get ());
  ErrorOut error;
  BytesPtr answer (soup_session_send_and_read (session, message.get (), nullptr, error.out ()));
  return answer && soup_message_get_status (message.get ()) == SOUP_STATUS_OK;
}

struct Tally
{
  int answered = 0;
  int failed = 0;
  int faults = 0;
  int retries = 0;
  int partials = 0;
  int duplicates = 0;
  std::set<std::string> digests;
};

class RetryCounter : public TransportObserver
{
public:
  explicit RetryCounter (Tally &tally) : tally_ (tally) {}
  void on_retry (int, double, const Error &) override { ++tally_.retries; }
  void on_partial_image (const GeneratedImage &) override { ++tally_.partials; }

private:
  Tally &tally_;
};

// Request `index`: three in four are generations (one of those streamed with a partial
// image), the fourth an edit of `edit_input`. Prompts differ, so every image must too.
RunInputs
inputs_for (int index, const std::string &url, const std::string &config_file,
            const std::string &edit_input)
{
  RunInputs inputs;
  inputs.front = Front::cli;
  inputs.config.environment = std::map<std::string, std::string> {
    { "OPENAI_API_KEY", "fake-key-soak" }, { "OPENAI_BASE_URL", url } };
  inputs.config.search_env_file = false;
  inputs.config.config_file = config_file;
  auto &given = inputs.config.given;
  given[Param::prompt] = "soak request " + std::to_string (index);
  given[Param::size] = "1024x1024";
  given[Param::quality] = "low";
  given[Param::output_format] = "jpeg";
  switch (index % 4)
    {
    case 2:
      given[Param::stream] = "true";
      given[Param::partial_images] = "1";
      break;
    case 3:
      inputs.route = Route::edits;
      inputs.images.emplace_back (edit_input);
      break;
    default:
      break;
    }
  return inputs;
}

bool
run_one (int index, const std::string &url, const std::string &config_file,
         const std::string &edit_input, Tally &tally)
{
  auto prepared = prepare_run (inputs_for (index, url, config_file, edit_input));
  if (!prepared)
    {
      std::fprintf (stderr, "soak: request %d: %s\n", index, prepared.error ().message.c_str ());
      return false;
    }
  TransportOptions transport = transport_options_for (prepared->settings, "gpt-image-soak");
  // Short waits keep the soak short; the backoff schedule itself is tested in transport-test.
  transport.initial_backoff_seconds = 0.02;
  transport.max_backoff_seconds = 0.1;
  RetryCounter observer (tally);
  Result<ApiResult> result = send_request (prepared->request, transport, nullptr, &observer);
  if (!result)
    {
      std::fprintf (stderr, "soak: request %d failed: %s\n", index,
                    result.error ().message.c_str ());
      return false;
    }
  if (result->images.size () != 1)
    {
      std::fprintf (stderr, "soak: request %d brought %zu images, not 1\n", index,
                    result->images.size ());
      return false;
    }
  const GeneratedImage &image = result->images[0];
  auto checked = check_result_image (image, { "jpeg", "1024x1024" }, KeepPixels::no);
  if (!checked || !checked->size_mismatch.empty ())
    {
      std::fprintf (stderr, "soak: request %d: the image is not the one asked for\n", index);
      return false;
    }
  gsize size = 0;
  const void *data = g_bytes_get_data (image.data.get (), &size);
  if (!tally.digests.insert (sha256_hex (data, size)).second)
    {
      ++tally.duplicates;
      std::fprintf (stderr, "soak: request %d brought an image seen before\n", index);
      return false;
    }
  return true;
}

bool
parse_options (int argc, char **argv, Options &options)
{
  gchar *server = nullptr, *markdown = nullptr;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server, "The test server program", "PATH" },
    { "requests", 0, 0, G_OPTION_ARG_INT, &options.requests, "Requests (default 500)", "N" },
    { "fault-share", 0, 0, G_OPTION_ARG_DOUBLE, &options.fault_share,
      "Share of requests answered first by 429, 500 or 503 (default 0.2)", "F" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &options.seed, "Seed of the fault choice", "S" },
    { "markdown", 0, 0, G_OPTION_ARG_FILENAME, &markdown, "Also write the figures here", "FILE" },
    { "no-flatness", 0, G_OPTION_FLAG_REVERSE, G_OPTION_ARG_NONE, &options.check_flatness,
      "Do not require flat memory and descriptors (under Valgrind)", nullptr },
    { nullptr, 0, 0, G_OPTION_ARG_NONE, nullptr, nullptr, nullptr },
  };
  OptionContextPtr context (g_option_context_new (nullptr));
  g_option_context_add_main_entries (context.get (), entries, nullptr);
  ErrorOut error;
  bool parsed = g_option_context_parse (context.get (), &argc, &argv, error.out ());
  CharPtr owned_server (server), owned_markdown (markdown);
  if (!parsed || !server || options.requests < 1 || options.fault_share < 0
      || options.fault_share > 1)
    {
      std::fprintf (stderr, "soak: %s\n",
                    parsed ? "--server is required; --requests >= 1; 0 <= --fault-share <= 1"
                           : error.message ().c_str ());
      return false;
    }
  options.server = server;
  options.markdown = markdown ? markdown : "";
  return true;
}

} // namespace

int
main (int argc, char **argv)
{
  Options options;
  if (!parse_options (argc, argv, options))
    return 2;

  auto server = ServerProcess::start (options.server);
  if (!server)
    return 1;
  ObjectPtr<SoupSession> admin (soup_session_new ());

  CharPtr folder (g_dir_make_tmp ("gpt-image-soak-XXXXXX", nullptr));
  std::string config_file = std::string (folder.get ()) + "/no-config.ini";
  std::string edit_input = std::string (folder.get ()) + "/input.png";
  RgbaImage input;
  input.width = input.height = 1024;
  input.pixels.assign (1024u * 1024u * 4u, 200);
  auto encoded = encode_image (input, ImageFormat::png);
  if (!encoded
      || !g_file_set_contents (edit_input.c_str (),
                               reinterpret_cast<const char *> (encoded->data ()),
                               static_cast<gssize> (encoded->size ()), nullptr))
    return 1;

  const char *fault_kinds[] = { "rate_limit", "server_error", "unavailable" };
  GRand *random = g_rand_new_with_seed (static_cast<guint32> (options.seed));
  Tally tally;
  int warm_up = std::min (50, options.requests / 5);
  ProcessUse start = process_use (), after_warm_up = start, peak = start;
  gint64 began = g_get_monotonic_time ();
  for (int index = 0; index < options.requests; ++index)
    {
      if (g_rand_double (random) < options.fault_share)
        {
          // Retry-After of 50 ms for the 429s: honoured as the server's hint.
          std::string fault = std::string ("{\"faults\": [{\"kind\": \"")
                              + fault_kinds[g_rand_int_range (random, 0, 3)]
                              + "\", \"retry_after\": 0.05}]}";
          if (!push_fault (admin.get (), server->url (), fault))
            {
              std::fprintf (stderr, "soak: the test server refused a fault\n");
              return 1;
            }
          ++tally.faults;
        }
      if (run_one (index, server->url (), config_file, edit_input, tally))
        ++tally.answered;
      else
        ++tally.failed;
      ProcessUse now = process_use ();
      peak.rss_kb = std::max (peak.rss_kb, now.rss_kb);
      peak.descriptors = std::max (peak.descriptors, now.descriptors);
      if (index + 1 == warm_up)
        after_warm_up = now;
    }
  double seconds = (g_get_monotonic_time () - began) / 1e6;
  g_rand_free (random);
  ProcessUse end = process_use ();
  g_unlink (edit_input.c_str ());
  g_rmdir (folder.get ());

  // Flat: after the warm-up, no more descriptors open than then, and memory grows by less
  // than 2 MB (allocator slack, not a leak per request: 450 leaked requests of 1024x1024
  // images would be hundreds of MB).
  bool measured = end.rss_kb >= 0 && end.descriptors >= 0;
  long rss_growth = end.rss_kb - after_warm_up.rss_kb;
  bool flat = !options.check_flatness || !measured
              || (end.descriptors <= after_warm_up.descriptors && rss_growth < 2048);
  bool ok = tally.answered == options.requests && tally.duplicates == 0 && flat;

  char elapsed[32];
  g_snprintf (elapsed, sizeof elapsed, "%.1f", seconds);
  std::string report
      = "| requests | faults injected (429/500/503) | retries | answered | failed | duplicate "
        "images | partial images | seconds |\n|---|---|---|---|---|---|---|---|\n| "
        + std::to_string (options.requests) + " | " + std::to_string (tally.faults) + " | "
        + std::to_string (tally.retries) + " | " + std::to_string (tally.answered) + " | "
        + std::to_string (tally.failed) + " | " + std::to_string (tally.duplicates) + " | "
        + std::to_string (tally.partials) + " | " + elapsed + " |\n\n"
        + "| this process | at start | after " + std::to_string (warm_up)
        + " requests (warm-up) | peak | at the end |\n|---|---|---|---|---|\n"
        + "| RSS (kB) | " + std::to_string (start.rss_kb) + " | "
        + std::to_string (after_warm_up.rss_kb) + " | " + std::to_string (peak.rss_kb) + " | "
        + std::to_string (end.rss_kb) + " |\n| open descriptors | "
        + std::to_string (start.descriptors) + " | " + std::to_string (after_warm_up.descriptors)
        + " | " + std::to_string (peak.descriptors) + " | " + std::to_string (end.descriptors)
        + " |\n";
  std::fputs (report.c_str (), stdout);
  std::printf ("soak: %s\n", ok ? "every request answered, no duplicate, flat"
                                 : "FAILED (see above)");
  if (!options.markdown.empty ())
    std::ofstream (options.markdown) << report;
  return ok ? 0 : 1;
}
