// The procedures' arguments in GIMP 2.10: the common descriptions (plugin/common/
// procedure-arguments.h) as positional GimpParamDefs after run-mode, image and drawable, and
// the values of a run read back by name. Script-Fu in 2.10 passes every argument, in order.
#pragma once

#include "procedure-arguments.h"

#include <libgimp/gimp.h>

#include <map>
#include <string>
#include <vector>

namespace gptimage::gimp2 {

// GimpParamDefs whose strings live as long as the object (libgimp copies them when the
// procedure is installed).
class ParamDefs
{
public:
  // run-mode, then image and drawable when `with_image`, then `args`.
  ParamDefs (bool with_image, const std::vector<plugin::ArgumentSpec> &args);
  // Return values, e.g. { { GIMP_PDB_INT32, "n-layers", "…" } }.
  explicit ParamDefs (const std::vector<std::pair<GimpPDBArgType, std::string>> &returns,
                      const std::vector<std::string> &blurbs);

  const GimpParamDef *data () const { return defs_.data (); }
  int size () const { return static_cast<int> (defs_.size ()); }

private:
  void add (GimpPDBArgType type, const std::string &name, const std::string &blurb);

  std::vector<std::string> texts_;
  std::vector<GimpParamDef> defs_;
};

// The values of a run by argument name: from the PDB arguments (which follow run-mode, image
// and drawable), or from the last run's values as the dialog edits them.
class RunValues : public plugin::ArgumentReader
{
public:
  RunValues () = default;
  // The defaults of `args`.
  explicit RunValues (const std::vector<plugin::ArgumentSpec> &args);
  static RunValues from_params (const std::vector<plugin::ArgumentSpec> &args,
                                const GimpParam *params, int n_params, int first);

  std::string text (const char *name) const override;
  int number (const char *name) const override;
  void set_text (const std::string &name, std::string value) { texts_[name] = std::move (value); }
  void set_number (const std::string &name, int value) { numbers_[name] = value; }

  // As a GKeyFile's text, and back (values of arguments `args` no longer has are dropped).
  std::string serialize () const;
  void merge_serialized (const std::string &text, const std::vector<plugin::ArgumentSpec> &args);

private:
  std::map<std::string, std::string> texts_;
  std::map<std::string, int> numbers_;
};

// The rows the run was given (plugin::given_values on the values).
std::map<Param, std::string> given_values (const RunValues &values,
                                           const plugin::ArgumentSet &set);

} // namespace gptimage::gimp2
