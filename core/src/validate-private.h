// Pieces shared by the validate-*.cc files. Not part of the public interface.
#pragma once

#include "gptimage/error.h"
#include "gptimage/image-codec.h"
#include "gptimage/models.h"
#include "gptimage/options.h"

#include <string>
#include <string_view>

namespace gptimage::validate_detail {

// A value as it is shown inside an error message: valid UTF-8 and at most `limit` characters.
std::string shown_value (std::string_view value, std::size_t limit = 80);

// Non-empty, valid UTF-8, at most kMaxPromptChars characters.
Status check_prompt_text (const std::string &param, std::string_view text);

Status check_size (std::string_view size, std::string_view model,
                   const ModelCapabilities &capabilities);

// An existing regular file under kMaxImageFileBytes whose content is PNG, JPEG or WebP with
// readable headers. Reads only as much of the file as the headers need.
Result<ImageInfo> check_image_file (const std::string &param, const std::string &path);

// A PNG with an alpha channel.
Result<ImageInfo> check_mask_file (const std::string &param, const std::string &path);

// The same rules for either form of an ImageSource: a file as above, or bytes in memory
// (under kMaxImageFileBytes, PNG, JPEG or WebP by their content, with readable headers).
Result<ImageInfo> check_image_source (const std::string &param, const ImageSource &source);
Result<ImageInfo> check_mask_source (const std::string &param, const ImageSource &source);

Status check_model_name (std::string_view model);

} // namespace gptimage::validate_detail
