// Image strings cut out of a JSON text before it is parsed. A 20 MB base64 image inside a JSON
// body or event would otherwise be copied character by character into a JSON tree and again
// out of it; lifted out, the tree is built for the small rest only and the base64 is decoded
// straight from the text it arrived in.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gptimage {

struct LiftedJson
{
  // The JSON text with each lifted string's contents replaced by a token (a short string no
  // server can guess); empty when nothing was lifted, and the original text stands.
  std::string skeleton;
  // The lifted strings' raw contents, in order: views into the original text, holding no
  // escape sequence (a string with one is left in place for the JSON parser to unescape).
  std::vector<std::string_view> values;

  // The lifted string that a string read from the skeleton's tree stands for, or null when it
  // is a string of its own.
  const std::string_view *find (std::string_view text) const;
};

// Lifts out the values of the members that carry images ("b64_json", "result",
// "partial_image_b64") that are strings of at least `min_length` bytes. The text is not
// validated: a broken document stays broken in the skeleton, for the parser to report.
LiftedJson lift_image_strings (std::string_view json, std::size_t min_length = 256);

// Finds the same image strings in a JSON text that is still arriving, as soon as each one
// begins, so that it can be decoded while the rest comes in. Holds no pointer into the text:
// give it the text so far each time (it may have moved).
class ImageStringFinder
{
public:
  // Scans on through `text`; returns the offset of the contents of the next image string once
  // its opening quote is in.
  std::optional<std::size_t> next_start (std::string_view text);
  // The image string found last ended with the quote at `close`: scanning goes on after it.
  void skip_string (std::size_t close);

private:
  std::size_t pos_ = 0;      // where scanning resumes, outside any string
  std::size_t searched_ = 0; // how far the end of the string at `pos_` was looked for
  std::string key_;        // the last member name, when it had no escapes
  char before_ = '\0';     // the last character outside strings before `pos_`
};

} // namespace gptimage
