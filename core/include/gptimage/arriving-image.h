// An image whose bytes are still arriving (decoded from the base64 of a response that is being
// read), checked on a thread of its own as they come: by the time the last byte is in, most of
// the full decode that checks it is done.
#pragma once

#include "gptimage/error.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/image-codec.h"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

namespace gptimage {

class ArrivingImage
{
public:
  // `expected_size`: room to reserve for the bytes, an estimate (0: unknown).
  explicit ArrivingImage (std::size_t expected_size);
  // Its check, if still running, stops at its next read.
  ~ArrivingImage ();
  ArrivingImage (const ArrivingImage &) = delete;
  ArrivingImage &operator= (const ArrivingImage &) = delete;

  // Room for `size` more bytes at the end; add () says how many were written there.
  std::uint8_t *room (std::size_t size);
  void add (std::size_t size);
  // All bytes are in. The check may still be reading them; they no longer move.
  void finish ();

  // After finish (): the bytes.
  BytesPtr bytes () const;
  // Waits for the check: verify_image's verdict on the bytes, or nothing when they are no
  // PNG (only PNG is checked as it arrives; other formats are checked when whole).
  std::optional<Result<ImageInfo>> verdict ();

private:
  void start_check ();
  bool read (std::uint8_t *out, std::size_t size, std::size_t &offset);

  std::mutex mutex_;
  std::condition_variable arrived_;
  std::uint8_t *data_ = nullptr; // g_malloc'ed; moves only when grown, under the mutex
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
  bool finished_ = false;
  bool abandoned_ = false;
  BytesPtr bytes_; // owns data_ once finished
  std::thread thread_;
  std::shared_future<Result<ImageInfo>> verdict_;
};

} // namespace gptimage
