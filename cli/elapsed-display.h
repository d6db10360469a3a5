// On a terminal, shows on stderr how long the request has been waiting: requests can take two
// minutes, and silence reads as a hang. Prints nothing when stderr is not a terminal.
#pragma once

#include <glib.h>

#include <string>

namespace gptimage::cli {

class ElapsedDisplay
{
public:
  explicit ElapsedDisplay (std::string what);
  ElapsedDisplay (const ElapsedDisplay &) = delete;
  ElapsedDisplay &operator= (const ElapsedDisplay &) = delete;
  ~ElapsedDisplay ();

  void note (const std::string &message); // a line that stays (e.g. "retrying in 2 s")
  void stop ();

private:
  static gboolean tick (gpointer self);
  void draw ();
  void clear_line ();

  std::string what_;
  gint64 started_us_ = 0;
  guint source_id_ = 0;
  bool active_ = false;
};

} // namespace gptimage::cli
