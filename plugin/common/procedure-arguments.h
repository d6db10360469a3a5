// The procedures' arguments, host-neutral: the parameter table's rows that a procedure takes
// and the front's own extras (padding, send-layer, new-conversation), described once, in declaration order. Each
// GIMP front turns the descriptions into its own registration (GIMP 3: typed GimpProcedure
// arguments with choices; GIMP 2.10: positional GimpParamDefs) and reads the values back
// through an ArgumentReader.
#pragma once

#include "i18n.h"

#include "gptimage/parameter.h"

#include <map>
#include <string>
#include <vector>

namespace gptimage::plugin {

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

// The nick of the choice that leaves a row to the configuration (OPENAI_IMAGE_*). Scripts pass
// the nick; the dialog shows its translation.
inline constexpr const char *kDefaultNick = N_ ("default");

enum class ArgumentKind
{
  choice,  // a text value out of `choices`
  number,  // an integer in min..max
  text,
  boolean,
};

struct ArgumentChoice
{
  std::string nick;  // what scripts pass
  std::string label; // translated
};

// One argument as the user sees it: canonical name, translated label and blurb, its range.
struct ArgumentSpec
{
  std::string name;
  std::string label;
  std::string blurb;
  ArgumentKind kind = ArgumentKind::text;
  std::vector<ArgumentChoice> choices;
  std::string default_text;
  int min = 0;
  int max = 0;
  int default_number = 0;
  bool table_row = false; // from the parameter table (else a front's extra)
};

// The table rows of `set`, described (the translations come from the current locale).
std::vector<ArgumentSpec> table_arguments (const ArgumentSet &set);

// Every argument of a procedure after run-mode (and image/drawables), in declaration order:
// the table rows, then the extras.
std::vector<ArgumentSpec> generate_procedure_arguments ();
std::vector<ArgumentSpec> edit_procedure_arguments ();   // + padding
std::vector<ArgumentSpec> respond_procedure_arguments (); // + send-layer, new-conversation

// The respond procedure's switch that starts the image's conversation afresh.
inline constexpr const char *kNewConversationArgument = "new-conversation";
std::vector<ArgumentSpec> settings_procedure_arguments ();

// Reads the value a run was given for an argument, by name.
class ArgumentReader
{
public:
  virtual ~ArgumentReader () = default;
  virtual std::string text (const char *name) const = 0;
  virtual int number (const char *name) const = 0;
};

// The rows the run was given. Arguments left at "default" (a choice), empty (text) or below
// their range (numbers) are left out: the configuration decides them. Streamed previews
// (partial-images > 0) turn streaming on; GIMP has no separate switch for it.
std::map<Param, std::string> given_values (const ArgumentReader &reader, const ArgumentSet &set);

// Checks what a host without typed arguments (GIMP 2.10: plain strings and integers) was
// given: a choice must be one of its nicks, a number within its range. The error names the
// argument as scripts spell it, the value and the rule.
Status check_arguments (const ArgumentReader &reader, const std::vector<ArgumentSpec> &args);

// The settings procedure's text arguments, and the rows whose config keys they set.
inline constexpr Param kSettingsTextArguments[] = {
  Param::base_url, Param::organization, Param::project, Param::proxy, Param::ca_bundle,
  Param::results_folder, Param::confirm_above,
};

// The config keys the settings procedure's arguments set (empty text and timeout 0 keep what
// the file has).
std::map<std::string, std::string> settings_values (const ArgumentReader &reader);

} // namespace gptimage::plugin
