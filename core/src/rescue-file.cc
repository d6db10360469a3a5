#include "gptimage/rescue-file.h"

#include "gptimage/i18n.h"

#include "gptimage/atomic-file.h"
#include "gptimage/glib-ptr.h"

#include <glib.h>

#include <cerrno>

namespace gptimage {

namespace {

// gpt-image-YYYYMMDD-HHMMSS-uuuuuu-INDEX: sorts by time, and the microseconds keep two runs
// in the same second apart.
std::string
stem_for (int index)
{
  DateTimePtr now (g_date_time_new_now_local ());
  CharPtr stamp (g_date_time_format (now.get (), "%Y%m%d-%H%M%S"));
  char micro[16];
  g_snprintf (micro, sizeof micro, "%06d", g_date_time_get_microsecond (now.get ()));
  return std::string ("gpt-image-") + stamp.get () + "-" + micro + "-" + std::to_string (index);
}

// A name in `folder` no file has yet.
std::string
free_path (const std::string &folder, const std::string &stem, const std::string &extension)
{
  std::string base = folder + G_DIR_SEPARATOR_S + stem;
  std::string dot_extension = extension.empty () ? "" : "." + extension;
  std::string path = base + dot_extension;
  for (int n = 2; g_file_test (path.c_str (), G_FILE_TEST_EXISTS); ++n)
    path = base + "-" + std::to_string (n) + dot_extension;
  return path;
}

} // namespace

std::vector<std::string>
rescue_folders ()
{
  CharPtr data (g_build_filename (g_get_user_data_dir (), "gpt-image", "rescued", nullptr));
  return { data.get (), g_get_tmp_dir () };
}

Result<std::string>
rescue_file (const void *data, std::size_t size, int index, const std::string &extension,
             const std::vector<std::string> &folders)
{
  std::string stem = stem_for (index);
  std::string failures;
  for (const std::string &folder : folders)
    {
      Status written;
      std::string path;
      if (g_mkdir_with_parents (folder.c_str (), 0700) != 0)
        /* Translators: %1$s is the folder's path, %2$s the system's reason. */
        written = Error::io_error (printf_string (_("cannot create %s: %s"), folder.c_str (),
                                                  g_strerror (errno)));
      else
        {
          path = free_path (folder, stem, extension);
          written = write_file_atomically (path, data, size, 0600);
        }
      if (written)
        return path;
      failures += (failures.empty () ? "" : "; ") + written.error ().message;
    }
  if (folders.empty ())
    failures = _("no rescue folder");
  /* Translators: %1$d is the image's number, %2$s why each rescue folder failed (joined by
     "; "). */
  return Error::io_error (printf_string (_("cannot rescue image %d either: %s"), index,
                                         failures.c_str ()));
}

} // namespace gptimage
