// Prints the help table (plugin/common/help-sections.h) as "HELP-ID ANCHOR" lines, from which
// build-help.py writes each language's gimp-help.xml: the mapping is declared only there.
#include "help-sections.h"

#include <cstdio>

int
main ()
{
  for (const gptimage::plugin::HelpSection &section : gptimage::plugin::kHelpSections)
    std::printf ("%s %s\n", section.help_id, section.anchor);
  return 0;
}
