// The procedures' arguments in GIMP 3: the common descriptions (plugin/common/
// procedure-arguments.h) declared as typed GimpProcedure arguments (choices as GimpChoice),
// and read back from the run's config.
#pragma once

#include "procedure-arguments.h"

#include <libgimp/gimp.h>

#include <map>
#include <string>
#include <vector>

namespace gptimage::gimp3 {

void add_arguments (GimpProcedure *procedure, const std::vector<plugin::ArgumentSpec> &args);

// The config of a run as the common code reads arguments.
class ConfigReader : public plugin::ArgumentReader
{
public:
  explicit ConfigReader (GimpProcedureConfig *config) : config_ (config) {}
  std::string text (const char *name) const override;
  int number (const char *name) const override;

private:
  GimpProcedureConfig *config_;
};

// The rows the run was given (plugin::given_values on the config).
std::map<Param, std::string> given_values (GimpProcedureConfig *config,
                                           const plugin::ArgumentSet &set);

// Makes the choices the model does not accept insensitive in the dialog's lists, following the
// set's model argument as it is edited; `configured_model` stands for an empty one.
void follow_model_in_choices (GimpProcedureConfig *config, const plugin::ArgumentSet &set,
                              std::string configured_model);

// A string property of the config ("" when unset).
std::string config_string (GimpProcedureConfig *config, const char *name);
int config_int (GimpProcedureConfig *config, const char *name);
bool config_has (GimpProcedureConfig *config, const char *name);

} // namespace gptimage::gimp3
