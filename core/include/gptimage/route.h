// The three routes a request can take.
#pragma once

#include <string_view>

namespace gptimage {

enum class Route
{
  generations, // POST /images/generations, JSON
  edits,       // POST /images/edits, multipart/form-data
  responses,   // POST /responses with the image_generation tool
};

std::string_view route_name (Route route);      // "generations", "edits", "responses"
std::string_view route_path (Route route);      // "/images/generations", ...

} // namespace gptimage
