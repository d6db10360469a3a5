// The user's recent prompts, shared by every procedure and both GIMP fronts: a file beside the
// config file ($XDG_CONFIG_HOME/gpt-image/prompt-history), newest first, each prompt once, at
// most kPromptHistoryLimit of them. It never holds the API key: a prompt that contains it is
// stored with the key redacted.
#pragma once

#include "gptimage/error.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gptimage::plugin {

inline constexpr std::size_t kPromptHistoryLimit = 50;

// The history file of this user: in the folder of default_config_file_path ().
std::string prompt_history_path ();

// One prompt per line, with backslash, line feed and carriage return escaped (\\, \n, \r), so
// that a prompt of several lines stays one entry.
std::string encode_prompt_history (const std::vector<std::string> &prompts);
std::vector<std::string> decode_prompt_history (std::string_view text);

// `history` with `prompt` first (moved there if it was already in it), cut to `limit`.
std::vector<std::string> with_prompt_first (std::vector<std::string> history,
                                            const std::string &prompt, std::size_t limit);

// `prompt` as a menu shows it: on one line, cut to kPromptMenuChars characters (with "…").
inline constexpr long kPromptMenuChars = 72;
std::string prompt_menu_text (const std::string &prompt);

// The prompts in the file at `path`, newest first, at most kPromptHistoryLimit; empty when it
// is missing or unreadable (a lost history stops no run).
std::vector<std::string> load_prompt_history (const std::string &path);

// Puts `prompt` (with `secret` redacted) first in the file at `path`, written atomically with
// mode 0600. A blank prompt is not recorded.
Status remember_prompt (const std::string &path, const std::string &prompt,
                        std::string_view secret);

// Empties the history (the file is removed).
Status clear_prompt_history (const std::string &path);

} // namespace gptimage::plugin
