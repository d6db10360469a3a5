#include "gptimage/output-path.h"

#include <string_view>

namespace gptimage {

namespace {

// Where "-N" goes: before the last '.' of the file name. Both '/' and '\' end a folder, so
// Windows-style paths from the seed (.\out\hero.png) behave like POSIX ones. A name made of
// leading dots only (".hidden") has no extension.
std::size_t
suffix_position (const std::string &path)
{
  auto separator = path.find_last_of ("/\\");
  std::size_t name_start = separator == std::string::npos ? 0 : separator + 1;
  auto dot = path.rfind ('.');
  if (dot == std::string::npos || dot < name_start)
    return path.size ();
  auto first_other = path.find_first_not_of ('.', name_start);
  if (first_other == std::string::npos || first_other > dot)
    return path.size ();
  return dot;
}

std::string
insert_suffix (std::string path, const std::string &suffix)
{
  if (!suffix.empty ())
    path.insert (suffix_position (path), suffix);
  return path;
}

void
replace_all (std::string &text, std::string_view from, std::string_view to)
{
  for (auto at = text.find (from); at != std::string::npos; at = text.find (from, at + to.size ()))
    text.replace (at, from.size (), to);
}

constexpr std::string_view index_placeholder = "{index}";
constexpr std::string_view variant_placeholder = "{variant}";

} // namespace

bool
output_pattern_has_placeholders (const std::string &pattern)
{
  return pattern.find (index_placeholder) != std::string::npos
         || pattern.find (variant_placeholder) != std::string::npos;
}

std::string
output_path_for (const std::string &pattern, int index, bool partial, bool single_final)
{
  const std::string number = std::to_string (index);
  const bool has_index = pattern.find (index_placeholder) != std::string::npos;
  const bool has_variant = pattern.find (variant_placeholder) != std::string::npos;

  if (has_index || has_variant)
    {
      std::string path = pattern;
      replace_all (path, index_placeholder, number);
      replace_all (path, variant_placeholder, partial ? "partial" : "final");
      // What the pattern leaves out still has to keep the files apart.
      std::string suffix;
      if (!has_index && (partial || !single_final))
        suffix += "-" + number;
      if (partial && !has_variant)
        suffix += "-partial";
      return insert_suffix (std::move (path), suffix);
    }

  if (!partial && single_final)
    return pattern;
  return insert_suffix (pattern, "-" + number + (partial ? "-partial" : ""));
}

} // namespace gptimage
