// The interactive settings dialog: connection values plus a hidden API key entry.
#pragma once

#include "gptimage/error.h"
#include "gptimage/parameter.h"

#include <libgimp/gimp.h>

#include <map>
#include <string>
#include <utility>

namespace gptimage::gimp3 {

// Shows the dialog; returns the config keys to store (an empty key entry keeps the stored
// key), or an error of kind cancelled.
Result<std::map<std::string, std::string>> run_settings_dialog (GimpProcedure *procedure,
                                                                 GimpProcedureConfig *config);

} // namespace gptimage::gimp3
