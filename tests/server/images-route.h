// POST /v1/images/generations (JSON) and POST /v1/images/edits (multipart/form-data): strict
// checks, then real images as an ImagesResponse or as image_generation.* / image_edit.* SSE
// events.
#pragma once

#include "image-answer.h"
#include "multipart-reader.h"
#include "reply.h"

#include <string_view>

namespace gptimage::testing {

// `defect` spoils the final images (the not_an_image and wrong_size faults).
Reply handle_generation (std::string_view content_type, std::string_view body,
                         ImageDefect defect = ImageDefect::none);

// `form` is the parsed request body (or why it could not be parsed).
Reply handle_edit (std::string_view content_type, const Result<std::vector<FormPart>> &form,
                   ImageDefect defect = ImageDefect::none);

} // namespace gptimage::testing
