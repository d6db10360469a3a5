// The GIMP 3 plug-in object: registers the PDB procedures of gpt-image.
#include "help-sections.h"
#include "procedures.h"

#include "gptimage/glib-ptr.h"

#include <libgimp/gimp.h>

#include <string_view>

namespace {

struct GptImagePlugIn
{
  GimpPlugIn parent_instance;
};

struct GptImagePlugInClass
{
  GimpPlugInClass parent_class;
};

GType gpt_image_plug_in_get_type ();

G_DEFINE_TYPE (GptImagePlugIn, gpt_image_plug_in, GIMP_TYPE_PLUG_IN)

const char *const kProcedures[] = {
  gptimage::plugin::kGenerateProc,
  gptimage::plugin::kNewProc,
  gptimage::plugin::kEditProc,
  gptimage::plugin::kRespondProc,
  gptimage::plugin::kSettingsProc,
  gptimage::plugin::kInfoProc,
};

// Help (the dialogs' button, F1) opens the user's guide installed beside the plug-in, in
// plug-ins/gpt-image/help/; GIMP starts the plug-in with its full path.
void
register_help (GimpPlugIn *plug_in)
{
  using namespace gptimage;
  const std::string plugin_folder = take_string (g_path_get_dirname (gimp_get_progname ()));
  ObjectPtr<GFile> help (g_file_new_build_filename (plugin_folder.c_str (),
                                                    plugin::kHelpFolder, nullptr));
  gimp_plug_in_set_help_domain (plug_in, plugin::kHelpDomain, help.get ());
}

GList *
query_procedures (GimpPlugIn *plug_in)
{
  register_help (plug_in);
  GList *names = nullptr;
  for (const char *name : kProcedures)
    names = g_list_append (names, g_strdup (name));
  return names;
}

GimpProcedure *
create_procedure (GimpPlugIn *plug_in, const gchar *name)
{
  using namespace gptimage::gimp3;
  using namespace gptimage::plugin;
  std::string_view wanted (name);
  if (wanted == kGenerateProc)
    return create_generate_procedure (plug_in);
  if (wanted == kNewProc)
    return create_new_procedure (plug_in);
  if (wanted == kEditProc)
    return create_edit_procedure (plug_in);
  if (wanted == kRespondProc)
    return create_respond_procedure (plug_in);
  if (wanted == kSettingsProc)
    return create_settings_procedure (plug_in);
  if (wanted == kInfoProc)
    return create_info_procedure (plug_in);
  return nullptr;
}

// The catalog is plug-ins/gpt-image/locale/LANG/LC_MESSAGES/gpt-image.mo; `meson install`
// always creates locale/, so GIMP never reports it missing.
gboolean
set_i18n (GimpPlugIn *, const gchar *, gchar **gettext_domain, gchar **catalog_dir)
{
  *gettext_domain = g_strdup (GETTEXT_PACKAGE);
  *catalog_dir = g_strdup ("locale");
  return TRUE;
}

void
gpt_image_plug_in_class_init (GptImagePlugInClass *klass)
{
  GimpPlugInClass *plug_in_class = GIMP_PLUG_IN_CLASS (klass);
  plug_in_class->query_procedures = query_procedures;
  plug_in_class->create_procedure = create_procedure;
  plug_in_class->set_i18n = set_i18n;
}

void
gpt_image_plug_in_init (GptImagePlugIn *)
{
}

} // namespace

namespace gptimage::gimp3 {

void
describe_procedure (GimpProcedure *procedure, const plugin::ProcedureInfo &info)
{
  gimp_procedure_set_menu_label (procedure, info.menu_label.c_str ());
  gimp_procedure_add_menu_path (procedure, info.menu_path);
  const std::string help = info.help_gimp3.empty () ? info.help
                                                     : info.help + " " + info.help_gimp3;
  // The help id is the procedure's name: help-sections.h maps it to its section of the guide.
  gimp_procedure_set_documentation (procedure, info.blurb.c_str (), help.c_str (), info.name);
  gimp_procedure_set_attribution (procedure, plugin::kAuthors, plugin::kCopyright,
                                  plugin::kDate);
}

} // namespace gptimage::gimp3

GIMP_MAIN (gpt_image_plug_in_get_type ())
