// Writes the images of one run: partial images as they arrive, final images when the run ends
// (successful or not), so that every usable result that arrived is kept.
#pragma once

#include "gptimage/api-result.h"
#include "gptimage/error.h"
#include "gptimage/transport.h"

#include <string>
#include <vector>

namespace gptimage::cli {

struct WrittenFile
{
  std::string path;
  bool partial = false;
  int index = 0; // 1-based
  std::string format;
  std::size_t bytes = 0;
  std::string sha256;
  std::string revised_prompt;
};

class ImageWriter : public TransportObserver
{
public:
  explicit ImageWriter (std::string output_pattern);

  void on_partial_image (const GeneratedImage &image) override;
  void on_final_image (const GeneratedImage &image) override;

  // Writes the final images that arrived. Called once, after the request ended.
  Status write_finals ();

  const std::vector<WrittenFile> &written () const { return written_; }
  // The first write failure, if any (writing continues for the other images).
  const std::optional<Error> &write_error () const { return write_error_; }

private:
  void write (const GeneratedImage &image, const std::string &path, int index);

  std::string pattern_;
  std::vector<GeneratedImage> finals_;
  int partials_written_ = 0;
  std::vector<WrittenFile> written_;
  std::optional<Error> write_error_;
};

} // namespace gptimage::cli
