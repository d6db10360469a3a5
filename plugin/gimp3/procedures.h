// The PDB procedures of the GIMP 3 plug-in: constructors (names, menus and documentation come
// from plugin/common/procedure-info.h).
#pragma once

#include "procedure-info.h"

#include <libgimp/gimp.h>

namespace gptimage::gimp3 {

GimpProcedure *create_generate_procedure (GimpPlugIn *plug_in);
GimpProcedure *create_new_procedure (GimpPlugIn *plug_in);
GimpProcedure *create_edit_procedure (GimpPlugIn *plug_in);
GimpProcedure *create_respond_procedure (GimpPlugIn *plug_in);
GimpProcedure *create_settings_procedure (GimpPlugIn *plug_in);
GimpProcedure *create_info_procedure (GimpPlugIn *plug_in);

// Menu label, menu path, documentation and attribution from the common description.
void describe_procedure (GimpProcedure *procedure, const plugin::ProcedureInfo &info);

} // namespace gptimage::gimp3
