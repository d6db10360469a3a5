// The interactive front of a procedure: its GimpProcedureDialog (last-used values come from
// GimpProcedureConfig), then the procedure's own step, during which run_request shows the
// progress dialog with a working Cancel instead of GIMP's status bar.
#pragma once

#include "i18n.h"
#include "procedure-args.h"

#include <libgimp/gimp.h>

#include <functional>
#include <vector>

namespace gptimage::gimp3 {

struct DialogLayout
{
  const char *title = nullptr;     // null: the menu label
  const char *ok_label = N_ ("_OK");
  // Property names in order; names the procedure lacks are skipped. "prompt" becomes a
  // multi-line text view, "size" an entry with a list of common sizes.
  std::vector<const char *> fields;
  std::vector<const char *> advanced; // in a collapsed "Advanced" expander
  // The procedure's table arguments: their choices follow the model (may be null).
  const ArgumentSet *arguments = nullptr;
};

// generate and new, respond, edit.
const DialogLayout &generate_dialog_layout ();
const DialogLayout &respond_dialog_layout ();
const DialogLayout &edit_dialog_layout ();

// The step builds the request from the (now edited) config, sends it through run_request and
// applies the result; it returns the procedure's return values.
using InteractiveStep = std::function<GimpValueArray *()>;

// gimp_ui_init, the dialog (INTERACTIVE only; WITH_LAST_VALS, e.g. "Repeat", goes straight on),
// then `step`. Returns CANCEL values when the user closes the dialog or presses Cancel while the
// request runs (the image is then untouched).
GimpValueArray *run_interactive (GimpProcedure *procedure, GimpRunMode run_mode,
                                 GimpProcedureConfig *config, const DialogLayout &layout,
                                 const InteractiveStep &step);

// Whether a run in this mode gets the dialogs (anything but NONINTERACTIVE, outside a step).
bool wants_interactive_run (GimpRunMode run_mode);

// True while a run_interactive step runs: run_request then uses the progress dialog.
bool interactive_step_running ();
// run_request reports a cancel by the user, so that the run ends as CANCEL, not as an error.
void note_user_cancelled ();

} // namespace gptimage::gimp3
