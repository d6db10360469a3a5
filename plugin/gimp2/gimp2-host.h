// The GIMP 2.10 host of the common run: the request host (plugin/common/gimpui), layers
// through libgimp-2.0 (plugin/common/result-layers.h), and the run's return values.
#pragma once

#include "gimp-request-host.h"
#include "request-host.h"
#include "result-layers.h"

#include "gptimage/error.h"
#include "gptimage/image-size.h"

#include <libgimp/gimp.h>

#include <deque>
#include <string>
#include <vector>

namespace gptimage::gimp2 {

// The request host of every run of this process (plugin/common/gimpui).
inline plugin::RequestHost &
request_host ()
{
  return plugin::gimp_request_host ();
}

// add_result_layers (plugin/common/result-layers.h) on a GIMP 2.10 image; each new layer gets
// its result's provenance (layer-provenance.h) in the same undo step.
std::vector<gint32> add_result_layers (gint32 image, const std::vector<RgbaImage> &results,
                                       const std::vector<std::string> &provenance,
                                       const std::string &prompt,
                                       const plugin::PixelRect &target, gint32 anchor);

// The whole canvas of `image`: its size, and the target for add_result_layers.
PixelSize canvas_size (gint32 image);
plugin::PixelRect canvas_rect (gint32 image);

// The values a run returns (status first); they stay valid until the next run.
class ReturnValues
{
public:
  static ReturnValues &current ();
  // The types the procedure declared after the status: GIMP 2.10 reads that many values back
  // whatever the status, so an error or a cancel pads them.
  void declare (std::vector<GimpPDBArgType> types) { declared_ = std::move (types); }
  // Status SUCCESS with no values yet.
  void success ();
  // An execution error with the message GIMP shows (and Script-Fu reports).
  void error (const std::string &message);
  void error (const Error &error);
  void cancel ();
  void add_int (gint32 value);
  void add_float (gdouble value);
  void add_image (gint32 image);
  // The layer count, then the layers (INT32ARRAY).
  void add_layers (const std::vector<gint32> &layers);
  void add_string (const std::string &text);

  GimpPDBStatusType status () const { return values_.front ().data.d_status; }
  void hand_over (gint *n_values, GimpParam **values);

private:
  void reset (GimpPDBStatusType status);
  void pad ();
  void add_empty (GimpPDBArgType type);

  std::vector<GimpParam> values_;
  std::vector<gint32> layers_;
  std::deque<std::string> strings_; // values_ points into them: a deque keeps them in place
  std::vector<GimpPDBArgType> declared_;
};

} // namespace gptimage::gimp2
