#pragma once
// A result layer's provenance (provenance.h's compact JSON) as a persistent layer parasite: it
// is saved in the XCF and read back by the Info procedure. Compiled by each front against its
// own libgimp; layers are named by item id in both.
#include <string>

namespace gptimage::plugin {

inline constexpr const char *kProvenanceParasite = "gpt-image-provenance";

// Attaches `json` to the layer `layer` (undoable: it goes with the layer's own undo step when
// called inside its undo group).
void attach_provenance (int layer, const std::string &json);

// The provenance the layer holds; "" when it holds none.
std::string layer_provenance (int layer);

} // namespace gptimage::plugin
