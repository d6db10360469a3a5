#include "gptimage/output-target.h"

#include "gptimage/glib-ptr.h"
#include "gptimage/output-path.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <cerrno>
#include <fcntl.h>

namespace gptimage {

namespace {

Error
unusable (const std::string &pattern, const std::string &problem, const std::string &rule)
{
  return Error::usage_error ("--output \"" + pattern + "\": " + problem + "; " + rule, "output");
}

// Permission bits, ACLs, read-only mounts and quotas all show in one honest test: creating a
// file. The name starts with a dot, like the atomic writer's temporary files.
Status
prove_writable (const std::string &folder)
{
  std::string name_template = folder + G_DIR_SEPARATOR_S + ".gpt-image-check-XXXXXX";
  int flags = O_RDWR;
#ifdef O_CLOEXEC
  flags |= O_CLOEXEC;
#endif
  int fd = g_mkstemp_full (name_template.data (), flags, 0600);
  if (fd < 0)
    return Error::io_error (g_strerror (errno));
  g_close (fd, nullptr);
  g_unlink (name_template.c_str ());
  return {};
}

} // namespace

Result<std::string>
check_output_target (const std::string &pattern, bool single_final)
{
  if (pattern.empty ())
    return Error::usage_error ("--output is empty; give a file path such as out/image.png",
                               "output");
  std::string path = output_path_for (pattern, 1, false, single_final);
  CharPtr folder (g_path_get_dirname (path.c_str ()));

  if (g_mkdir_with_parents (folder.get (), 0755) != 0)
    {
      int error_number = errno;
      return unusable (pattern,
                       std::string ("cannot create the folder \"") + folder.get ()
                           + "\": " + g_strerror (error_number),
                       "the images need a folder that exists or can be created");
    }
  if (Status writable = prove_writable (folder.get ()); !writable)
    return unusable (pattern,
                     std::string ("cannot write in the folder \"") + folder.get ()
                         + "\": " + writable.error ().message,
                     "the output folder must be writable");
  if (g_file_test (path.c_str (), G_FILE_TEST_IS_DIR))
    {
      bool ends_with_separator = path.back () == '/' || path.back () == '\\';
      std::string example = path + (ends_with_separator ? "" : G_DIR_SEPARATOR_S) + "image.png";
      return unusable (pattern, "\"" + path + "\" is a folder",
                       "give a file path, such as \"" + example + "\"");
    }
  return path;
}

} // namespace gptimage
