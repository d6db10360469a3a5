// Reads an incoming multipart/form-data body (through libsoup's SoupMultipart) into its parts,
// in the order they were sent.
#pragma once

#include "gptimage/error.h"
#include "gptimage/glib-ptr.h"

#include <string>
#include <vector>

namespace gptimage::testing {

struct FormPart
{
  std::string name;
  std::string filename;     // empty for a text field
  bool has_filename = false; // a file part, even with an empty file name
  std::string content_type; // empty when the part has none
  std::string data;
};

// The error (kind protocol) says what was malformed.
Result<std::vector<FormPart>> read_multipart (SoupMessageHeaders *headers, GBytes *body);

} // namespace gptimage::testing
