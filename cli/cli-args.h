// Command-line arguments of `gpt-image`, parsed with GOptionContext per subcommand. The options
// of the parameter table's rows come from the table; this front declares only its own: files,
// the output, and how the run reports.
#pragma once

#include "gptimage/error.h"
#include "gptimage/options.h"
#include "gptimage/parameter.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gptimage::cli {

struct CliArgs
{
  Route route = Route::generations;

  // The table's rows given on the command line, as typed (the top configuration layer).
  std::map<Param, std::string> given;
  std::optional<std::string> env_file;

  std::optional<std::string> output;
  std::optional<std::string> save_response;
  bool json = false;
  bool dry_run = false;

  std::vector<std::string> images;            // edits
  std::optional<std::string> mask;            // edits: file; responses: file

  std::vector<std::string> input_texts;       // responses
  std::vector<InputImageRef> input_images;    // responses, in command-line order
  std::optional<std::string> mask_url, mask_file_id;
};

// argv[0] is the program, argv[1] the subcommand. Every value is kept as the bytes given, to be
// read as UTF-8 whatever the locale (the core refuses text that is not). --help prints and
// exits, as GOptionContext does. Usage errors (unknown flag, missing value, unknown
// subcommand) are returned as values.
Result<CliArgs> parse_cli_args (int argc, char **argv);

// The text printed for `gpt-image --help` and for a missing subcommand.
std::string top_level_help ();

} // namespace gptimage::cli
