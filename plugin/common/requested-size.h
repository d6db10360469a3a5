// The `size` a run requests: "match the image". With no size argument and none configured, a
// run on an open image asks for the size the model accepts that is closest to the canvas (or,
// for Edit, to its region; edit-request.cc). A size argument, or an OPENAI_IMAGE_SIZE the user
// set in the environment or the config file, is sent as it is.
#pragma once

#include "gptimage/error.h"
#include "gptimage/image-size.h"
#include "gptimage/parameter.h"
#include "gptimage/route.h"

#include <map>
#include <optional>
#include <string>

namespace gptimage::plugin {

struct RequestedSize
{
  std::string size;         // what the request sends: "auto" or WIDTHxHEIGHT
  bool matched = false;     // computed from the canvas (not given nor configured)
};

// The size a run with `given` arguments on `route` requests for a canvas of `canvas` pixels
// (nullopt: no image, e.g. a new image). Reads the plug-in's configuration (not the keyring);
// a dialog can call it to show the size before the run. Config errors (a malformed file) are
// returned as they are.
Result<RequestedSize> requested_size (const std::map<Param, std::string> &given, Route route,
                                      std::optional<PixelSize> canvas);

// Puts the matched size into `given` when the canvas decides it. Else, and when the
// configuration cannot be read, leaves `given` alone: the run's own preparation then reports
// the error naming the argument or key as the user gave it.
void request_canvas_size (std::map<Param, std::string> &given, Route route,
                          std::optional<PixelSize> canvas);

// The size as the progress window shows it: WIDTHxHEIGHT, or words for "auto" (translated).
std::string size_for_display (const std::string &size);

} // namespace gptimage::plugin
