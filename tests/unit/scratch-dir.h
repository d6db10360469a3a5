// A fresh temporary folder for one test, removed with everything in it afterwards.
#pragma once

#include "gptimage/glib-ptr.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace gptimage::testing {

class ScratchDir
{
public:
  ScratchDir ()
  {
    CharPtr made (g_dir_make_tmp ("gpt-image-test-XXXXXX", nullptr));
    if (made)
      path_ = made.get ();
  }
  ScratchDir (const ScratchDir &) = delete;
  ScratchDir &operator= (const ScratchDir &) = delete;
  ~ScratchDir ()
  {
    if (!path_.empty ())
      {
        std::error_code ignored;
        std::filesystem::remove_all (path_, ignored);
      }
  }

  bool ok () const { return !path_.empty (); }
  const std::string &path () const { return path_; }
  std::string file (const std::string &name) const { return path_ + "/" + name; }

  std::string write (const std::string &name, const std::vector<unsigned char> &bytes) const
  {
    std::string target = file (name);
    std::ofstream out (target, std::ios::binary);
    out.write (reinterpret_cast<const char *> (bytes.data ()),
               static_cast<std::streamsize> (bytes.size ()));
    return target;
  }

  // Names of the entries in `folder` (default: the scratch folder itself).
  std::vector<std::string> list (const std::string &folder = {}) const
  {
    std::vector<std::string> names;
    std::error_code ignored;
    for (const auto &entry :
         std::filesystem::directory_iterator (folder.empty () ? path_ : folder, ignored))
      names.push_back (entry.path ().filename ().string ());
    return names;
  }

private:
  std::string path_;
};

inline std::vector<unsigned char>
read_all (const std::string &path)
{
  std::ifstream in (path, std::ios::binary);
  return std::vector<unsigned char> (std::istreambuf_iterator<char> (in),
                                     std::istreambuf_iterator<char> ());
}

} // namespace gptimage::testing
