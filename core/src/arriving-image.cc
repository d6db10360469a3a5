#include "gptimage/arriving-image.h"

#include <cstring>

namespace gptimage {

namespace {

constexpr std::uint8_t png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

} // namespace

ArrivingImage::ArrivingImage (std::size_t expected_size)
{
  capacity_ = expected_size > 0 ? expected_size : 64 * 1024;
  data_ = static_cast<std::uint8_t *> (g_malloc (capacity_));
}

ArrivingImage::~ArrivingImage ()
{
  {
    std::lock_guard<std::mutex> lock (mutex_);
    abandoned_ = true;
  }
  arrived_.notify_all ();
  if (thread_.joinable ())
    thread_.join ();
  if (!bytes_)
    g_free (data_);
}

std::uint8_t *
ArrivingImage::room (std::size_t size)
{
  std::lock_guard<std::mutex> lock (mutex_);
  if (size_ + size > capacity_)
    {
      capacity_ = std::max (capacity_ * 2, size_ + size);
      data_ = static_cast<std::uint8_t *> (g_realloc (data_, capacity_));
    }
  return data_ + size_;
}

void
ArrivingImage::add (std::size_t size)
{
  bool start = false;
  {
    std::lock_guard<std::mutex> lock (mutex_);
    start = !thread_.joinable () && size_ < sizeof png_signature
            && size_ + size >= sizeof png_signature
            && std::memcmp (data_, png_signature, sizeof png_signature) == 0;
    size_ += size;
  }
  if (start)
    start_check ();
  arrived_.notify_all ();
}

void
ArrivingImage::finish ()
{
  {
    std::lock_guard<std::mutex> lock (mutex_);
    finished_ = true;
    bytes_.reset (g_bytes_new_take (data_, size_));
  }
  arrived_.notify_all ();
}

BytesPtr
ArrivingImage::bytes () const
{
  return BytesPtr (bytes_ ? g_bytes_ref (bytes_.get ()) : nullptr);
}

std::optional<Result<ImageInfo>>
ArrivingImage::verdict ()
{
  if (!verdict_.valid ())
    return std::nullopt;
  return verdict_.get ();
}

void
ArrivingImage::start_check ()
{
  std::promise<Result<ImageInfo>> promise;
  verdict_ = promise.get_future ().share ();
  thread_ = std::thread ([this, promise = std::move (promise)] () mutable {
    std::size_t offset = 0;
    PngReader reader = [this, &offset] (std::uint8_t *out, std::size_t size) {
      return read (out, size, offset);
    };
    promise.set_value (verify_png (reader));
  });
}

// On the check's thread: waits until `size` bytes past `offset` are in, or the image ended
// or was abandoned before.
bool
ArrivingImage::read (std::uint8_t *out, std::size_t size, std::size_t &offset)
{
  std::unique_lock<std::mutex> lock (mutex_);
  arrived_.wait (lock, [&] { return size_ - offset >= size || finished_ || abandoned_; });
  if (abandoned_)
    return false; // nobody is left to want the verdict
  if (size_ - offset < size)
    return false;
  std::memcpy (out, data_ + offset, size);
  offset += size;
  return true;
}

} // namespace gptimage
