#include "signal-watch.h"

#ifdef G_OS_UNIX
#include <glib-unix.h>

#include <signal.h>
#endif

namespace gptimage::cli {

SignalWatch::SignalWatch (GCancellable *cancellable) : cancellable_ (cancellable)
{
  // GLib's signal sources exist on POSIX systems only; elsewhere Ctrl-C ends the process as
  // before.
#ifdef G_OS_UNIX
  sigint_ = g_unix_signal_add (SIGINT, on_signal, this);
  sigterm_ = g_unix_signal_add (SIGTERM, on_signal, this);
#endif
}

SignalWatch::~SignalWatch ()
{
  if (sigint_)
    g_source_remove (sigint_);
  if (sigterm_)
    g_source_remove (sigterm_);
}

bool
SignalWatch::caught ()
{
  while (g_main_context_iteration (nullptr, FALSE))
    ;
  return caught_;
}

gboolean
SignalWatch::on_signal (gpointer self)
{
  auto *watch = static_cast<SignalWatch *> (self);
  watch->caught_ = true;
  g_cancellable_cancel (watch->cancellable_);
  return G_SOURCE_CONTINUE;
}

} // namespace gptimage::cli
