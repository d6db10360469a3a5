// Final images that arrived during a request that then failed (the stream broke off, the server
// sent more than asked for, another image of the answer is unusable): they were paid for, so
// the usable ones are written to the rescue folder, and the error says where. The GIMP image
// itself is left as it was, as after any failure.
#pragma once

#include "gptimage/api-result.h"
#include "gptimage/result-check.h"
#include "gptimage/transport.h"

#include <string>
#include <vector>

namespace gptimage::plugin {

// Keeps every final image the transport delivers (their bytes shared, not copied).
class ArrivedResults : public TransportObserver
{
public:
  void on_final_image (const GeneratedImage &image) override;
  const std::vector<GeneratedImage> &images () const { return images_; }

private:
  std::vector<GeneratedImage> images_;
};

// Writes the images of `images` that pass check_result_image to the rescue folder
// (rescue-file.h). Returns a sentence for the error message, e.g. "1 usable image that
// arrived was saved to /home/ada/.local/share/gpt-image/rescued/gpt-image-…-1.png", or "" when
// no image was usable.
std::string rescue_usable_results (const std::vector<GeneratedImage> &images,
                                   const RequestedImage &requested);

} // namespace gptimage::plugin
