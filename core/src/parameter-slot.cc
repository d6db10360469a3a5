#include "parameter-slot.h"

namespace gptimage {

Slot
slot_of (ImageOptions &options, Param id)
{
  switch (id)
    {
#define GPT_IMAGE_SETTING(id_, storage, ...)
#define GPT_IMAGE_OPTION(id_, storage, ...)                                                        \
  case Param::id_:                                                                             \
    return &options.id_;
#define GPT_IMAGE_INPUT(id_, storage, ...)
#include "gptimage/parameter-table.h"
#undef GPT_IMAGE_SETTING
#undef GPT_IMAGE_OPTION
#undef GPT_IMAGE_INPUT
    default:
      break;
    }
  return std::monostate ();
}

Slot
slot_of (Settings &settings, Param id)
{
  switch (id)
    {
#define GPT_IMAGE_SETTING(id_, storage, ...)                                                       \
  case Param::id_:                                                                             \
    return &settings.id_;
#define GPT_IMAGE_OPTION(id_, storage, ...)
#define GPT_IMAGE_INPUT(id_, storage, ...)
#include "gptimage/parameter-table.h"
#undef GPT_IMAGE_SETTING
#undef GPT_IMAGE_OPTION
#undef GPT_IMAGE_INPUT
    default:
      break;
    }
  return slot_of (settings.image, id);
}

std::optional<std::string>
option_text (const ImageOptions &options, Param id)
{
  // Reading through the mutable accessor; nothing is written.
  Slot slot = slot_of (const_cast<ImageOptions &> (options), id);
  if (auto *text = std::get_if<std::string *> (&slot); text && !(*text)->empty ())
    return **text;
  if (auto *number = std::get_if<std::optional<int> *> (&slot); number && **number)
    return std::to_string (***number);
  if (auto *flag = std::get_if<bool *> (&slot); flag && **flag)
    return std::string ("true");
  return std::nullopt;
}

} // namespace gptimage
