// Writes the images of one run: partial images as they arrive, final images when the run ends
// (successful or not), so that every usable result that arrived is kept. A paid result is never
// dropped: a final image that is no usable image is kept in a side file next to the output,
// and an image that cannot be written where asked goes to the rescue folder.
#pragma once

#include "gptimage/api-result.h"
#include "gptimage/error.h"
#include "gptimage/result-check.h"
#include "gptimage/transport.h"

#include <future>
#include <string>
#include <vector>

namespace gptimage::cli {

struct WrittenFile
{
  std::string path;
  bool partial = false;
  bool invalid = false;     // the bytes of a final image that failed the check (PATH.invalid)
  std::string wanted_path;  // set when the file could not go there and was rescued to `path`
  int index = 0; // 1-based
  std::string format;
  std::size_t bytes = 0;
  std::string sha256; // of the bytes written; only when the writer was asked for digests
  std::string revised_prompt;
};

class ImageWriter : public TransportObserver
{
public:
  // `requested` is what the final images are checked against. `digests`: note each file's
  // SHA-256 (for --json; it costs milliseconds per 4K image, so only when it is shown).
  ImageWriter (std::string output_pattern, RequestedImage requested, bool digests);

  void on_partial_image (const GeneratedImage &image) override;
  void on_final_image (const GeneratedImage &image) override;

  // Checks and writes the final images that arrived. Called once, after the request ended.
  // Fails when any image could not be saved as asked (the error says where its bytes went).
  Status write_finals ();

  const std::vector<WrittenFile> &written () const { return written_; }
  // Notes about saved images, e.g. a size other than the requested one.
  const std::vector<std::string> &warnings () const { return warnings_; }

private:
  // A final image and its check, which runs on a thread of its own from the moment the image
  // arrived.
  struct PendingFinal
  {
    GeneratedImage image;
    std::future<Result<CheckedImage>> check;
  };

  void write_final (PendingFinal &final, const std::string &path, int index);
  void keep_invalid (const GeneratedImage &image, const std::string &path, int index,
                     const std::string &reason);
  // Notes a write: the file, or, when `status` says it failed, the rescued file and the problem.
  void record (const GeneratedImage &image, const std::string &path, int index, Status status);

  std::string pattern_;
  RequestedImage requested_;
  bool digests_;
  std::vector<PendingFinal> finals_;
  int partials_written_ = 0;
  std::vector<WrittenFile> written_;
  std::vector<std::string> warnings_;
  std::vector<Error> problems_; // images not saved as asked, in order
};

} // namespace gptimage::cli
