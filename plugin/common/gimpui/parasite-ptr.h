// RAII for GimpParasite (gimp_parasite_free is the same in libgimp 2.10 and 3).
#pragma once

#include <libgimp/gimp.h>

#include <memory>

namespace gptimage::plugin {

struct ParasiteFree
{
  void operator() (GimpParasite *parasite) const noexcept { gimp_parasite_free (parasite); }
};
using ParasitePtr = std::unique_ptr<GimpParasite, ParasiteFree>;

} // namespace gptimage::plugin
