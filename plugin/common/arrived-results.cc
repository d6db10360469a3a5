#include "arrived-results.h"

#include "i18n.h"

#include "gptimage/image-codec.h"
#include "gptimage/rescue-file.h"

namespace gptimage::plugin {

void
ArrivedResults::on_final_image (const GeneratedImage &image)
{
  images_.push_back (share_image (image));
}

std::string
rescue_usable_results (const std::vector<GeneratedImage> &images, const RequestedImage &requested)
{
  std::vector<std::string> saved;
  std::string failures;
  int index = 0;
  for (const GeneratedImage &image : images)
    {
      ++index;
      auto checked = check_result_image (image, requested, KeepPixels::no);
      if (!checked)
        continue; // not usable: nothing worth keeping
      gsize size = 0;
      const void *data = g_bytes_get_data (image.data.get (), &size);
      auto path = rescue_file (data, size, index,
                               std::string (image_file_extension (checked->format)));
      if (path)
        saved.push_back (path.value ());
      else
        failures += "; " + path.error ().message;
    }
  if (saved.empty ())
    return failures.empty () ? std::string () : failures.substr (2);
  std::string paths;
  for (const std::string &path : saved)
    paths += (paths.empty () ? "" : ", ") + path;
  return printf_string (g_dngettext (GETTEXT_PACKAGE,
                                     "%d usable image that arrived was saved to %s",
                                     "%d usable images that arrived were saved to %s",
                                     saved.size ()),
                        static_cast<int> (saved.size ()), paths.c_str ())
         + failures;
}

} // namespace gptimage::plugin
