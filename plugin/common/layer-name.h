// Names for the layers results go into.
#pragma once

#include <string>
#include <string_view>

namespace gptimage::plugin {

// "GPT: a red fox in snow" for one result; "GPT: a red fox in snow (2/3)" when there are
// several (index is 1-based, as shown; no suffix when count <= 1). The prompt's whitespace is
// folded and it is shortened at a word boundary to at most max_prompt_chars characters (UTF-8
// aware), "…" included. An empty prompt gives "GPT Image".
std::string layer_name_from_prompt (std::string_view prompt, int index, int count,
                                    std::size_t max_prompt_chars = 40);

} // namespace gptimage::plugin
