#include "layer-provenance.h"

#include "parasite-ptr.h"

#include <libgimp/gimp.h>

namespace gptimage::plugin {

void
attach_provenance (int layer, const std::string &json)
{
  ParasitePtr parasite (gimp_parasite_new (kProvenanceParasite,
                                           GIMP_PARASITE_PERSISTENT | GIMP_PARASITE_UNDOABLE,
                                           static_cast<guint32> (json.size ()), json.data ()));
#if GIMP_CHECK_VERSION(2, 99, 0)
  gimp_item_attach_parasite (gimp_item_get_by_id (layer), parasite.get ());
#else
  gimp_item_attach_parasite (layer, parasite.get ());
#endif
}

std::string
layer_provenance (int layer)
{
#if GIMP_CHECK_VERSION(2, 99, 0)
  GimpItem *item = gimp_item_get_by_id (layer);
  ParasitePtr parasite (item ? gimp_item_get_parasite (item, kProvenanceParasite) : nullptr);
  guint32 size = 0;
  auto data = parasite ? static_cast<const char *> (gimp_parasite_get_data (parasite.get (),
                                                                            &size))
                       : nullptr;
#else
  ParasitePtr parasite (gimp_item_get_parasite (layer, kProvenanceParasite));
  auto data = parasite ? static_cast<const char *> (gimp_parasite_data (parasite.get ()))
                       : nullptr;
  const guint32 size = parasite ? gimp_parasite_data_size (parasite.get ()) : 0;
#endif
  return data ? std::string (data, size) : std::string ();
}

} // namespace gptimage::plugin
