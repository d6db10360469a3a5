// Translation of the plug-in's own strings: _() looks them up in the "gpt-image" catalog,
// which libgimp binds to plug-ins/gpt-image/locale/ before any procedure is queried or run.
// Registration strings are translated too: GIMP queries plug-ins in the user's language.
#pragma once

#include <glib.h>
#include <glib/gi18n-lib.h>

#include <string>

namespace gptimage::plugin {

// printf into a std::string; the format is usually a translated _("…") string.
std::string printf_string (const char *format, ...) G_GNUC_PRINTF (1, 2);

} // namespace gptimage::plugin
