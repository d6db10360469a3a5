#pragma once
// A modal Yes/No question (GtkMessageDialog), compiled by each front against its own GTK. The
// plug-in's interactive runs ask it before sending a costly request (cost-confirmation.h).
#include <string>

namespace gptimage::plugin {

// Shows `question` and waits; true when the user chose Yes. gimp_ui_init must have run.
bool ask_yes_no (const std::string &question);

} // namespace gptimage::plugin
