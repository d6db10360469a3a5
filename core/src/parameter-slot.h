// Where the value of a row of the parameter table lives: a field of Settings or of ImageOptions,
// reached by the row's Param. Lets config loading and request building walk the table.
#pragma once

#include "gptimage/config.h"
#include "gptimage/options.h"

#include <optional>
#include <string>
#include <variant>

namespace gptimage {

// monostate: the row has no field there (an input row, or a setting when given ImageOptions).
using Slot = std::variant<std::monostate, std::string *, std::optional<int> *, bool *>;

Slot slot_of (Settings &settings, Param id);
Slot slot_of (ImageOptions &options, Param id);

// The value of an ImageOptions row as it is written in a form or in --help: nullopt when unset
// (empty text, no number, a false flag).
std::optional<std::string> option_text (const ImageOptions &options, Param id);

} // namespace gptimage
