// Writes files atomically: a temporary file in the same folder, then a rename. Missing folders
// are created. A failed write leaves no temporary file and never a half-written target.
#pragma once

#include "gptimage/error.h"

#include <cstddef>
#include <string>

namespace gptimage {

// Whether the bytes reach the disk before the file takes its name. Results and settings wait
// for it; a preview that a crash may take away need not (it costs milliseconds per 4K image).
enum class Flush
{
  to_disk,
  no,
};

// mode applies to a newly created file (0644 for images, 0600 for the config file).
Status write_file_atomically (const std::string &path, const void *data, std::size_t size,
                              int mode = 0644, Flush flush = Flush::to_disk);

// The same in two steps, for a caller that decides only afterwards whether the file may take
// its name: the bytes are written and flushed under a temporary name beside `path`, and the
// file becomes `path` when committed. One that is not committed is removed.
class StagedFile
{
public:
  StagedFile (std::string path, std::string temp_path);
  StagedFile (StagedFile &&other) noexcept;
  StagedFile &operator= (StagedFile &&) = delete;
  StagedFile (const StagedFile &) = delete;
  StagedFile &operator= (const StagedFile &) = delete;
  ~StagedFile ();

  const std::string &path () const { return path_; }
  // Renames the file to its path; afterwards the object owns nothing.
  Status commit ();

private:
  std::string path_;
  std::string temp_path_; // empty once committed or moved from
};

Result<StagedFile> stage_file (const std::string &path, const void *data, std::size_t size,
                               int mode = 0644, Flush flush = Flush::to_disk);

} // namespace gptimage
