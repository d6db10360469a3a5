#include "image-writer.h"

#include "gptimage/i18n.h"
#include "gptimage/atomic-file.h"
#include "gptimage/image-codec.h"
#include "gptimage/output-path.h"
#include "gptimage/rescue-file.h"
#include "gptimage/sha256.h"

#include <future>

namespace gptimage::cli {

namespace {

std::string
image_name (const GeneratedImage &image, int index)
{
  /* Translators: the index the API gave the image. */
  return image.partial ? printf_string (_("partial image %d"), index)
                       /* Translators: the index the API gave the image. */
                       : printf_string (_("image %d"), index);
}

std::string
extension_of (const GeneratedImage &image)
{
  return std::string (image_file_extension (image_format_from_name (image.output_format)));
}

} // namespace

ImageWriter::ImageWriter (std::string output_pattern, RequestedImage requested, bool digests)
    : pattern_ (std::move (output_pattern)), requested_ (std::move (requested)), digests_ (digests)
{
}

void
ImageWriter::on_partial_image (const GeneratedImage &image)
{
  int index = ++partials_written_;
  std::string path = output_path_for (pattern_, index, true, false);
  gsize size = 0;
  const void *data = g_bytes_get_data (image.data.get (), &size);
  // A preview: atomic, but not worth waiting for the disk.
  record (image, path, index, write_file_atomically (path, data, size, 0644, Flush::no));
}

void
ImageWriter::on_final_image (const GeneratedImage &image)
{
  // Kept until the end: the file name depends on how many distinct finals arrive.
  GeneratedImage copy = share_image (image);
  copy.partial = false;

  // The check inflates the whole image (30 ms for a 4K PNG): it starts now, on a thread of its
  // own, and runs while the rest of the response arrives and while the file is written. It
  // reads only the bytes (shared, immutable) and the announced format. Where no thread can
  // be had, it runs when its result is asked for.
  GeneratedImage checked;
  checked.data.reset (g_bytes_ref (image.data.get ()));
  checked.announced_format = image.announced_format;
  checked.arrival = image.arrival; // checked while it arrived: the check waits for that verdict
  auto check = std::async (std::launch::async | std::launch::deferred,
                           [image = std::move (checked), requested = requested_] {
                             return check_result_image (image, requested, KeepPixels::no);
                           });
  finals_.push_back ({ std::move (copy), std::move (check) });
}

Status
ImageWriter::write_finals ()
{
  bool single = finals_.size () == 1;
  int index = 0;
  for (auto &final : finals_)
    {
      ++index;
      write_final (final, output_path_for (pattern_, index, false, single), index);
    }
  finals_.clear ();
  if (problems_.empty ())
    return {};
  Error all = problems_.front ();
  for (std::size_t i = 1; i < problems_.size (); ++i)
    all.message += "; " + problems_[i].message;
  return all;
}

void
ImageWriter::write_final (PendingFinal &final, const std::string &path, int index)
{
  const GeneratedImage &image = final.image;
  gsize size = 0;
  const void *data = g_bytes_get_data (image.data.get (), &size);
  // Written and flushed beside `path` while the check finishes; named `path` only if it passes.
  auto staged = stage_file (path, data, size);
  Result<CheckedImage> checked = final.check.get ();
  if (!checked)
    {
      keep_invalid (image, path, index, checked.error ().message); // the staged file goes
      return;
    }
  if (!checked->size_mismatch.empty ())
    /* Translators: the image's index, then what is wrong with its size. */
    warnings_.push_back (printf_string (_("image %d: %s"), index,
                                        checked->size_mismatch.c_str ()));
  record (image, path, index, staged ? staged->commit () : Status (std::move (staged).error ()));
}

// The bytes were paid for, and may still say what went wrong: they go next to the output
// under a name no image viewer takes for an image.
void
ImageWriter::keep_invalid (const GeneratedImage &image, const std::string &path, int index,
                           const std::string &reason)
{
  gsize size = 0;
  const void *data = g_bytes_get_data (image.data.get (), &size);
  std::string side = path + ".invalid";
  // Not the format the API claimed: what the bytes are ("unknown" for text).
  std::string format (image_format_name (sniff_image_format (data, size)));
  WrittenFile file { side, false, true, {}, index, format, size,
                     digests_ ? sha256_hex (data, size) : std::string (), image.revised_prompt };
  Error problem;
  problem.kind = ErrorKind::protocol;
  /* Translators: the image's index, the reason, then the path it was meant for. */
  problem.message = printf_string (_("image %d is not a usable image: %s; it was not saved as %s"),
                                   index, reason.c_str (), path.c_str ());
  if (Status kept = write_file_atomically (side, data, size); kept)
    /* Translators: added to an error; %s is the path of the file that keeps the image's bytes. */
    problem.message += printf_string (_("; its bytes are kept in %s"), side.c_str ());
  else if (auto rescued = rescue_file (data, size, index, "invalid"); rescued)
    {
      file.wanted_path = side;
      file.path = rescued.value ();
      /* Translators: why the file beside the output failed, then where the bytes went. */
      problem.message += printf_string (_("; %s, so its bytes are kept in %s"),
                                        kept.error ().message.c_str (), file.path.c_str ());
    }
  else
    {
      problem.message += "; " + kept.error ().message + "; " + rescued.error ().message;
      problems_.push_back (std::move (problem));
      return;
    }
  written_.push_back (std::move (file));
  problems_.push_back (std::move (problem));
}

void
ImageWriter::record (const GeneratedImage &image, const std::string &path, int index,
                     Status status)
{
  gsize size = 0;
  const void *data = g_bytes_get_data (image.data.get (), &size);
  WrittenFile file { path, image.partial, false, {}, index, image.output_format, size,
                     digests_ ? sha256_hex (data, size) : std::string (), image.revised_prompt };
  if (status)
    {
      written_.push_back (std::move (file));
      return;
    }
  // The image is paid for: where it cannot go as asked, it goes to the rescue folder.
  Error problem = status.error ();
  auto rescued = rescue_file (data, size, index, extension_of (image));
  if (!rescued)
    {
      problem.message += "; " + rescued.error ().message;
      problems_.push_back (std::move (problem));
      return;
    }
  /* Translators: "image 0" or "partial image 0", then the path it went to. */
  problem.message += printf_string (_("; %s was saved to %s instead"),
                                    image_name (image, index).c_str (), rescued.value ().c_str ());
  file.wanted_path = path;
  file.path = rescued.value ();
  written_.push_back (std::move (file));
  problems_.push_back (std::move (problem));
}

} // namespace gptimage::cli
