// What a caller asks for on each route, before validation and before the request is built.
#pragma once

#include "gptimage/parameter.h"
#include "gptimage/route.h"
#include "gptimage/storage-types.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gptimage {

// The value of every GPT_IMAGE_OPTION row of gptimage/parameter-table.h: what one request
// carries besides its model, prompt and images. Text is empty and numbers are unset unless
// given; Settings fill them from the configuration (defaults included).
struct ImageOptions
{
#define GPT_IMAGE_SETTING(id, storage, ...)
#define GPT_IMAGE_INPUT(id, storage, ...)
#define GPT_IMAGE_OPTION(id, storage, ...) GPT_IMAGE_STORAGE_##storage id{};
#include "gptimage/parameter-table.h"
#undef GPT_IMAGE_SETTING
#undef GPT_IMAGE_OPTION
#undef GPT_IMAGE_INPUT
};

// Name of the multipart field that carries the edit images.
enum class ImageFieldStyle
{
  simple,   // image
  brackets, // image[]   (the default, as in OpenAI's curl examples)
  indexed,  // image[0], image[1], ...
};

std::optional<ImageFieldStyle> parse_image_field_style (std::string_view text);

struct GenerationsParams
{
  std::string model;
  std::string prompt;
  ImageOptions image;
};

// An edit input (image or mask): a local file, or encoded PNG/JPEG/WebP bytes already in memory
// (the GIMP plug-in sends layer pixels this way, without temporary files). A path converts
// implicitly, so file lists read as before.
struct ImageSource
{
  // The local path; for bytes in memory, the file name sent with them (e.g. "layer.png").
  std::string path;
  // The encoded bytes, or null for a local file. Shared, so that params copy cheaply.
  std::shared_ptr<const std::vector<std::uint8_t>> bytes;

  ImageSource () = default;
  ImageSource (std::string file_path) : path (std::move (file_path)) {}
  ImageSource (const char *file_path) : path (file_path) {}
  static ImageSource from_bytes (std::string file_name, std::vector<std::uint8_t> data);

  bool in_memory () const { return bytes != nullptr; }
};

struct EditsParams
{
  std::string model;
  std::string prompt;
  std::vector<ImageSource> images;   // 1..16
  std::optional<ImageSource> mask;   // PNG with alpha
  ImageFieldStyle field_style = ImageFieldStyle::brackets;
  ImageOptions image;
};

// An image given to the Responses route.
struct InputImageRef
{
  enum class Kind
  {
    file,     // local path, sent as a data: URL with its MIME type
    url,      // http(s) URL, passed through
    data_url, // data: URL, passed through
    file_id,  // Files API id, passed through
  };
  Kind kind = Kind::file;
  std::string value;
};

struct ResponsesParams
{
  std::string model;                      // top-level Responses model (never a GPT image model)
  std::optional<std::string> tool_model;  // image_generation tool model; unset: gpt-image-2 rules
  std::vector<std::string> input_texts;
  std::vector<InputImageRef> input_images;
  std::optional<InputImageRef> mask;      // file, url or file_id; sent as input_image_mask
  ImageOptions image;                     // action, tool_choice, previous_response_id, metadata...
};

} // namespace gptimage
