// The one request pipeline of every front: the configuration and what a front was given become
// a validated request, ready to send. The fronts hold no copy of this sequence.
#pragma once

#include "gptimage/config.h"
#include "gptimage/error.h"
#include "gptimage/options.h"
#include "gptimage/request.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gptimage {

// Who asked: errors name a parameter the way that front's user gave it (--n, or n).
enum class Front
{
  cli,
  gimp,
};

struct RunInputs
{
  Front front = Front::cli;
  Route route = Route::generations;
  // Where the configuration comes from; config.given holds the front's own values by row.
  ConfigInputs config;
  // Where the images will be written, when the front writes files: without a configured
  // format, its extension chooses one.
  std::optional<std::string> output_path;
  // What is not a single value: the edit images and mask, the Responses inputs.
  std::vector<ImageSource> images;
  std::optional<ImageSource> mask;
  std::vector<std::string> input_texts; // after the prompt, if one was given
  std::vector<InputImageRef> input_images;
  std::optional<InputImageRef> input_mask;
  // For --dry-run: no key is needed and no file is read for the body.
  bool dry_run = false;
};

struct PreparedRun
{
  Settings settings;
  ConfigValues values;   // where each value came from
  HttpRequest request;
  std::vector<std::string> warnings;
};

// load_config, resolve_settings, the checks of every rule, the key and the request body. Every
// error names the input the way the user gave it: the flag or argument, or the configuration
// key with its file and line.
Result<PreparedRun> prepare_run (const RunInputs &inputs);

// prepare_run's checks of the configuration and of the options a front was given, before the
// front reads its images (a dialog checks before it closes): no key is needed, the images an
// edit will send are not counted, no body is built. Errors are named as prepare_run names them.
Status check_run_options (const RunInputs &inputs);

// The configuration alone (the GIMP settings dialog shows it), errors named as above.
Result<ConfigValues> load_values (const ConfigInputs &config, Front front);

// The configuration resolved and checked as a run checks it (types, the settings' own rules,
// headers), errors named as above; the route-dependent rules of the options are left to
// prepare_run.
Result<Settings> load_settings (const ConfigInputs &config, Front front);

// Values a front is about to write to the config file, checked by their rows' rules as if they
// were given for a run; errors name them as that front does (the GIMP argument base-url...).
Status check_values_to_save (const std::map<Param, std::string> &values, Front front);

// How `front` names the row whose value came from `source`, and where from when not the front,
// e.g. { "--n", "" }, { "OPENAI_IMAGE_N", "/home/ada/.env, line 3" }.
struct ShownName
{
  std::string name;
  std::string where;
};
ShownName shown_name (const ParameterSpec &spec, const ConfigValues &values, Front front);

} // namespace gptimage
