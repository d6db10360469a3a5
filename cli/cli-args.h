// Command-line arguments of `gpt-image`, parsed with GOptionContext per subcommand.
#pragma once

#include "gptimage/error.h"
#include "gptimage/options.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gptimage::cli {

struct CliArgs
{
  Route route = Route::generations;

  // Values that take part in configuration layering, keyed by config key (OPENAI_IMAGE_SIZE...).
  std::map<std::string, std::string> config_flags;
  std::optional<std::string> env_file;

  std::optional<std::string> output;
  std::optional<std::string> save_response;
  bool json = false;
  bool dry_run = false;

  std::optional<std::string> prompt;          // generations, edits
  std::vector<std::string> images;            // edits
  std::optional<std::string> mask;            // edits: file; responses: file
  std::optional<std::string> image_field_style;

  std::vector<std::string> input_texts;       // responses
  std::vector<InputImageRef> input_images;    // responses, in command-line order per kind
  std::optional<std::string> mask_url, mask_file_id;
  std::optional<std::string> action, previous_response_id, metadata_json;
};

// argv[0] is the program, argv[1] the subcommand. --help prints and exits, as GOptionContext does. Usage errors (unknown
// flag, missing value, unknown subcommand) are returned as values.
Result<CliArgs> parse_cli_args (int argc, char **argv);

// The text printed for `gpt-image --help` and for a missing subcommand.
std::string top_level_help ();

} // namespace gptimage::cli
