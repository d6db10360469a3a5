// The procedures of the plug-in as both GIMP fronts register them: names (fixed: scripts rely
// on them), menu labels and paths, and documentation.
#pragma once

#include <string>

namespace gptimage::plugin {

inline constexpr const char *kGenerateProc = "plug-in-gpt-image-generate";
inline constexpr const char *kNewProc = "plug-in-gpt-image-new";
inline constexpr const char *kEditProc = "plug-in-gpt-image-edit";
inline constexpr const char *kRespondProc = "plug-in-gpt-image-respond";
inline constexpr const char *kSettingsProc = "plug-in-gpt-image-settings";
inline constexpr const char *kInfoProc = "plug-in-gpt-image-info";

// Menu paths stay untranslated: GIMP translates its own parts, and "GPT Image" is a name.
inline constexpr const char *kMenuBranch = "<Image>/Filters/AI/GPT Image";
inline constexpr const char *kNewMenuPath = "<Image>/File/Create";
inline constexpr const char *kInfoMenuPath = "<Layers>/GPT Image";

inline constexpr const char *kAuthors = "gpt-image contributors";
inline constexpr const char *kCopyright = "GPL-3.0-or-later";
inline constexpr const char *kDate = "2026";

struct ProcedureInfo
{
  const char *name;
  std::string menu_label; // translated
  const char *menu_path;
  std::string blurb;      // translated
  std::string help;       // translated
  // What only GIMP 3 does, appended to `help` there (translated; may be empty): GIMP 2.10's
  // image procedures need an open image, and it passes them a single drawable.
  std::string help_gimp3;
};

// In the current locale.
ProcedureInfo generate_procedure_info ();
ProcedureInfo new_procedure_info ();
ProcedureInfo edit_procedure_info ();
ProcedureInfo respond_procedure_info ();
ProcedureInfo settings_procedure_info ();
ProcedureInfo info_procedure_info ();

} // namespace gptimage::plugin
