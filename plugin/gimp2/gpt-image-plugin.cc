// The GIMP 2.10 plug-in: registers the PDB procedures of gpt-image (the same names, menus,
// arguments and behaviour as the GIMP 3 front, over the same common code) and runs them.
#include "gimp2-host.h"
#include "help-sections.h"
#include "interactive-run.h"
#include "procedures.h"

#include "i18n.h"

#include "gptimage/glib-ptr.h"

#include <gegl.h>

#include <string>

namespace {

using namespace gptimage;
using namespace gptimage::gimp2;

// The folder of the executable: plug-ins/gpt-image/ (its catalogs are in locale/ there).
std::string plugin_folder;

const Procedure *const kProcedures[] = {
  &generate_procedure (), &new_procedure (), &edit_procedure (), &respond_procedure (),
  &settings_procedure (), &info_procedure (),
};

void
install (const Procedure &procedure)
{
  const plugin::ProcedureInfo info = procedure.info ();
  const std::vector<plugin::ArgumentSpec> args = procedure.arguments ();
  ParamDefs params (procedure.with_image, args);
  std::vector<std::string> blurbs (procedure.return_blurbs.begin (),
                                   procedure.return_blurbs.end ());
  ParamDefs returns (procedure.returns, blurbs);
  gimp_install_procedure (info.name, info.blurb.c_str (), info.help.c_str (), plugin::kAuthors,
                          plugin::kCopyright, plugin::kDate, info.menu_label.c_str (),
                          procedure.image_types, GIMP_PLUGIN, params.size (), returns.size (),
                          params.data (), returns.data ());
  gimp_plugin_menu_register (info.name, info.menu_path);
}

std::string
locale_folder ()
{
  return plugin_folder + G_DIR_SEPARATOR_S + "locale";
}

// Help (the dialogs' button, F1) opens the user's guide installed beside the plug-in, in
// plug-ins/gpt-image/help/; each procedure's help id is its name (help-sections.h).
void
register_help ()
{
  const std::string folder = plugin_folder + G_DIR_SEPARATOR_S + plugin::kHelpFolder;
  const std::string uri = take_string (g_filename_to_uri (folder.c_str (), nullptr, nullptr));
  gimp_plugin_help_register (plugin::kHelpDomain, uri.c_str ());
}

// GIMP translates the registered menu labels and blurbs with this domain; registration
// strings themselves stay in English (N_ semantics: GIMP looks them up).
void
query ()
{
  gimp_plugin_domain_register (GETTEXT_PACKAGE, locale_folder ().c_str ());
  register_help ();
  for (const Procedure *procedure : kProcedures)
    install (*procedure);
}

void
run (const gchar *name, gint n_params, const GimpParam *params, gint *n_return_values,
     GimpParam **return_values)
{
  // The run's own messages in the user's language.
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_folder ().c_str ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  // libgimp-2.0 leaves GEGL to the plug-in (drawable buffers need it).
  gegl_init (nullptr, nullptr);

  ReturnValues &values = ReturnValues::current ();
  /* Translators: %s is a procedure name such as plug-in-gpt-image-generate. */
  values.error (plugin::printf_string (_("GPT Image: unknown procedure %s"), name));
  for (const Procedure *procedure : kProcedures)
    if (std::string_view (procedure->info ().name) == name)
      run_procedure (*procedure, n_params, params);
  values.hand_over (n_return_values, return_values);
}

const GimpPlugInInfo kPlugInInfo = { nullptr, nullptr, query, run };

} // namespace

// GIMP starts a plug-in with its full path as argv[0]; MAIN () would hide argv from us.
int
main (int argc, char **argv)
{
  if (argc > 0)
    plugin_folder = take_string (g_path_get_dirname (argv[0]));
  return gimp_main (&kPlugInInfo, argc, argv);
}
