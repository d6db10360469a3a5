// A config file, any bytes: read through load_config as the fronts read it (GKeyFile, the
// [gpt-image] group, escapes), then resolved to settings.
#include "gptimage/config.h"
#include "gptimage/glib-ptr.h"

#include <glib.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// A private folder for the file, made once; libFuzzer runs inputs one after another.
const std::string &
config_path ()
{
  static const std::string path = [] {
    gptimage::CharPtr dir (g_dir_make_tmp ("gpt-image-fuzz-XXXXXX", nullptr));
    if (!dir)
      {
        std::fprintf (stderr, "cannot make a temporary folder\n");
        std::abort ();
      }
    return std::string (dir.get ()) + "/config.ini";
  }();
  return path;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput (const std::uint8_t *data, std::size_t size)
{
  // Plain stdio: g_file_set_contents would fsync the file on every input. A new file each
  // time: ext4 writes a file that is truncated and rewritten out to disk when it is closed.
  std::remove (config_path ().c_str ());
  std::FILE *file = std::fopen (config_path ().c_str (), "wb");
  if (!file || std::fwrite (data, 1, size, file) != size || std::fclose (file) != 0)
    {
      std::fprintf (stderr, "cannot write %s\n", config_path ().c_str ());
      std::abort ();
    }
  gptimage::ConfigInputs inputs;
  inputs.environment.emplace (); // nothing from the process environment
  inputs.search_env_file = false;
  inputs.config_file = config_path ();
  auto values = gptimage::load_config (inputs);
  if (values)
    (void) gptimage::resolve_settings (*values);
  return 0;
}
