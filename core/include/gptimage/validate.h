// Strict pre-flight validation: every rule is checked before any network I/O, and the first
// broken rule is returned as one error that names the parameter, the value and the rule.
#pragma once

#include "gptimage/error.h"
#include "gptimage/options.h"

#include <cstdint>
#include <string>
#include <vector>

namespace gptimage {

inline constexpr std::size_t kMaxPromptChars = 32000;
inline constexpr std::size_t kMaxEditImages = 16;
inline constexpr std::size_t kMaxImageFileBytes = 50u * 1024 * 1024; // "under 50 MB"
// Input images (edit images, masks, Responses input images) are decoded in full before
// anything is sent. Their declared size is checked first, so that a small file cannot make us
// allocate gigabytes: at most 16384 pixels per edge and 67,108,864 (8192 x 8192) in all.
inline constexpr int kMaxInputImageEdge = 16384;
inline constexpr std::int64_t kMaxInputImagePixels = 67108864;

// Checks that depend only on the image options and the model (size, quality, background,
// format, compression, partial_images, n, response_format, input_fidelity, complexity).
// `route` decides the route-specific rules (stream with n > 1 on the Images routes).
// Warnings (e.g. an unknown model that gets only generic checks) are appended to `warnings`.
Status validate_image_options (const ImageOptions &options, std::string_view model, Route route,
                               std::vector<std::string> *warnings = nullptr);

// The prompt alone: text, not blank, at most kMaxPromptChars characters. The Responses route
// sends it as its first input text, but the user gave it as the prompt.
Status validate_prompt (std::string_view prompt);

Status validate_generations (const GenerationsParams &params,
                             std::vector<std::string> *warnings = nullptr);
// Also checks the image and mask files or bytes (existence, format, file size, declared
// dimensions, alpha, mask size) and decodes them in full.
Status validate_edits (const EditsParams &params, std::vector<std::string> *warnings = nullptr);
// validate_edits without the images and the mask: the model, the prompt and the options.
Status validate_edit_options (const EditsParams &params,
                              std::vector<std::string> *warnings = nullptr);
// Local input images and data: URLs (images and masks) are checked and decoded like edit
// images; the mask follows the edits route's rules.
Status validate_responses (const ResponsesParams &params,
                           std::vector<std::string> *warnings = nullptr);

} // namespace gptimage
