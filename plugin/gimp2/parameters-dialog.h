// The GIMP 2.10 dialogs (GTK 2): a procedure's fields as the common dialog layout lists them,
// built from the argument descriptions (so from the parameter table), starting from the
// run's values and writing the edited values back; and the settings dialog, whose API key
// entry goes only to the key store.
#pragma once

#include "procedures.h"

#include "gptimage/error.h"

#include <map>
#include <string>

namespace gptimage::gimp2 {

// False when the user closed the dialog or pressed Cancel.
bool run_parameters_dialog (const Procedure &procedure, RunValues &values);

// The config keys to store (an empty key entry keeps the stored key), or an error of kind
// cancelled.
Result<std::map<std::string, std::string>> run_settings_dialog ();

} // namespace gptimage::gimp2
