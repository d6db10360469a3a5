#include "gptimage/route.h"

namespace gptimage {

std::string_view
route_name (Route route)
{
  switch (route)
    {
    case Route::generations: return "generations";
    case Route::edits: return "edits";
    case Route::responses: return "responses";
    }
  return "generations";
}

std::string_view
route_path (Route route)
{
  switch (route)
    {
    case Route::generations: return "/images/generations";
    case Route::edits: return "/images/edits";
    case Route::responses: return "/responses";
    }
  return "/images/generations";
}

} // namespace gptimage
