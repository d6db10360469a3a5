// gpt-image-test-server: the test server as a program, for the README's offline demo, the CLI
// and GIMP batch tests and the benchmarks.
//
//   gpt-image-test-server [--port N] [--api-key KEY] [--url-file PATH] [--fault KIND[:NUMBER]]...
//                         [--tls-certificate PEM --tls-key PEM]
//
// Prints the base URL (http://127.0.0.1:PORT/v1, https:// with TLS) as one line on stdout, writes it to
// --url-file (atomically) if given, and serves until SIGINT or SIGTERM.
#include "test-server.h"

#include <glib-unix.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>

using namespace gptimage;
using namespace gptimage::testing;

namespace {

gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (static_cast<GMainLoop *> (loop));
  return G_SOURCE_CONTINUE; // removed by main ()
}

// "rate_limit", "rate_limit:0.5" (Retry-After seconds), "slow:3" (delay seconds),
// "http_error:502" (the status), "extra_images:3" (the count), "huge_body:100000000" (bytes):
// the number sets whichever of these the kind reads.
bool
parse_fault (const char *text, Fault &fault)
{
  std::string spec (text);
  auto colon = spec.find (':');
  auto kind = fault_kind_from_name (spec.substr (0, colon));
  if (!kind)
    return false;
  fault.kind = *kind;
  if (colon != std::string::npos)
    {
      char *end = nullptr;
      double seconds = g_ascii_strtod (spec.c_str () + colon + 1, &end);
      if (!end || *end || seconds < 0)
        return false;
      fault.retry_after_seconds = seconds;
      fault.delay_seconds = seconds;
      fault.status = seconds <= 599 ? static_cast<int> (seconds) : 0;
      fault.count = seconds <= 10000 ? static_cast<int> (seconds) : 0;
      fault.bytes = static_cast<std::int64_t> (std::min (seconds, 1e12));
    }
  return true;
}

} // namespace

int
main (int argc, char **argv)
{
  int port = 0;
  char *api_key_raw = nullptr;
  char *url_file_raw = nullptr;
  char **faults_raw = nullptr;
  char *certificate_raw = nullptr;
  char *key_raw = nullptr;
  gboolean verbose = FALSE;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (default: any free port)", "N" },
    { "api-key", 0, 0, G_OPTION_ARG_STRING, &api_key_raw,
      "Accept only this Bearer key (default: any non-empty key)", "KEY" },
    { "url-file", 0, 0, G_OPTION_ARG_FILENAME, &url_file_raw,
      "Also write the base URL to this file", "PATH" },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &faults_raw,
      "Queue a fault (the kinds of tests/server/test-server.h, e.g. rate_limit, slow, "
      "http_error, drop_after_partials, huge_sse_line, key_echo_error); KIND:NUMBER sets its "
      "Retry-After or delay in seconds, its status, count or bytes",
      "KIND[:NUMBER]" },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &certificate_raw,
      "Serve HTTPS with this PEM certificate (needs --tls-key)", "PEM" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key_raw, "The certificate's PEM private key",
      "PEM" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Log each request on stderr", nullptr },
    { nullptr, 0, 0, G_OPTION_ARG_NONE, nullptr, nullptr, nullptr },
  };
  OptionContextPtr context (g_option_context_new (nullptr));
  g_option_context_set_summary (context.get (),
                                "An OpenAI-compatible image API on 127.0.0.1, for tests and "
                                "offline demos.");
  g_option_context_add_main_entries (context.get (), entries, nullptr);
  ErrorOut error;
  bool parsed = g_option_context_parse (context.get (), &argc, &argv, error.out ());
  CharPtr api_key (api_key_raw);
  CharPtr url_file (url_file_raw);
  StrvPtr fault_specs (faults_raw);
  CharPtr certificate (certificate_raw);
  CharPtr key (key_raw);
  if (!parsed)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error.message ().c_str ());
      return 2;
    }
  if (port < 0 || port > 65535)
    {
      g_printerr ("%s: --port must be 0..65535\n", g_get_prgname ());
      return 2;
    }

  if (!certificate != !key)
    {
      g_printerr ("%s: --tls-certificate and --tls-key go together\n", g_get_prgname ());
      return 2;
    }

  TestServer::Options options;
  options.api_key = api_key ? api_key.get () : "";
  options.tls_certificate_file = certificate ? certificate.get () : "";
  options.tls_key_file = key ? key.get () : "";
  options.port = static_cast<std::uint16_t> (port);
  options.log_requests = verbose;
  std::vector<Fault> faults;
  for (char **spec = fault_specs.get (); spec && *spec; ++spec)
    {
      Fault fault;
      if (!parse_fault (*spec, fault))
        {
          g_printerr ("%s: unknown fault '%s'\n", g_get_prgname (), *spec);
          return 2;
        }
      faults.push_back (fault);
    }

  auto server = TestServer::start (options);
  if (!server)
    return 1;
  for (const Fault &fault : faults)
    server->push_fault (fault);

  // Handlers first: whoever reads the URL may send SIGTERM at once, and the server already
  // answers from its own thread before this one reaches the main loop.
  MainLoopPtr loop (g_main_loop_new (nullptr, FALSE));
  guint sigint = g_unix_signal_add (SIGINT, quit_loop, loop.get ());
  guint sigterm = g_unix_signal_add (SIGTERM, quit_loop, loop.get ());

  std::string url = server->base_url ();
  if (url_file)
    {
      std::string line = url + "\n";
      if (!g_file_set_contents (url_file.get (), line.c_str (), static_cast<gssize> (line.size ()),
                                error.out ()))
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error.message ().c_str ());
          return 1;
        }
    }
  std::printf ("%s\n", url.c_str ());
  std::fflush (stdout);

  g_main_loop_run (loop.get ());
  g_source_remove (sigint);
  g_source_remove (sigterm);
  server.reset ();
  return 0;
}
