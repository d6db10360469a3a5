// Checks, before anything is sent, that the images of a run can be saved where --output says:
// a result that is billed and then cannot be written is a result lost.
#pragma once

#include "gptimage/error.h"

#include <string>

namespace gptimage {

// Expands `pattern` for the first final image (as output_path_for does; `single_final` when
// only one final image is expected), creates the missing folders, proves the folder writable
// by creating and removing a temporary file in it, and checks that the path is not a folder.
// A pattern with {index} or {variant} is checked as expanded for the first final image only;
// the other images may land in other folders. Returns the path checked. Errors are usage
// errors naming --output, the path and the rule.
Result<std::string> check_output_target (const std::string &pattern, bool single_final);

} // namespace gptimage
