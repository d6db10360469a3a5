// The C++ type of each storage kind of the parameter table (gptimage/parameter-table.h).
#pragma once

#include <optional>
#include <string>

#define GPT_IMAGE_STORAGE_text std::string
#define GPT_IMAGE_STORAGE_number std::optional<int>
#define GPT_IMAGE_STORAGE_flag bool
