// Where each image goes: a plain path or a pattern with {index} and {variant}.
#pragma once

#include <string>

namespace gptimage {

// index is 1-based; partial selects the variant ("partial" or "final").
// - A pattern with {index} and/or {variant}: they are filled in; a partial image whose pattern
//   has no {variant} gets "-partial" before the extension, and a pattern without {index} gets
//   "-N" there too unless this is the single final image (so files never overwrite each other).
// - A plain path and single_final (the only final image): the path itself.
// - Otherwise "-N" (final) or "-N-partial" goes before the extension.
// The extension starts at the last '.' of the file name; '/' and a backslash both end a
// folder name.
std::string output_path_for (const std::string &pattern, int index, bool partial,
                             bool single_final);

bool output_pattern_has_placeholders (const std::string &pattern);

} // namespace gptimage
