#include "interactive-run.h"

#include "gimp2-host.h"
#include "parameters-dialog.h"

#include "active-run.h"
#include "i18n.h"

#include "gptimage/glib-ptr.h"

#include <libgimp/gimpui.h>

namespace gptimage::gimp2 {

namespace {

// Last-used values live for the session in gimp_set_data and across restarts in a file of
// the profile, <gimp_directory>/gpt-image/PROCEDURE.last (procedure arguments only: the key is
// never one).
std::string
last_values_path (const char *procedure)
{
  return take_string (g_build_filename (gimp_directory (), "gpt-image",
                                        (std::string (procedure) + ".last").c_str (), nullptr));
}

bool
succeeded (const ReturnValues &values)
{
  return values.status () == GIMP_PDB_SUCCESS;
}

} // namespace

RunValues
last_values (const char *procedure, const std::vector<plugin::ArgumentSpec> &args)
{
  RunValues values (args);
  std::string text;
  if (gint size = gimp_get_data_size (procedure); size > 0)
    {
      text.resize (static_cast<std::size_t> (size));
      gimp_get_data (procedure, text.data ());
    }
  else
    {
      gchar *contents = nullptr;
      gsize length = 0;
      if (g_file_get_contents (last_values_path (procedure).c_str (), &contents, &length,
                               nullptr))
        text.assign (CharPtr (contents).get (), length);
    }
  values.merge_serialized (text, args);
  return values;
}

void
keep_last_values (const char *procedure, const RunValues &values)
{
  const std::string text = values.serialize ();
  gimp_set_data (procedure, text.data (), static_cast<guint32> (text.size ()));
  const std::string path = last_values_path (procedure);
  CharPtr folder (g_path_get_dirname (path.c_str ()));
  // A lost file only costs the values; g_file_set_contents replaces it atomically.
  if (g_mkdir_with_parents (folder.get (), 0700) == 0)
    g_file_set_contents (path.c_str (), text.data (), static_cast<gssize> (text.size ()),
                         nullptr);
}

void
run_procedure (const Procedure &procedure, int n_params, const GimpParam *params)
{
  ReturnValues &returned = ReturnValues::current ();
  const plugin::ProcedureInfo info = procedure.info ();
  const std::vector<plugin::ArgumentSpec> args = procedure.arguments ();
  std::vector<GimpPDBArgType> declared;
  for (const auto &[type, name] : procedure.returns)
    declared.push_back (type);
  returned.declare (std::move (declared));
  RunContext context;
  context.run_mode = static_cast<GimpRunMode> (params[0].data.d_int32);
  if (procedure.with_image)
    {
      context.image = params[1].data.d_image;
      context.drawable = params[2].data.d_drawable;
    }
  if (context.run_mode == GIMP_RUN_NONINTERACTIVE)
    {
      context.values = RunValues::from_params (args, params, n_params,
                                               procedure.with_image ? 3 : 1);
      if (Status valid = plugin::check_arguments (context.values, args); !valid)
        return returned.error (valid.error ());
      return procedure.run (context);
    }

  gimp_ui_init ("gpt-image", FALSE);
  if (!procedure.layout)
    return procedure.run (context); // Settings and Info: a dialog of their own, no last values
  context.values = last_values (info.name, args);
  for (const char *name : procedure.layout->one_shot)
    context.values.set_number (name, 0); // switches for one run, off again (RunValues's default)
  if (context.run_mode == GIMP_RUN_INTERACTIVE
      && !run_parameters_dialog (procedure, context.values))
    return returned.cancel ();
  if (Status valid = plugin::check_arguments (context.values, args); !valid)
    return returned.error (valid.error ());
  // Kept before the run: after a failure (no key, an API error) the dialog offers them again.
  keep_last_values (info.name, context.values);
  plugin::ActiveRunScope scope;
  procedure.run (context);
  const bool finished = !scope.cancelled () && succeeded (returned);
  // The results are on the canvas while the progress window shows what they cost.
  if (finished)
    gimp_displays_flush ();
  request_host ().end_window (finished);
  if (scope.cancelled ())
    return returned.cancel (); // the image is untouched; GIMP shows no message for CANCEL
}

} // namespace gptimage::gimp2
