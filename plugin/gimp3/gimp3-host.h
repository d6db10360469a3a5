// The GIMP 3 host of the common run (plugin/common/request-host.h, result-layers.h): progress
// through GIMP 3's status bar or the progress dialog, layers through libgimp-3.0, and errors
// as GIMP 3 return values.
#pragma once

#include "request-host.h"
#include "result-layers.h"

#include "gptimage/error.h"

#include <libgimp/gimp.h>

#include <string>
#include <vector>

namespace gptimage::gimp3 {

// The request host of every run of this process (a plug-in runs one procedure at a time).
plugin::RequestHost &request_host ();

// add_result_layers (plugin/common/result-layers.h) on a GIMP 3 image.
std::vector<GimpLayer *> add_result_layers (GimpImage *image,
                                            const std::vector<RgbaImage> &results,
                                            const std::string &prompt, int x, int y,
                                            GimpDrawable *anchor);

// The error as a PDB execution error with advice for the user (never containing the key).
GimpValueArray *error_return (GimpProcedure *procedure, const Error &error);
// A plain message as an execution error (e.g. "this procedure needs an image").
GimpValueArray *error_return (GimpProcedure *procedure, const std::string &message);

// The error return when add_result_layers came back empty.
GimpValueArray *layer_refused_return (GimpProcedure *procedure);

// SUCCESS return values whose first value is the layers array; the caller may set more.
GimpValueArray *layers_return (GimpProcedure *procedure, const std::vector<GimpLayer *> &layers);

} // namespace gptimage::gimp3
