// Ctrl-C and SIGTERM for the length of a run: they cancel the request, but never kill the
// process while a result is being written. GLib's handlers only note a signal; its sources run
// when the main context is iterated (during the request), so a signal that comes while files
// are written waits until caught () asks for it.
#pragma once

#include <gio/gio.h>

namespace gptimage::cli {

class SignalWatch
{
public:
  explicit SignalWatch (GCancellable *cancellable);
  SignalWatch (const SignalWatch &) = delete;
  SignalWatch &operator= (const SignalWatch &) = delete;
  ~SignalWatch ();

  // Whether a signal came at any time since the watch began (the noted ones are handled now).
  bool caught ();

private:
  static gboolean on_signal (gpointer self);

  GCancellable *cancellable_;
  bool caught_ = false;
  unsigned sigint_ = 0;
  unsigned sigterm_ = 0;
};

} // namespace gptimage::cli
