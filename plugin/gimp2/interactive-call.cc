#include "interactive-call.h"

#include <deque>

namespace gptimage::gimp2 {

void
run_interactively (const Procedure &procedure, gint32 image, gint32 drawable)
{
  const std::vector<plugin::ArgumentSpec> args = procedure.arguments ();
  std::deque<std::string> texts; // the params point into them (a deque's elements stay put)
  std::vector<GimpParam> params;
  GimpParam mode {};
  mode.type = GIMP_PDB_INT32;
  mode.data.d_int32 = GIMP_RUN_INTERACTIVE;
  params.push_back (mode);
  if (procedure.with_image)
    {
      GimpParam on_image {};
      on_image.type = GIMP_PDB_IMAGE;
      on_image.data.d_image = image;
      params.push_back (on_image);
      GimpParam on_drawable {};
      on_drawable.type = GIMP_PDB_DRAWABLE;
      on_drawable.data.d_drawable = drawable;
      params.push_back (on_drawable);
    }
  for (const plugin::ArgumentSpec &arg : args)
    {
      GimpParam param {};
      if (arg.kind == plugin::ArgumentKind::number || arg.kind == plugin::ArgumentKind::boolean)
        {
          param.type = GIMP_PDB_INT32;
          param.data.d_int32 = arg.default_number;
        }
      else
        {
          param.type = GIMP_PDB_STRING;
          param.data.d_string = texts.emplace_back (arg.default_text).data ();
        }
      params.push_back (param);
    }
  gint n_returned = 0;
  GimpParam *returned = gimp_run_procedure2 (procedure.info ().name, &n_returned,
                                             static_cast<gint> (params.size ()), params.data ());
  // GIMP shows a failed run's message only for runs the user started: this one says it itself.
  if (n_returned > 1 && returned[0].data.d_status == GIMP_PDB_EXECUTION_ERROR
      && returned[1].type == GIMP_PDB_STRING && returned[1].data.d_string)
    gimp_message (returned[1].data.d_string);
  gimp_destroy_params (returned, n_returned);
}

} // namespace gptimage::gimp2
