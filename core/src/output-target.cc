#include "gptimage/output-target.h"

#include "gptimage/i18n.h"

#include "gptimage/display-text.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/output-path.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <cerrno>
#include <fcntl.h>

namespace gptimage {

namespace {

// `name` "value" is invalid: problem; rule. A usage error: the user fixes the command line.
Error
unusable (const std::string &name, const std::string &given, const std::string &problem,
          const std::string &rule)
{
  Error e = Error::invalid (name, given, problem + "; " + rule);
  e.kind = ErrorKind::usage;
  e.param = name.starts_with ("--") ? name.substr (2) : name; // "output", as a row is named
  return e;
}

// Permission bits, ACLs, read-only mounts, quotas and a name too long for the file system all
// show in one honest test: creating the temporary file the atomic writer will create for
// `path` (".NAME.XXXXXX" beside it), then removing it.
Status
prove_writable (const std::string &path)
{
  CharPtr folder (g_path_get_dirname (path.c_str ()));
  CharPtr name (g_path_get_basename (path.c_str ()));
  std::string name_template
    = std::string (folder.get ()) + G_DIR_SEPARATOR_S + "." + name.get () + ".XXXXXX";
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

// The checks of check_file_target, with errors that quote `given` (a pattern, for --output);
// `example_name` completes a folder into the example of a file path.
Status
check_target (const std::string &name, const std::string &given, const std::string &path,
              const char *example_name)
{
  CharPtr folder (g_path_get_dirname (path.c_str ()));
  const std::string shown_folder = display_value (folder.get ());
  if (g_mkdir_with_parents (folder.get (), 0755) != 0)
    {
      int error_number = errno;
      return unusable (name, given,
                       /* Translators: a folder's path, then the system's reason. */
                       printf_string (_("cannot create the folder \"%s\": %s"),
                                      shown_folder.c_str (), g_strerror (error_number)),
                       _("give a path in a folder that exists or can be created"));
    }
  if (g_file_test (path.c_str (), G_FILE_TEST_IS_DIR))
    {
      bool ends_with_separator = path.back () == '/' || path.back () == '\\';
      std::string example = path + (ends_with_separator ? "" : G_DIR_SEPARATOR_S) + example_name;
      return unusable (name, given,
                       /* Translators: %s is the folder the user gave. */
                       printf_string (_("\"%s\" is a folder"), display_value (path).c_str ()),
                       /* Translators: %s is an example file path in that folder. */
                       printf_string (_("give a file path, such as \"%s\""),
                                      display_value (example).c_str ()));
    }
  if (Status writable = prove_writable (path); !writable)
    return unusable (name, given,
                     /* Translators: a folder's path, then the reason. */
                     printf_string (_("cannot write in the folder \"%s\": %s"),
                                    shown_folder.c_str (), writable.error ().message.c_str ()),
                     _("the folder must be writable and the file name short enough for it"));
  return {};
}

} // namespace

Status
check_file_target (const std::string &name, const std::string &path)
{
  if (path.empty ())
    return unusable (name, path, _("it is empty"), _("give a file path"));
  return check_target (name, path, path, "response.json");
}

Result<std::string>
check_output_target (const std::string &pattern, bool single_final)
{
  if (pattern.empty ())
    return unusable ("--output", pattern, _("it is empty"),
                     _("give a file path such as out/image.png"));
  std::string path = output_path_for (pattern, 1, false, single_final);
  if (Status usable = check_target ("--output", pattern, path, "image.png"); !usable)
    return std::move (usable).error ();
  return path;
}

} // namespace gptimage
