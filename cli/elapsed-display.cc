#include "elapsed-display.h"

#include <cstdio>
#include <unistd.h>

namespace gptimage::cli {

ElapsedDisplay::ElapsedDisplay (std::string what) : what_ (std::move (what))
{
  active_ = isatty (STDERR_FILENO) == 1;
  if (!active_)
    return;
  started_us_ = g_get_monotonic_time ();
  source_id_ = g_timeout_add (1000, &ElapsedDisplay::tick, this);
  draw ();
}

ElapsedDisplay::~ElapsedDisplay () { stop (); }

gboolean
ElapsedDisplay::tick (gpointer self)
{
  static_cast<ElapsedDisplay *> (self)->draw ();
  return G_SOURCE_CONTINUE;
}

void
ElapsedDisplay::draw ()
{
  long seconds = static_cast<long> ((g_get_monotonic_time () - started_us_) / G_USEC_PER_SEC);
  std::fprintf (stderr, "\r\033[K%s… %ld s (Ctrl-C cancels)", what_.c_str (), seconds);
  std::fflush (stderr);
}

void
ElapsedDisplay::clear_line ()
{
  std::fputs ("\r\033[K", stderr);
  std::fflush (stderr);
}

void
ElapsedDisplay::note (const std::string &message)
{
  if (active_)
    clear_line ();
  std::fprintf (stderr, "%s\n", message.c_str ());
  if (active_)
    draw ();
}

void
ElapsedDisplay::stop ()
{
  if (!active_)
    return;
  active_ = false;
  if (source_id_ != 0)
    g_source_remove (source_id_);
  source_id_ = 0;
  clear_line ();
}

} // namespace gptimage::cli
