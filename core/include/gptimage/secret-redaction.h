// Keeps the API key out of everything a server sends back: a server or proxy that repeats the
// key (a 401 quoting it, an echo in a revised prompt) must not get it printed, saved or shown.
// The transport applies it to every body, event and header value before anything else sees it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gptimage {

// What stands where the key was.
inline constexpr std::string_view kRedactedMarker = "[redacted]";

// Shorter keys are not looked for: such a key protects nothing, and replacing every
// occurrence of a few characters would spoil images and text alike.
inline constexpr std::size_t kMinRedactedSecretSize = 8;

// `text` with every occurrence of `secret` replaced by kRedactedMarker, or nullopt when it holds
// none. An occurrence may be written with JSON escapes (any character as \u00XX, '/' as \/)
// and broken by line breaks, raw or escaped (a server that splits a string over several SSE
// data lines): what a JSON reader or a person would read back as the key.
std::optional<std::string> redact_secret (std::string_view text, std::string_view secret);

} // namespace gptimage
