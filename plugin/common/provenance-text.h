// A result's provenance as the Info procedure shows it: one labelled line per field, the
// labels translated, the values as recorded.
#pragma once

#include "gptimage/provenance.h"

#include <string>

namespace gptimage::plugin {

std::string provenance_text (const Provenance &provenance);

// The error of the Info procedure for a layer without provenance.
std::string no_provenance_message ();

} // namespace gptimage::plugin
