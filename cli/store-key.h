// `gpt-image store-key`: reads the API key from standard input and stores it where the
// configuration finds it: the desktop keyring when a Secret Service answers, else the config
// file (mode 0600). The key is never a command-line argument (other users can list those).
#pragma once

namespace gptimage::cli {

// argv[1] is "store-key". Returns the exit code.
int run_store_key (int argc, char **argv);

} // namespace gptimage::cli
