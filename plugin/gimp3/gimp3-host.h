// The GIMP 3 host of the common run: the request host (plugin/common/gimpui), layers through
// libgimp-3.0 (plugin/common/result-layers.h), and errors as GIMP 3 return values.
#pragma once

#include "gimp-request-host.h"
#include "request-host.h"
#include "result-layers.h"

#include "gptimage/error.h"

#include <libgimp/gimp.h>

#include <string>
#include <vector>

namespace gptimage::gimp3 {

// The request host of every run of this process (plugin/common/gimpui).
inline plugin::RequestHost &
request_host ()
{
  return plugin::gimp_request_host ();
}

// add_result_layers (plugin/common/result-layers.h) on a GIMP 3 image; each new layer gets
// its result's provenance (layer-provenance.h) in the same undo step.
std::vector<GimpLayer *> add_result_layers (GimpImage *image,
                                            const std::vector<RgbaImage> &results,
                                            const std::vector<std::string> &provenance,
                                            const std::string &prompt,
                                            const plugin::PixelRect &target,
                                            GimpDrawable *anchor);

// The whole canvas of `image` as a target for add_result_layers.
plugin::PixelRect canvas_rect (GimpImage *image);

// The error as a PDB execution error with advice for the user (never containing the key).
GimpValueArray *error_return (GimpProcedure *procedure, const Error &error);
// A plain message as an execution error (e.g. "this procedure needs an image").
GimpValueArray *error_return (GimpProcedure *procedure, const std::string &message);

// The error return when add_result_layers came back empty.
GimpValueArray *layer_refused_return (GimpProcedure *procedure);

// SUCCESS return values whose first value is the layers array; the caller may set more.
GimpValueArray *layers_return (GimpProcedure *procedure, const std::vector<GimpLayer *> &layers);

} // namespace gptimage::gimp3
