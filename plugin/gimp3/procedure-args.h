// The procedures' arguments: the parameter table's rows that a procedure takes, declared from
// the table (names, types, ranges, choices, blurbs), and read back as the values the run was
// given, for the core pipeline.
#pragma once

#include "gptimage/parameter.h"

#include <libgimp/gimp.h>

#include <map>
#include <string>
#include <vector>

namespace gptimage::gimp3 {

// The rows a procedure takes, in argument order (each must have a GIMP name).
struct ArgumentSet
{
  Route route = Route::generations;
  std::vector<Param> rows;
  // The argument whose model decides which choices are offered.
  const char *model_argument = "model";
  // Blurbs of rows that mean more in GIMP than the table says (translatable).
  std::map<Param, const char *> front_blurbs = {};
};

// generate and new; edit; respond.
const ArgumentSet &generate_arguments ();
const ArgumentSet &edit_arguments ();
const ArgumentSet &respond_arguments ();

void add_table_arguments (GimpProcedure *procedure, const ArgumentSet &set);

// The rows the run was given. Arguments left at "default" (a choice), empty (text) or below
// their range (numbers) are left out: the configuration decides them. Streamed previews
// (partial-images > 0) turn streaming on; GIMP has no separate switch for it.
std::map<Param, std::string> given_values (GimpProcedureConfig *config, const ArgumentSet &set);

// Makes the choices the model does not accept insensitive in the dialog's lists, following the
// set's model argument as it is edited; `configured_model` stands for an empty one.
void follow_model_in_choices (GimpProcedureConfig *config, const ArgumentSet &set,
                              std::string configured_model);

// A string property of the config ("" when unset).
std::string config_string (GimpProcedureConfig *config, const char *name);
int config_int (GimpProcedureConfig *config, const char *name);
bool config_has (GimpProcedureConfig *config, const char *name);

} // namespace gptimage::gimp3
