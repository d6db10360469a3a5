#include "gptimage/atomic-file.h"

#include "gptimage/i18n.h"

#include "gptimage/glib-ptr.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <cerrno>
#include <fcntl.h>
#include <string>

#ifdef G_OS_WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

namespace gptimage {

namespace {

// The temporary file until it is written, flushed and handed to a StagedFile: closed and
// removed on every early return.
class TempFile
{
public:
  TempFile (std::string path, int fd) : path_ (std::move (path)), fd_ (fd) {}
  TempFile (const TempFile &) = delete;
  TempFile &operator= (const TempFile &) = delete;
  ~TempFile ()
  {
    if (fd_ >= 0)
      g_close (fd_, nullptr);
    if (!committed_)
      g_unlink (path_.c_str ());
  }

  int fd () const { return fd_; }
  const std::string &path () const { return path_; }

  // Returns false with errno set.
  bool close ()
  {
    int fd = fd_;
    fd_ = -1;
    return g_close (fd, nullptr);
  }
  void hand_over () { committed_ = true; } // someone else removes it now

private:
  std::string path_;
  int fd_ = -1;
  bool committed_ = false;
};

bool
write_all (int fd, const char *data, std::size_t size)
{
  // One call writes at most 1 GiB: Windows' write() counts in unsigned int.
  constexpr std::size_t max_chunk = std::size_t (1) << 30;
  while (size > 0)
    {
      auto chunk = size < max_chunk ? size : max_chunk;
      auto written = write (fd, data, static_cast<unsigned> (chunk));
      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return false;
        }
      data += written;
      size -= static_cast<std::size_t> (written);
    }
  return true;
}

} // namespace

StagedFile::StagedFile (std::string path, std::string temp_path)
  : path_ (std::move (path)), temp_path_ (std::move (temp_path))
{
}

StagedFile::StagedFile (StagedFile &&other) noexcept
  : path_ (std::move (other.path_)), temp_path_ (std::move (other.temp_path_))
{
  other.temp_path_.clear ();
}

StagedFile::~StagedFile ()
{
  if (!temp_path_.empty ())
    g_unlink (temp_path_.c_str ());
}

Status
StagedFile::commit ()
{
  if (temp_path_.empty ())
    return Error::io_error (
      /* Translators: %s is the file's path. */
      printf_string (_("cannot write %s: nothing is staged"), path_.c_str ()));
  if (g_rename (temp_path_.c_str (), path_.c_str ()) != 0)
    {
      int error_number = errno;
      /* Translators: %1$s is the file's path, %2$s the system's reason. */
      return Error::io_error (printf_string (_("cannot write %s: %s"), path_.c_str (),
                                             g_strerror (error_number)));
    }
  temp_path_.clear ();
  return {};
}

Result<StagedFile>
stage_file (const std::string &path, const void *data, std::size_t size, int mode, Flush flush)
{
  auto failure = [&path] (int error_number) {
    /* Translators: %1$s is the file's path, %2$s the system's reason. */
    return Error::io_error (printf_string (_("cannot write %s: %s"), path.c_str (),
                                           g_strerror (error_number)));
  };
  if (path.empty ())
    return Error::io_error (_("cannot write a file without a name"));

  CharPtr folder (g_path_get_dirname (path.c_str ()));
  CharPtr name (g_path_get_basename (path.c_str ()));
  if (g_mkdir_with_parents (folder.get (), 0755) != 0)
    return failure (errno);

  // Same folder as the target, so the rename never crosses file systems.
  std::string name_template
    = std::string (folder.get ()) + G_DIR_SEPARATOR_S + "." + name.get () + ".XXXXXX";
  int flags = O_WRONLY;
#ifdef O_CLOEXEC
  flags |= O_CLOEXEC;
#endif
#ifdef O_BINARY
  flags |= O_BINARY; // never translate newlines on Windows
#endif
  int fd = g_mkstemp_full (name_template.data (), flags, mode);
  if (fd < 0)
    return failure (errno);
  TempFile temp (name_template, fd);

  if (!write_all (temp.fd (), static_cast<const char *> (data), size))
    return failure (errno);
  if (flush == Flush::to_disk && g_fsync (temp.fd ()) != 0)
    return failure (errno);
  if (!temp.close ())
    return failure (errno);
  temp.hand_over ();
  return StagedFile (path, name_template);
}

Status
write_file_atomically (const std::string &path, const void *data, std::size_t size, int mode,
                       Flush flush)
{
  auto staged = stage_file (path, data, size, mode, flush);
  if (!staged)
    return std::move (staged).error ();
  return staged->commit ();
}

} // namespace gptimage
