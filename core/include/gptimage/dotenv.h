// .env files: KEY=VALUE lines, '#' comments, blank lines, optional matching quotes.
#pragma once

#include "gptimage/error.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace gptimage {

// Parses the text of a .env file. A malformed line is a config error naming the file and line.
Result<std::map<std::string, std::string>> parse_dotenv (std::string_view text,
                                                         std::string_view file_name = ".env");

// The nearest .env in `start_dir` or one of its parents; nullopt when there is none.
std::optional<std::string> find_dotenv (const std::string &start_dir);

} // namespace gptimage
