#include "gptimage/i18n.h"

#include "gptimage/glib-ptr.h"

#include <cstdarg>

namespace gptimage {

std::string
printf_string (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  CharPtr text (g_strdup_vprintf (format, args));
  va_end (args);
  return text ? std::string (text.get ()) : std::string ();
}

} // namespace gptimage
