#include "image-answer.h"

#include "json-text.h"

#include <algorithm>

namespace gptimage::testing {

Result<std::string>
encode_base64_image (const RgbaImage &image, const ImageSettings &settings)
{
  auto encoded
      = encode_image (image, settings.format, settings.compression, EncodeEffort::fastest);
  if (!encoded)
    return encoded.error ();
  return take_string (g_base64_encode (encoded->data (), encoded->size ()));
}

namespace {

// Every second pixel of every second row.
RgbaImage
half_size (const RgbaImage &image)
{
  RgbaImage half;
  half.width = std::max (1, image.width / 2);
  half.height = std::max (1, image.height / 2);
  half.pixels.resize (static_cast<std::size_t> (half.width) * half.height * 4);
  for (int y = 0; y < half.height; ++y)
    for (int x = 0; x < half.width; ++x)
      std::copy_n (image.pixel (std::min (x * 2, image.width - 1),
                                std::min (y * 2, image.height - 1)),
                   4, half.pixel (x, y));
  return half;
}

} // namespace

Result<std::string>
encode_final_image (const RgbaImage &image, const ImageSettings &settings, ImageDefect defect)
{
  switch (defect)
    {
    case ImageDefect::not_an_image:
      {
        static const char text[] = "This is not an image: the test server's not_an_image fault.";
        return take_string (
            g_base64_encode (reinterpret_cast<const guchar *> (text), sizeof text - 1));
      }
    case ImageDefect::wrong_size:
      return encode_base64_image (half_size (image), settings);
    case ImageDefect::invalid_base64:
      return std::string ("This is not base64! It is the test server's invalid_base64 fault.");
    case ImageDefect::none:
      break;
    }
  return encode_base64_image (image, settings);
}

namespace {

long long
output_tokens_per_image (const ImageSettings &settings)
{
  // Roughly the published 1024x1024 figures, scaled by area.
  long long base = 4160;
  if (settings.quality == "low")
    base = 272;
  else if (settings.quality == "medium")
    base = 1056;
  else if (settings.quality == "xhigh")
    base = 6240;
  else if (settings.quality == "max")
    base = 8320;
  return base * settings.width * settings.height / (1024 * 1024)
         + 100LL * settings.partial_images;
}

} // namespace

JsonObjectPtr
images_usage (const ImageSettings &settings, std::string_view prompt, int input_images,
              int outputs)
{
  long long text_tokens = 1 + static_cast<long long> (prompt.size ()) / 4;
  long long image_tokens = 323LL * input_images;
  long long output_tokens = output_tokens_per_image (settings) * outputs;
  JsonObjectPtr usage = new_json_object ();
  json_object_set_int_member (usage.get (), "input_tokens", text_tokens + image_tokens);
  JsonObjectPtr input_details = new_json_object ();
  json_object_set_int_member (input_details.get (), "text_tokens", text_tokens);
  json_object_set_int_member (input_details.get (), "image_tokens", image_tokens);
  set_object (usage.get (), "input_tokens_details", std::move (input_details));
  json_object_set_int_member (usage.get (), "output_tokens", output_tokens);
  JsonObjectPtr output_details = new_json_object ();
  json_object_set_int_member (output_details.get (), "image_tokens", output_tokens);
  json_object_set_int_member (output_details.get (), "text_tokens", 0);
  set_object (usage.get (), "output_tokens_details", std::move (output_details));
  json_object_set_int_member (usage.get (), "total_tokens",
                              text_tokens + image_tokens + output_tokens);
  return usage;
}

void
add_echo_fields (JsonObject *object, const ImageSettings &settings)
{
  json_object_set_string_member (object, "size", settings.size_text ().c_str ());
  json_object_set_string_member (object, "quality", settings.quality_echo ().c_str ());
  json_object_set_string_member (object, "background", settings.background_echo ().c_str ());
  json_object_set_string_member (object, "output_format", settings.output_format.c_str ());
}

std::string
revised_prompt (std::string_view prompt)
{
  return "Revised: " + std::string (prompt);
}

gint64
unix_now ()
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

} // namespace gptimage::testing
