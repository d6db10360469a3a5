// Pieces shared by the validate-*.cc files. Not part of the public interface.
#pragma once

#include "gptimage/error.h"
#include "gptimage/image-codec.h"
#include "gptimage/models.h"
#include "gptimage/options.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gptimage::validate_detail {

// Non-empty, valid UTF-8, at most kMaxPromptChars characters.
Status check_prompt_text (const std::string &param, std::string_view text);

// 8294400 -> "8,294,400"
std::string grouped (std::int64_t number);

Status check_size (std::string_view size, std::string_view model,
                   const ModelCapabilities &capabilities);

// An existing regular file under kMaxImageFileBytes whose content is PNG, JPEG or WebP, whose
// declared dimensions are within kMaxInputImageEdge and kMaxInputImagePixels, and which
// decodes in full.
Result<ImageInfo> check_image_file (const std::string &param, const std::string &path);

// The same rules for encoded bytes in memory (an ImageSource's bytes, a data: URL's payload);
// `shown` names them in messages.
Result<ImageInfo> check_image_data (const std::string &param, const std::string &shown,
                                    const std::uint8_t *data, std::size_t size);

// A checked image that is also a PNG with an alpha channel; errors pass through.
Result<ImageInfo> check_mask_rules (const std::string &param, const std::string &shown,
                                    Result<ImageInfo> info);

// check_image_file, then check_mask_rules.
Result<ImageInfo> check_mask_file (const std::string &param, const std::string &path);

// The same rules for either form of an ImageSource: a file, or bytes in memory.
Result<ImageInfo> check_image_source (const std::string &param, const ImageSource &source);
Result<ImageInfo> check_mask_source (const std::string &param, const ImageSource &source);

// The API applies a mask to the first image: their sizes must match.
Status check_mask_size (const std::string &param, const std::string &shown, const ImageInfo &mask,
                        const ImageInfo &first);

Status check_model_name (std::string_view model);

} // namespace gptimage::validate_detail
