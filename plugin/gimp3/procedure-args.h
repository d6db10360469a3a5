// Argument declarations shared by the procedures, and reading them back from a config.
#pragma once

#include "i18n.h"

#include "gptimage/options.h"

#include <libgimp/gimp.h>

#include <string>

namespace gptimage::gimp3 {

// Which optional image arguments a procedure takes.
struct ArgumentSet
{
  bool background = true;  // generate, new, respond
  bool compression = true;
  bool moderation = true;
  bool padding = false;    // edit
  bool n = true;           // not for respond: the tool makes one image per call
  const char *model_default = "";
  const char *model_blurb = N_ ("Image model; empty = the configured one (gpt-image-2)");
};

// prompt, size, quality, [background], output-format, [compression], [moderation], n, model,
// partial-images, [padding]: the order.
void add_image_arguments (GimpProcedure *procedure, const ArgumentSet &set);

// The values a run asked for. Empty strings mean "use the configured default".
struct ImageArguments
{
  std::string prompt;
  std::string model;
  ImageOptions image;
  int padding = 0;
};

// `defaults` carries the configured options; arguments override them.
ImageArguments read_image_arguments (GimpProcedureConfig *config, const ArgumentSet &set,
                                     const ImageOptions &defaults);

// A string property of the config ("" when unset).
std::string config_string (GimpProcedureConfig *config, const char *name);
int config_int (GimpProcedureConfig *config, const char *name);
bool config_has (GimpProcedureConfig *config, const char *name);

} // namespace gptimage::gimp3
