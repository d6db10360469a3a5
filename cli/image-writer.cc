#include "image-writer.h"

#include "gptimage/atomic-file.h"
#include "gptimage/output-path.h"

namespace gptimage::cli {

ImageWriter::ImageWriter (std::string output_pattern) : pattern_ (std::move (output_pattern)) {}

void
ImageWriter::on_partial_image (const GeneratedImage &image)
{
  int index = ++partials_written_;
  write (image, output_path_for (pattern_, index, true, false), index);
}

void
ImageWriter::on_final_image (const GeneratedImage &image)
{
  // Kept until the end: the file name depends on how many distinct finals arrive.
  GeneratedImage copy;
  copy.partial = false;
  copy.index = image.index;
  copy.data.reset (g_bytes_ref (image.data.get ()));
  copy.sha256 = image.sha256;
  copy.output_format = image.output_format;
  copy.size = image.size;
  copy.revised_prompt = image.revised_prompt;
  copy.item_id = image.item_id;
  finals_.push_back (std::move (copy));
}

Status
ImageWriter::write_finals ()
{
  bool single = finals_.size () == 1;
  int index = 0;
  for (const auto &image : finals_)
    {
      ++index;
      write (image, output_path_for (pattern_, index, false, single), index);
    }
  finals_.clear ();
  if (write_error_)
    return *write_error_;
  return {};
}

void
ImageWriter::write (const GeneratedImage &image, const std::string &path, int index)
{
  gsize size = 0;
  const void *data = g_bytes_get_data (image.data.get (), &size);
  Status status = write_file_atomically (path, data, size);
  if (!status.ok ())
    {
      if (!write_error_)
        write_error_ = status.error ();
      return;
    }
  written_.push_back ({ path, image.partial, index, image.output_format, size, image.sha256,
                        image.revised_prompt });
}

} // namespace gptimage::cli
