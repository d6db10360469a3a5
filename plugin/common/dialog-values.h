// The values a procedure's dialog was accepted with, kept in the plug-in's config folder
// (gpt-image/dialog-values.ini, one group per procedure). GIMP keeps a dialog's last values only
// after a successful run; these are offered again after a failed one (no key, an API error).
#pragma once

#include "gptimage/error.h"

#include <map>
#include <string>

namespace gptimage::plugin {

// By argument name, as text (numbers and booleans in decimal).
using DialogValues = std::map<std::string, std::string>;

// Replaces the procedure's group; other procedures' groups are kept.
Status save_dialog_values (const std::string &procedure, const DialogValues &values);

// The procedure's group; empty when none was saved or the file cannot be read.
DialogValues load_dialog_values (const std::string &procedure);

} // namespace gptimage::plugin
