// Where a procedure's dialog says why it cannot run yet, under its fields, with "Open
// Settings…" when the key is missing. Compiled by each front against its own GTK.
#pragma once

#include "dialog-check.h"

#include <gtk/gtk.h>

namespace gptimage::plugin {

struct ProblemArea
{
  GtkWidget *box = nullptr;
  GtkWidget *label = nullptr;
  GtkWidget *settings_button = nullptr;
  void (*open_settings) () = nullptr; // how this front runs its Settings procedure
};

// Packs `area`, hidden, at the end of `parent`. `area` must outlive the dialog: the button's
// handler points at it.
void add_problem_area (ProblemArea &area, GtkBox *parent, void (*open_settings) ());

// Shows the problem's words, and the Settings button when the key is missing.
void show_problem (const ProblemArea &area, const DialogProblem &problem);

} // namespace gptimage::plugin
