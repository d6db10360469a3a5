#include "arrived-results.h"

#include "i18n.h"

#include "gptimage/image-codec.h"
#include "gptimage/rescue-file.h"
#include "gptimage/results-folder.h"

namespace gptimage::plugin {

void
ArrivedResults::on_final_image (const GeneratedImage &image)
{
  images_.push_back (share_image (image));
  if (!folder_ || !image.data)
    return;
  gsize size = 0;
  const void *data = g_bytes_get_data (image.data.get (), &size);
  // The format the bytes are in, whatever the answer claimed (a mismatch fails the run later,
  // but the file is kept all the same: it was paid for).
  ImageFormat format = sniff_image_format (data, size);
  if (format == ImageFormat::unknown)
    format = image_format_from_name (image.output_format);
  std::string extension (format == ImageFormat::unknown ? "bin" : image_file_extension (format));
  auto path = save_result_image (*folder_, data, size, image.index + 1, extension);
  if (path)
    saved_[image.index] = std::move (path).value ();
  else
    failures_ += (failures_.empty () ? "" : "; ") + path.error ().message;
}

std::string
ArrivedResults::saved_path (int index) const
{
  auto found = saved_.find (index);
  return found == saved_.end () ? std::string () : found->second;
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
                                     /* Translators: how many images were saved, then the folder. */
                                     "%d usable image that arrived was saved to %s",
                                     "%d usable images that arrived were saved to %s",
                                     saved.size ()),
                        static_cast<int> (saved.size ()), paths.c_str ())
         + failures;
}

} // namespace gptimage::plugin
