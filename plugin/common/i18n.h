// Translation of the plug-in's own strings: _() looks them up in the "gpt-image" catalog,
// which libgimp binds to plug-ins/gpt-image/locale/ before any procedure is queried or run.
// Registration strings are translated too: GIMP queries plug-ins in the user's language.
#pragma once

#include "gptimage/i18n.h"

namespace gptimage::plugin {

using gptimage::printf_string;

} // namespace gptimage::plugin
