// The plug-in's results folder: every final image saved there as soon as it arrives, its bytes
// exactly as the API sent them (so a C2PA manifest in them stays intact), beside a JSON sidecar
// (the image's name + ".json") holding its provenance. A paid result then survives whatever
// happens to the GIMP image afterwards.
#pragma once

#include "gptimage/config.h"
#include "gptimage/error.h"

#include <cstddef>
#include <optional>
#include <string>

namespace gptimage {

// gpt-image in the user's Pictures folder (XDG_PICTURES_DIR), else ~/Pictures/gpt-image when
// the desktop names none, else gpt-image in the user data folder.
std::string default_results_folder ();

// The folder `settings.results_folder` names: unset or "default": default_results_folder ();
// "off": none (nullopt); otherwise an absolute path, or an error naming the config key.
Result<std::optional<std::string>> results_folder (const Settings &settings);

// Writes `data` atomically into `folder` (created 0700 when missing; the file 0600, as it may
// be someone's unpublished picture) under a new name such as
// gpt-image-20261126-041221-123456-1.png. Returns the path written.
Result<std::string> save_result_image (const std::string &folder, const void *data,
                                       std::size_t size, int index,
                                       const std::string &extension);

// The sidecar's path for the image saved at `image_path`.
std::string sidecar_path (const std::string &image_path);

// Writes `provenance_json` atomically beside the image saved at `image_path`.
Status save_sidecar (const std::string &image_path, const std::string &provenance_json);

} // namespace gptimage
