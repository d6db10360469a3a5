#include "test-hooks.h"

#include <glib.h>

#include <cstdio>

namespace gptimage::cli {

void
pause_before_writing_for_tests ()
{
  const char *value = g_getenv ("GPT_IMAGE_TEST_PAUSE_BEFORE_WRITE_MS");
  if (!value || !*value)
    return;
  guint64 ms = 0;
  if (!g_ascii_string_to_unsigned (value, 10, 0, 60000, &ms, nullptr))
    return;
  std::fputs ("gpt-image: test pause before writing\n", stderr);
  std::fflush (stderr);
  g_usleep (static_cast<gulong> (ms) * 1000);
}

} // namespace gptimage::cli
