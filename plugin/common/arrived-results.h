// Every final image as it arrives: saved at once to the results folder (results-folder.h), the
// bytes as sent, before the answer is complete and long before any layer is made. When the
// request then fails (the stream broke off, the server sent more than asked for, another image
// of the answer is unusable), those images were paid for: the error says where they are, and
// without a results folder the usable ones go to the rescue folder. The GIMP image itself is
// left as it was, as after any failure.
#pragma once

#include "gptimage/api-result.h"
#include "gptimage/result-check.h"
#include "gptimage/transport.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gptimage::plugin {

// Keeps every final image the transport delivers (their bytes shared, not copied) and saves it
// to `folder` as it arrives (none: kept only in memory).
class ArrivedResults : public TransportObserver
{
public:
  explicit ArrivedResults (std::optional<std::string> folder = std::nullopt)
      : folder_ (std::move (folder))
  {
  }
  void on_final_image (const GeneratedImage &image) override;
  const std::vector<GeneratedImage> &images () const { return images_; }
  bool saving () const { return folder_.has_value (); }
  // Where the image of arrival index `index` was saved; "" when it was not.
  std::string saved_path (int index) const;
  // Why images could not be saved ("" when all were), for the user.
  const std::string &save_failures () const { return failures_; }

private:
  std::optional<std::string> folder_;
  std::vector<GeneratedImage> images_;
  std::map<int, std::string> saved_;
  std::string failures_;
};

// Writes the images of `images` that pass check_result_image to the rescue folder
// (rescue-file.h). Returns a sentence for the error message, e.g. "1 usable image that
// arrived was saved to /home/ada/.local/share/gpt-image/rescued/gpt-image-…-1.png", or "" when
// no image was usable.
std::string rescue_usable_results (const std::vector<GeneratedImage> &images,
                                   const RequestedImage &requested);

} // namespace gptimage::plugin
