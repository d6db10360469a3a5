// Checks, before anything is sent, that the images of a run can be saved where --output says:
// a result that is billed and then cannot be written is a result lost.
#pragma once

#include "gptimage/error.h"

#include <string>

namespace gptimage {

// Expands `pattern` for the first final image (as output_path_for does; `single_final` when
// only one final image is expected) and checks it as check_file_target does. A pattern with
// {index} or {variant} is checked as expanded for the first final image only; the other images
// may land in other folders. Returns the path checked. Errors are usage errors naming --output,
// the pattern and the rule.
Result<std::string> check_output_target (const std::string &pattern, bool single_final);

// That a file can be written atomically at `path`: not empty, not a folder, its folder exists
// or is created, and the atomic writer's temporary file can be created there (so the folder
// is writable and the name not too long). Errors are usage errors naming `name` (the flag,
// e.g. "--save-response"), the path and the rule.
Status check_file_target (const std::string &name, const std::string &path);

} // namespace gptimage
