// The interactive front of a procedure: its GimpProcedureDialog (last-used values come from
// GimpProcedureConfig), then the procedure's own step, during which run_request shows the
// progress dialog with a working Cancel instead of GIMP's status bar.
#pragma once

#include "dialog-layout.h"
#include "i18n.h"
#include "procedure-args.h"

#include <libgimp/gimp.h>

#include <functional>
#include <string>
#include <vector>

namespace gptimage::gimp3 {

using plugin::DialogLayout;

// The step builds the request from the (now edited) config, sends it through run_request and
// applies the result; it returns the procedure's return values.
using InteractiveStep = std::function<GimpValueArray *()>;

// A line of plain words the dialog shows above its fields, worded again whenever a value
// changes (the Conversation's turn).
using DialogNote = std::function<std::string ()>;

// gimp_ui_init, the dialog (INTERACTIVE only; WITH_LAST_VALS, e.g. "Repeat", goes straight on),
// then `step`. Returns CANCEL values when the user closes the dialog or presses Cancel while the
// request runs (the image is then untouched). The layout's one-shot fields start at their
// defaults in both.
GimpValueArray *run_interactive (GimpProcedure *procedure, GimpRunMode run_mode,
                                 GimpProcedureConfig *config, const DialogLayout &layout,
                                 const InteractiveStep &step, const DialogNote &note = {});

// Whether a run in this mode gets the dialogs (anything but NONINTERACTIVE, outside a step).
bool wants_interactive_run (GimpRunMode run_mode);


} // namespace gptimage::gimp3
