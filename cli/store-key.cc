#include "store-key.h"

#include "exit-code.h"
#include "summary.h"

#include "gptimage/config.h"
#include "gptimage/header-value.h"
#include "gptimage/i18n.h"
#include "gptimage/key-store.h"

#include <glib.h>

#include <cstdio>
#include <cstring>
#include <string>

#ifdef G_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

namespace gptimage::cli {

namespace {

// Typing or pasting the key on a terminal must not leave it on the screen. (termios is POSIX;
// on Windows the console echoes it, as there is no portable way to turn that off in GLib.)
class EchoOff
{
public:
  EchoOff ()
  {
#ifdef G_OS_UNIX
    if (isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved_) == 0)
      {
        struct termios quiet = saved_;
        quiet.c_lflag &= ~static_cast<tcflag_t> (ECHO);
        active_ = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
      }
#endif
  }
  ~EchoOff ()
  {
#ifdef G_OS_UNIX
    if (active_)
      {
        tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_);
        std::fputc ('\n', stderr);
      }
#endif
  }
  EchoOff (const EchoOff &) = delete;
  EchoOff &operator= (const EchoOff &) = delete;

private:
#ifdef G_OS_UNIX
  struct termios saved_ {};
  bool active_ = false;
#endif
};

// The first line of standard input, without its line end and surrounding blanks.
std::string
read_key_line ()
{
  std::string line;
  EchoOff echo_off;
  for (int c; (c = std::fgetc (stdin)) != EOF && c != '\n';)
    line += static_cast<char> (c);
  std::size_t begin = line.find_first_not_of (" \t\r");
  std::size_t end = line.find_last_not_of (" \t\r");
  return begin == std::string::npos ? std::string () : line.substr (begin, end - begin + 1);
}

bool
stdin_is_terminal ()
{
#ifdef G_OS_UNIX
  return isatty (STDIN_FILENO);
#else
  return false;
#endif
}

} // namespace

int
run_store_key (int argc, char **argv)
{
  for (int i = 2; i < argc; ++i)
    {
      if (std::strcmp (argv[i], "--help") == 0 || std::strcmp (argv[i], "-h") == 0)
        {
          /* Translators: the help of `gpt-image store-key --help`; %s is the config file. */
          std::printf (_("Usage:\n  gpt-image store-key < FILE\n\n"
                         "Reads the OpenAI API key from the first line of standard input and "
                         "stores it\nin the desktop keyring (Secret Service) when one is "
                         "running, else in\n%s (mode 0600).\n"),
                       default_config_file_path ().c_str ());
          return exit_success;
        }
      // The argument is not repeated: it may well be the key.
      return report_error (Error::usage_error (_("store-key takes no argument: the key is "
                                                 "read from standard input, never from the "
                                                 "command line")),
                           false);
    }
  if (stdin_is_terminal ())
    std::fputs (_("Paste the OpenAI API key and press Enter (it is not shown): "), stderr);
  std::string key = read_key_line ();
  if (key.empty ())
    return report_error (Error::usage_error (_("no API key on standard input")), false);
  if (Status clean = check_header_value (config_key (Param::api_key), key, true); !clean)
    return report_error (clean.error (), false);

  const std::string path = default_config_file_path ();
  auto place = store_api_key (key, path);
  if (!place)
    return report_error (place.error (), false);
  if (*place == KeyPlace::keyring)
    std::printf ("%s\n", _("The API key is stored in the desktop keyring."));
  else
    std::printf ("%s\n", keyring_supported ()
                           /* Translators: %s is the config file's path. */
                           ? printf_string (_("The API key is stored in %s (mode 0600): no "
                                              "desktop keyring (Secret Service) answered."),
                                            path.c_str ()).c_str ()
                           /* Translators: %s is the path of the config file. */
                           : printf_string (_("The API key is stored in %s (mode 0600)."),
                                            path.c_str ()).c_str ());
  return exit_success;
}

} // namespace gptimage::cli
