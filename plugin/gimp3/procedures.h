// The PDB procedures of the plug-in: names (fixed: scripts rely on them) and constructors.
#pragma once

#include <libgimp/gimp.h>

namespace gptimage::gimp3 {

inline constexpr const char *kGenerateProc = "plug-in-gpt-image-generate";
inline constexpr const char *kNewProc = "plug-in-gpt-image-new";
inline constexpr const char *kEditProc = "plug-in-gpt-image-edit";
inline constexpr const char *kRespondProc = "plug-in-gpt-image-respond";
inline constexpr const char *kSettingsProc = "plug-in-gpt-image-settings";

// Menu paths stay untranslated: GIMP translates its own parts, and "GPT Image" is a name.
inline constexpr const char *kMenuBranch = "<Image>/Filters/AI/GPT Image";
// The parasite that carries the last Responses id of an image.
inline constexpr const char *kResponseIdParasite = "gpt-image-response-id";

GimpProcedure *create_generate_procedure (GimpPlugIn *plug_in);
GimpProcedure *create_new_procedure (GimpPlugIn *plug_in);
GimpProcedure *create_edit_procedure (GimpPlugIn *plug_in);
GimpProcedure *create_respond_procedure (GimpPlugIn *plug_in);
GimpProcedure *create_settings_procedure (GimpPlugIn *plug_in);

// Attribution shared by every procedure.
void set_common_attribution (GimpProcedure *procedure);

} // namespace gptimage::gimp3
