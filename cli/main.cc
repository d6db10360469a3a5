// gpt-image: OpenAI GPT Image generations, edits and Responses from the command line.
#include "cli-args.h"
#include "command-runner.h"
#include "large-buffers.h"
#include "store-key.h"
#include "summary.h"

#include "gptimage/i18n.h"

#include <glib.h>

#include <clocale>
#include <cstdio>
#include <cstring>

int
main (int argc, char **argv)
{
  gptimage::cli::return_large_buffers_when_freed ();
  std::setlocale (LC_ALL, "");
  // The catalogs are installed under the program's prefix; GPT_IMAGE_LOCALEDIR points a run
  // from the build tree (the tests) at the catalogs built there.
  const char *localedir = g_getenv ("GPT_IMAGE_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : GPT_IMAGE_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_set_prgname ("gpt-image");

  if (argc >= 2 && std::strcmp (argv[1], "--version") == 0)
    {
      std::printf ("gpt-image %s\n", GPT_IMAGE_VERSION);
      return gptimage::cli::exit_success;
    }
  if (argc < 2 || std::strcmp (argv[1], "--help") == 0 || std::strcmp (argv[1], "-h") == 0)
    {
      std::fputs (gptimage::cli::top_level_help ().c_str (), argc < 2 ? stderr : stdout);
      return argc < 2 ? gptimage::cli::exit_usage : gptimage::cli::exit_success;
    }

  if (std::strcmp (argv[1], "store-key") == 0)
    return gptimage::cli::run_store_key (argc, argv);

  auto args = gptimage::cli::parse_cli_args (argc, argv);
  if (!args)
    {
      bool json = false;
      for (int i = 2; i < argc; ++i)
        json = json || std::strcmp (argv[i], "--json") == 0;
      int code = gptimage::cli::report_error (args.error (), json);
      std::fputs (_("Try \"gpt-image COMMAND --help\".\n"), stderr);
      return code;
    }
  return gptimage::cli::run_command (args.value ());
}
