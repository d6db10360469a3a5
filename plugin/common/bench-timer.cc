#include "bench-timer.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>

namespace gptimage::plugin {

namespace {

constexpr const char *kBenchVariable = "GPT_IMAGE_GIMP_BENCH_FILE";

// Start times in microseconds (g_get_monotonic_time); the plug-in runs one procedure at a time
// on one thread.
std::map<std::string, gint64> &
started ()
{
  static std::map<std::string, gint64> stages;
  return stages;
}

} // namespace

void
bench_start (const char *stage)
{
  if (!g_getenv (kBenchVariable))
    return;
  started ()[stage] = g_get_monotonic_time ();
}

void
bench_finish (const char *stage, std::size_t bytes)
{
  const char *path = g_getenv (kBenchVariable);
  if (!path)
    return;
  auto found = started ().find (stage);
  if (found == started ().end ())
    return;
  const gint64 microseconds = g_get_monotonic_time () - found->second;
  started ().erase (found);
  std::unique_ptr<FILE, int (*) (FILE *)> file (g_fopen (path, "a"), std::fclose);
  if (!file)
    return;
  // Integers only: the locale cannot change how they are written.
  std::fprintf (file.get (),
                "{\"stage\": \"%s\", \"us\": %" G_GINT64_FORMAT ", \"bytes\": %zu}\n", stage,
                microseconds, bytes);
}

} // namespace gptimage::plugin
