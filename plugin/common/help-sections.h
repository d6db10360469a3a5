// Which section of the user's guide each procedure's Help opens: the one table that both GIMP
// fronts register and that data/help turns into the help domain's gimp-help.xml files.
#pragma once

#include "procedure-info.h"

namespace gptimage::plugin {

// The help domain's name (an XML namespace to GIMP) and its folder beside the plug-in:
// plug-ins/gpt-image/help/LANG/gimp-help.xml, LANG/guide.html.
inline constexpr const char *kHelpDomain = "org.gpt-image.help";
inline constexpr const char *kHelpFolder = "help";
inline constexpr const char *kHelpPage = "guide.html";

// A procedure's help id is its name; `anchor` is the id of its heading in every language's
// guide.html (`<!-- anchor: NAME -->` above the heading in docs/guide*.md).
struct HelpSection
{
  const char *help_id;
  const char *anchor;
};

inline constexpr HelpSection kHelpSections[] = {
  { kGenerateProc, "generate" },
  { kNewProc, "new-image" },
  { kEditProc, "edit-with-selection" },
  { kRespondProc, "conversation" },
  { kSettingsProc, "settings" },
  { kInfoProc, "info" },
};

} // namespace gptimage::plugin
