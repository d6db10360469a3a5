// The fields of a procedure's dialog, in order, for both fronts (GIMP 3 fills a
// GimpProcedureDialog with them, GIMP 2.10 builds its GTK 2 widgets from them).
#pragma once

#include "i18n.h"
#include "procedure-arguments.h"

#include <vector>

namespace gptimage::plugin {

struct DialogLayout
{
  const char *title = nullptr;     // null: the menu label
  const char *ok_label = N_ ("_OK");
  // Argument names in order; names the procedure lacks are skipped. "prompt" becomes a
  // multi-line text view (Ctrl+Enter presses OK), "size" an entry with a list of common sizes,
  // the model argument of `arguments` an entry with the known models to pick from.
  std::vector<const char *> fields;
  std::vector<const char *> advanced; // in a collapsed "Advanced" expander
  // The procedure's table arguments: their choices follow the model (may be null).
  const ArgumentSet *arguments = nullptr;
  // Fields that open at their default every time (a choice for this run alone): neither the
  // last-used values nor Repeat bring them back.
  std::vector<const char *> one_shot = {};
};

// The button that opens the Settings from a dialog that found no key.
inline constexpr const char *kOpenSettingsLabel = N_ ("_Open Settings…");

// generate and new, respond, edit.
const DialogLayout &generate_dialog_layout ();
const DialogLayout &respond_dialog_layout ();
const DialogLayout &edit_dialog_layout ();

} // namespace gptimage::plugin
