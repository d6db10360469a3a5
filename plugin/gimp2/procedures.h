// The PDB procedures of the GIMP 2.10 plug-in: how each is registered (from the common
// descriptions) and run.
#pragma once

#include "procedure-params.h"

#include "dialog-layout.h"
#include "procedure-info.h"

#include <libgimp/gimp.h>

#include <string>
#include <utility>
#include <vector>

namespace gptimage::gimp2 {

// What a run was given.
struct RunContext
{
  GimpRunMode run_mode = GIMP_RUN_NONINTERACTIVE;
  gint32 image = -1;    // -1: none (the new and settings procedures)
  gint32 drawable = -1;
  RunValues values;
};

struct Procedure
{
  plugin::ProcedureInfo (*info) ();
  std::vector<plugin::ArgumentSpec> (*arguments) ();
  bool with_image;
  const char *image_types;
  std::vector<std::pair<GimpPDBArgType, std::string>> returns;
  std::vector<const char *> return_blurbs; // translatable (N_)
  // Fills ReturnValues::current ().
  void (*run) (const RunContext &context);
  // The dialog's fields; null: a dialog of the procedure's own (Settings, Info).
  const plugin::DialogLayout *layout;
};

const Procedure &generate_procedure ();
const Procedure &new_procedure ();
const Procedure &edit_procedure ();
const Procedure &respond_procedure ();
const Procedure &settings_procedure ();
const Procedure &info_procedure ();

} // namespace gptimage::gimp2
