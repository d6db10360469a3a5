// Translation of what the core says to people (validation errors, API-error explanations,
// warnings): the "gpt-image" catalog, which the plug-in and the CLI bind at start. _() looks a
// message up in the user's language when it is made; N_() only marks one looked up later.
// Names of parameters, config keys and choice values stay English: scripts use them.
#pragma once

#include <glib.h>
#include <glib/gi18n-lib.h>

#include <string>

namespace gptimage {

// printf into a std::string; the format is usually a translated _("…") string.
std::string printf_string (const char *format, ...) G_GNUC_PRINTF (1, 2);

} // namespace gptimage
