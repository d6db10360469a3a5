#include "gimp2-host.h"

#include "layer-io.h"
#include "layer-provenance.h"
#include "request-runner.h"

namespace gptimage::gimp2 {

namespace {

class Gimp2LayerHost : public plugin::LayerHost
{
public:
  explicit Gimp2LayerHost (gint32 image) : image_ (image) {}

  int insert_layer (const RgbaImage &pixels, const std::string &name, int x, int y,
                    int below) override
  {
    gint32 layer = insert_rgba_layer (image_, pixels, name, x, y, below ? below : -1);
    return layer > 0 ? layer : 0;
  }
  void remove_layer (int layer) override { gimp_image_remove_layer (image_, layer); }
  void undo_group_start () override { gimp_image_undo_group_start (image_); }
  void undo_group_end () override { gimp_image_undo_group_end (image_); }

private:
  gint32 image_;
};

} // namespace

std::vector<gint32>
add_result_layers (gint32 image, const std::vector<RgbaImage> &results,
                   const std::vector<std::string> &provenance, const std::string &prompt,
                   const plugin::PixelRect &target, gint32 anchor)
{
  Gimp2LayerHost host (image);
  gimp_image_undo_group_start (image);
  std::vector<int> ids = plugin::add_result_layers (host, results, prompt, target,
                                                    anchor > 0 ? anchor : 0);
  for (std::size_t i = 0; i < ids.size () && i < provenance.size (); ++i)
    plugin::attach_provenance (ids[i], provenance[i]);
  gimp_image_undo_group_end (image);
  return { ids.begin (), ids.end () };
}

PixelSize
canvas_size (gint32 image)
{
  return { gimp_image_width (image), gimp_image_height (image) };
}

plugin::PixelRect
canvas_rect (gint32 image)
{
  return { 0, 0, gimp_image_width (image), gimp_image_height (image) };
}

ReturnValues &
ReturnValues::current ()
{
  static ReturnValues values;
  return values;
}

void
ReturnValues::reset (GimpPDBStatusType status)
{
  values_.clear ();
  layers_.clear ();
  strings_.clear ();
  GimpParam param {};
  param.type = GIMP_PDB_STATUS;
  param.data.d_status = status;
  values_.push_back (param);
}

void
ReturnValues::success ()
{
  reset (GIMP_PDB_SUCCESS);
}

void
ReturnValues::cancel ()
{
  reset (GIMP_PDB_CANCEL);
  pad ();
}

void
ReturnValues::error (const std::string &message)
{
  reset (GIMP_PDB_EXECUTION_ERROR);
  // GIMP takes a string in the first value as the error's message.
  add_string (message);
  pad ();
}

// Script-Fu crashes reading an error's message when fewer values come back than were declared.
void
ReturnValues::pad ()
{
  for (std::size_t i = values_.size () - 1; i < declared_.size (); ++i)
    add_empty (declared_[i]);
}

// An array's length is the value before it, which after an error is the message: the array
// slot is sent as a plain 0 instead (GIMP keeps it; Script-Fu reads only the message).
void
ReturnValues::add_empty (GimpPDBArgType type)
{
  GimpParam param {};
  param.type = type == GIMP_PDB_INT32ARRAY ? GIMP_PDB_INT32 : type;
  if (type == GIMP_PDB_STRING)
    param.data.d_string = const_cast<gchar *> ("");
  values_.push_back (param);
}

void
ReturnValues::error (const Error &error)
{
  this->error (plugin::explain_error (error));
}

void
ReturnValues::add_int (gint32 value)
{
  GimpParam param {};
  param.type = GIMP_PDB_INT32;
  param.data.d_int32 = value;
  values_.push_back (param);
}

void
ReturnValues::add_float (gdouble value)
{
  GimpParam param {};
  param.type = GIMP_PDB_FLOAT;
  param.data.d_float = value;
  values_.push_back (param);
}

void
ReturnValues::add_image (gint32 image)
{
  GimpParam param {};
  param.type = GIMP_PDB_IMAGE;
  param.data.d_image = image;
  values_.push_back (param);
}

void
ReturnValues::add_layers (const std::vector<gint32> &layers)
{
  add_int (static_cast<gint32> (layers.size ()));
  layers_ = layers;
  GimpParam param {};
  param.type = GIMP_PDB_INT32ARRAY;
  param.data.d_int32array = layers_.data ();
  values_.push_back (param);
}

void
ReturnValues::add_string (const std::string &text)
{
  strings_.push_back (text);
  GimpParam param {};
  param.type = GIMP_PDB_STRING;
  param.data.d_string = strings_.back ().data ();
  values_.push_back (param);
}

void
ReturnValues::hand_over (gint *n_values, GimpParam **values)
{
  *n_values = static_cast<gint> (values_.size ());
  *values = values_.data ();
}

} // namespace gptimage::gimp2
