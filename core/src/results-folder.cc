#include "gptimage/results-folder.h"

#include "gptimage/i18n.h"

#include "gptimage/atomic-file.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/rescue-file.h"

#include <glib.h>

namespace gptimage {

namespace {

constexpr const char *kOff = "off";
constexpr const char *kDefault = "default";

} // namespace

std::string
default_results_folder ()
{
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  CharPtr home_pictures (g_build_filename (g_get_home_dir (), "Pictures", nullptr));
  // Without a home folder (a service account) the data folder still takes files.
  const char *base = pictures                                     ? pictures
                     : g_file_test (g_get_home_dir (), G_FILE_TEST_IS_DIR) ? home_pictures.get ()
                                                                   : g_get_user_data_dir ();
  CharPtr folder (g_build_filename (base, "gpt-image", nullptr));
  return folder.get ();
}

Result<std::optional<std::string>>
results_folder (const Settings &settings)
{
  const std::string &value = settings.results_folder;
  if (value.empty () || value == kDefault)
    return std::optional<std::string> (default_results_folder ());
  if (value == kOff)
    return std::optional<std::string> ();
  if (!g_path_is_absolute (value.c_str ()))
    return Error::invalid (config_key (Param::results_folder), value,
                           /* Translators: "default" and "off" are what to type. */
                           _("must be an absolute folder path, default or off"));
  return std::optional<std::string> (value);
}

Result<std::string>
save_result_image (const std::string &folder, const void *data, std::size_t size, int index,
                   const std::string &extension)
{
  // The rescue folder's naming and writing, in this one folder.
  return rescue_file (data, size, index, extension, { folder });
}

std::string
sidecar_path (const std::string &image_path)
{
  return image_path + ".json";
}

Status
save_sidecar (const std::string &image_path, const std::string &provenance_json)
{
  return write_file_atomically (sidecar_path (image_path), provenance_json.data (),
                                provenance_json.size (), 0600);
}

} // namespace gptimage
