#include "gptimage/image-codec.h"
#include "gptimage/validate.h"

#include "png-crc.h"

#include <glib.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>

using namespace gptimage;
namespace fs = std::filesystem;

namespace {

// ---- test images ---------------------------------------------------------------------------

RgbaImage
solid (int width, int height)
{
  RgbaImage image;
  image.width = width;
  image.height = height;
  image.pixels.assign (static_cast<std::size_t> (width) * height * 4, 200);
  return image;
}

void
write_bytes (const fs::path &path, const std::vector<std::uint8_t> &bytes)
{
  std::ofstream out (path, std::ios::binary);
  out.write (reinterpret_cast<const char *> (bytes.data ()),
             static_cast<std::streamsize> (bytes.size ()));
}

std::vector<std::uint8_t>
encoded (int width, int height, ImageFormat format)
{
  auto bytes = encode_image (solid (width, height), format, 90);
  EXPECT_TRUE (bytes.ok ());
  return bytes.ok () ? bytes.value () : std::vector<std::uint8_t> ();
}

void
put_be32 (std::vector<std::uint8_t> &out, std::uint32_t v)
{
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back (static_cast<std::uint8_t> (v >> shift));
}

void
put_chunk (std::vector<std::uint8_t> &png, const char *type, const std::vector<std::uint8_t> &data)
{
  put_be32 (png, static_cast<std::uint32_t> (data.size ()));
  std::vector<std::uint8_t> typed (type, type + 4);
  typed.insert (typed.end (), data.begin (), data.end ());
  png.insert (png.end (), typed.begin (), typed.end ());
  put_be32 (png, png_crc (typed.data (), typed.size ()));
}

// An RGB PNG without an alpha channel (encode_image always writes RGBA), built by hand with a
// stored (uncompressed) deflate block.
std::vector<std::uint8_t>
rgb_png (int width, int height)
{
  std::vector<std::uint8_t> raw;
  for (int y = 0; y < height; ++y)
    {
      raw.push_back (0); // filter: none
      raw.insert (raw.end (), static_cast<std::size_t> (width) * 3, 90);
    }
  std::vector<std::uint8_t> z = { 0x78, 0x01, 0x01 };
  const auto len = static_cast<std::uint16_t> (raw.size ());
  z.push_back (static_cast<std::uint8_t> (len & 0xff));
  z.push_back (static_cast<std::uint8_t> (len >> 8));
  z.push_back (static_cast<std::uint8_t> (~len & 0xff));
  z.push_back (static_cast<std::uint8_t> ((~len >> 8) & 0xff));
  z.insert (z.end (), raw.begin (), raw.end ());
  std::uint32_t a = 1, b = 0;
  for (auto byte : raw)
    {
      a = (a + byte) % 65521;
      b = (b + a) % 65521;
    }
  put_be32 (z, (b << 16) | a);

  std::vector<std::uint8_t> png = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  std::vector<std::uint8_t> ihdr;
  put_be32 (ihdr, static_cast<std::uint32_t> (width));
  put_be32 (ihdr, static_cast<std::uint32_t> (height));
  ihdr.insert (ihdr.end (), { 8, 2, 0, 0, 0 }); // 8-bit RGB
  put_chunk (png, "IHDR", ihdr);
  put_chunk (png, "IDAT", z);
  put_chunk (png, "IEND", {});
  return png;
}

// What a transfer cut off right after the header leaves: the PNG signature, an IHDR declaring
// an 8-bit RGBA image of width x height, and the start of an IDAT chunk. Its headers read fine.
std::vector<std::uint8_t>
png_cut_after_header (std::uint32_t width, std::uint32_t height)
{
  std::vector<std::uint8_t> png = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  std::vector<std::uint8_t> ihdr;
  put_be32 (ihdr, width);
  put_be32 (ihdr, height);
  ihdr.insert (ihdr.end (), { 8, 6, 0, 0, 0 }); // 8-bit RGBA
  put_chunk (png, "IHDR", ihdr);
  put_be32 (png, 4096);
  png.insert (png.end (), { 'I', 'D', 'A', 'T', 0x78, 0x01 });
  return png;
}

// Pixels that do not compress away, so that most of an encoded file is image data.
std::vector<std::uint8_t>
noisy (int width, int height, ImageFormat format)
{
  RgbaImage image = solid (width, height);
  std::uint32_t state = 12345;
  for (auto &byte : image.pixels)
    {
      state = state * 1103515245u + 12345u;
      byte = static_cast<std::uint8_t> (state >> 24);
    }
  auto bytes = encode_image (image, format, 90);
  EXPECT_TRUE (bytes.ok ());
  return bytes.ok () ? bytes.value () : std::vector<std::uint8_t> ();
}

// The first 60% of the bytes: the headers survive, the image data does not.
std::vector<std::uint8_t>
cut (std::vector<std::uint8_t> bytes)
{
  bytes.resize (bytes.size () * 6 / 10);
  return bytes;
}

// A PNG whose first IDAT byte is changed, so that the chunk's CRC no longer matches.
std::vector<std::uint8_t>
corrupt_png (std::vector<std::uint8_t> png)
{
  static const std::uint8_t idat[] = { 'I', 'D', 'A', 'T' };
  auto at = std::search (png.begin (), png.end (), std::begin (idat), std::end (idat));
  EXPECT_NE (at, png.end ());
  if (at != png.end ())
    at[4] ^= 0xff;
  return png;
}

std::string
data_url (const char *mime, const std::vector<std::uint8_t> &bytes)
{
  gchar *b64 = g_base64_encode (bytes.data (), bytes.size ());
  std::string url = std::string ("data:") + mime + ";base64," + b64;
  g_free (b64);
  return url;
}

// ---- rows ----------------------------------------------------------------------------------

// A failing row names the parameter at fault, a piece of the value and a piece of the rule;
// `param == nullptr` means the input is accepted.
struct Expect
{
  const char *param = nullptr;
  std::string value;
  std::string rule;
};

const Expect ok{};

Expect
fails (const char *param, std::string value, std::string rule)
{
  return Expect{ param, std::move (value), std::move (rule) };
}

void
check (const std::string &name, const Status &status, const Expect &expect)
{
  SCOPED_TRACE (name);
  if (!expect.param)
    {
      EXPECT_TRUE (status.ok ()) << status.error ().message;
      return;
    }
  ASSERT_FALSE (status.ok ()) << "expected a " << expect.param << " error";
  EXPECT_EQ (status.error ().kind, ErrorKind::validation);
  EXPECT_EQ (status.error ().param, expect.param) << status.error ().message;
  EXPECT_NE (status.error ().message.find (expect.value), std::string::npos)
    << "value \"" << expect.value << "\" missing from: " << status.error ().message;
  EXPECT_NE (status.error ().message.find (expect.rule), std::string::npos)
    << "rule \"" << expect.rule << "\" missing from: " << status.error ().message;
}

struct OptionRow
{
  const char *name;
  const char *model;
  Route route;
  std::function<void (ImageOptions &)> set;
  Expect expect;
};

void
run_option_rows (const std::vector<OptionRow> &rows)
{
  for (const auto &row : rows)
    {
      ImageOptions options;
      row.set (options);
      check (row.name, validate_image_options (options, row.model, row.route), row.expect);
    }
}

auto
size_is (const char *size)
{
  return [size] (ImageOptions &o) { o.size = size; };
}

constexpr const char *v2 = "gpt-image-2";
constexpr const char *flare = "gpt-image-2.5-flare";
constexpr const char *v26 = "gpt-image-2.6-sunburst";
constexpr const char *v15 = "gpt-image-1.5";
constexpr const char *mini = "gpt-image-1-mini";
constexpr const char *other = "local-diffusion-xl";
constexpr Route gen = Route::generations;

} // namespace

// ---- image options -------------------------------------------------------------------------

TEST (ValidateOptions, Size)
{
  const char *multiple = "both edges must be multiples of 16";
  const char *format = "must be auto or WIDTHxHEIGHT";
  run_option_rows ({
    { "auto", v2, gen, size_is ("auto"), ok },
    { "square 1024", v2, gen, size_is ("1024x1024"), ok },
    { "minimum pixels 1024x640", v2, gen, size_is ("1024x640"), ok },
    { "maximum pixels 3840x2160", v2, gen, size_is ("3840x2160"), ok },
    { "maximum pixels 2880x2880", v2, gen, size_is ("2880x2880"), ok },
    { "exactly 3:1", v2, gen, size_is ("2880x960"), ok },
    { "exactly 1:3", v2, gen, size_is ("960x2880"), ok },
    { "not multiple of 16", v2, gen, size_is ("1000x1000"), fails ("size", "1000x1000", multiple) },
    { "height not multiple of 16", v2, gen, size_is ("1024x1000"),
      fails ("size", "1024x1000", multiple) },
    { "longest edge over 3840", v2, gen, size_is ("3856x1296"),
      fails ("size", "3856x1296", "the longest edge must be at most 3840") },
    { "ratio over 3:1", v2, gen, size_is ("3072x1008"), fails ("size", "3072x1008", "3:1") },
    { "ratio over 1:3", v2, gen, size_is ("1008x3072"), fails ("size", "1008x3072", "3:1") },
    { "too few pixels", v2, gen, size_is ("1024x624"),
      fails ("size", "1024x624", "between 655,360 and 8,294,400 (it is 638,976)") },
    { "too many pixels", v2, gen, size_is ("3840x2176"),
      fails ("size", "3840x2176", "between 655,360 and 8,294,400") },
    { "space", v2, gen, size_is ("1024 x 1024"), fails ("size", "1024 x 1024", format) },
    { "capital X", v2, gen, size_is ("1024X1024"), fails ("size", "1024X1024", format) },
    { "plus sign", v2, gen, size_is ("+1024x1024"), fails ("size", "+1024x1024", format) },
    { "minus sign", v2, gen, size_is ("-1024x1024"), fails ("size", "-1024x1024", format) },
    { "leading zero", v2, gen, size_is ("01024x1024"), fails ("size", "01024x1024", format) },
    { "zero edge", v2, gen, size_is ("0x1024"), fails ("size", "0x1024", format) },
    { "missing height", v2, gen, size_is ("1024x"), fails ("size", "1024x", format) },
    { "three parts", v2, gen, size_is ("1024x1024x2"), fails ("size", "1024x1024x2", format) },
    // Empty is unset: the API's default applies.
    { "empty", v2, gen, size_is (""), ok },
    { "word", v2, gen, size_is ("large"), fails ("size", "large", format) },
    { "2.5 is flexible", flare, gen, size_is ("2048x1152"), ok },
    { "2.5 checks multiples", flare, gen, size_is ("1000x1000"),
      fails ("size", "1000x1000", multiple) },
    { "2.6 is flexible", v26, gen, size_is ("3840x2160"), ok },
    { "2.6 checks pixels", v26, gen, size_is ("3840x2176"), fails ("size", "3840x2176", "8,294,400") },
    { "1.5 fixed size", v15, gen, size_is ("1536x1024"), ok },
    { "1.5 auto", v15, gen, size_is ("auto"), ok },
    { "1.5 rejects flexible sizes", v15, gen, size_is ("2048x2048"),
      fails ("size", "2048x2048",
             "gpt-image-1.5 supports only auto, 1024x1024, 1536x1024 and 1024x1536") },
    { "mini rejects 1024x640", mini, gen, size_is ("1024x640"),
      fails ("size", "1024x640", "gpt-image-1-mini supports only") },
    { "mini portrait", mini, gen, size_is ("1024x1536"), ok },
    { "unknown model any positive size", other, gen, size_is ("1000x333"), ok },
    { "unknown model still needs WxH", other, gen, size_is ("big"), fails ("size", "big", format) },
    { "unknown model zero edge", other, gen, size_is ("0x5"), fails ("size", "0x5", format) },
  });
}

TEST (ValidateOptions, Quality)
{
  auto quality_is = [] (const char *q) { return [q] (ImageOptions &o) { o.quality = q; }; };
  run_option_rows ({
    { "2 high", v2, gen, quality_is ("high"), ok },
    { "2 auto", v2, gen, quality_is ("auto"), ok },
    { "2 low", v2, gen, quality_is ("low"), ok },
    { "2 xhigh", v2, gen, quality_is ("xhigh"),
      fails ("quality", "xhigh", "gpt-image-2 supports low, medium, high or auto") },
    { "2 max", v2, gen, quality_is ("max"), fails ("quality", "max", "supports low") },
    { "2 standard", v2, gen, quality_is ("standard"), fails ("quality", "standard", "supports") },
    { "2 empty", v2, gen, quality_is (""), ok }, // unset: the API's default
    { "2.5 xhigh", flare, gen, quality_is ("xhigh"), ok },
    { "2.5 max", flare, gen, quality_is ("max"), ok },
    { "2.5 ultra", flare, gen, quality_is ("ultra"),
      fails ("quality", "ultra", "low, medium, high, xhigh, max or auto") },
    { "2.6 max", v26, gen, quality_is ("max"), ok },
    { "1.5 xhigh", v15, gen, quality_is ("xhigh"), fails ("quality", "xhigh", "gpt-image-1.5") },
    { "unknown standard", other, gen, quality_is ("standard"), ok },
    { "unknown empty", other, gen, quality_is (""), ok },
  });
}

TEST (ValidateOptions, OutputFormat)
{
  auto format_is = [] (const char *f) { return [f] (ImageOptions &o) { o.output_format = f; }; };
  const char *rule = "must be png, jpeg or webp";
  run_option_rows ({
    { "png", v2, gen, format_is ("png"), ok },
    { "jpeg", v2, gen, format_is ("jpeg"), ok },
    { "webp", v2, gen, format_is ("webp"), ok },
    { "jpg", v2, gen, format_is ("jpg"), fails ("output_format", "jpg", rule) },
    { "PNG", v2, gen, format_is ("PNG"), fails ("output_format", "PNG", rule) },
    { "gif on unknown model", other, gen, format_is ("gif"), fails ("output_format", "gif", rule) },
  });
}

TEST (ValidateOptions, Background)
{
  auto bg = [] (const char *b, const char *f) {
    return [b, f] (ImageOptions &o) {
      o.background = b;
      o.output_format = f;
    };
  };
  run_option_rows ({
    { "2 opaque", v2, gen, bg ("opaque", "webp"), ok },
    { "2 auto", v2, gen, bg ("auto", "jpeg"), ok },
    { "bad word", v2, gen, bg ("clear", "png"),
      fails ("background", "clear", "must be transparent, opaque or auto") },
    { "2 transparent", v2, gen, bg ("transparent", "png"),
      fails ("background", "transparent", "gpt-image-2 does not support transparent backgrounds") },
    { "2 snapshot transparent", "gpt-image-2-2026-04-21", gen, bg ("transparent", "png"),
      fails ("background", "transparent", "does not support transparent") },
    { "2.5 transparent png", flare, gen, bg ("transparent", "png"), ok },
    { "2.5 transparent webp", flare, gen, bg ("transparent", "webp"), ok },
    { "2.5 transparent jpeg", flare, gen, bg ("transparent", "jpeg"),
      fails ("background", "transparent", "needs output_format png or webp, not jpeg") },
    { "2.6 transparent webp", v26, gen, bg ("transparent", "webp"), ok },
    { "1.5 transparent png", v15, gen, bg ("transparent", "png"), ok },
    { "mini transparent png", mini, gen, bg ("transparent", "png"), ok },
    { "unknown transparent png", other, gen, bg ("transparent", "png"), ok },
    { "unknown transparent jpeg", other, gen, bg ("transparent", "jpeg"),
      fails ("background", "transparent", "png or webp") },
  });
}

TEST (ValidateOptions, OutputCompression)
{
  auto comp = [] (int c, const char *f) {
    return [c, f] (ImageOptions &o) {
      o.output_compression = c;
      o.output_format = f;
    };
  };
  run_option_rows ({
    { "0 webp", v2, gen, comp (0, "webp"), ok },
    { "100 jpeg", v2, gen, comp (100, "jpeg"), ok },
    { "101", v2, gen, comp (101, "jpeg"), fails ("output_compression", "101", "from 0 to 100") },
    { "-1", v2, gen, comp (-1, "webp"), fails ("output_compression", "-1", "from 0 to 100") },
    { "png", v2, gen, comp (50, "png"),
      fails ("output_compression", "50", "only to output_format jpeg or webp, not png") },
  });
}

TEST (ValidateOptions, Moderation)
{
  auto mod = [] (const char *m) { return [m] (ImageOptions &o) { o.moderation = m; }; };
  run_option_rows ({
    { "low", v2, gen, mod ("low"), ok },
    { "auto", v2, gen, mod ("auto"), ok },
    { "high", v2, gen, mod ("high"), fails ("moderation", "high", "must be low or auto") },
  });
}

TEST (ValidateOptions, PartialImages)
{
  auto partial = [] (int p, bool stream) {
    return [p, stream] (ImageOptions &o) {
      o.partial_images = p;
      o.stream = stream;
    };
  };
  run_option_rows ({
    { "0 streamed", v2, gen, partial (0, true), ok },
    { "3 streamed", v2, gen, partial (3, true), ok },
    { "4", v2, gen, partial (4, true), fails ("partial_images", "4", "from 0 to 3") },
    { "-1", v2, gen, partial (-1, true), fails ("partial_images", "-1", "from 0 to 3") },
    { "without stream", v2, gen, partial (2, false),
      fails ("partial_images", "2", "applies only when stream is on") },
    { "responses without stream", v2, Route::responses, partial (1, false),
      fails ("partial_images", "1", "stream") },
  });
}

TEST (ValidateOptions, NAndStream)
{
  auto n_is = [] (int n, bool stream) {
    return [n, stream] (ImageOptions &o) {
      o.n = n;
      o.stream = stream;
    };
  };
  run_option_rows ({
    { "1", v2, gen, n_is (1, false), ok },
    { "10", v2, gen, n_is (10, false), ok },
    { "0", v2, gen, n_is (0, false), fails ("n", "0", "must be from 1 to 10") },
    { "11", v2, Route::edits, n_is (11, false), fails ("n", "11", "must be from 1 to 10") },
    { "stream n=1", v2, gen, n_is (1, true), ok },
    { "stream n=2 generations", v2, gen, n_is (2, true),
      fails ("n", "2", "streaming on the generations route needs n = 1") },
    { "stream n=3 edits", v2, Route::edits, n_is (3, true),
      fails ("n", "3", "streaming on the edits route needs n = 1") },
    { "responses ignores n", v2, Route::responses, n_is (0, true), ok },
    { "responses streams with n=2", v2, Route::responses, n_is (2, true), ok },
  });
}

TEST (ValidateOptions, ResponseFormat)
{
  auto rf = [] (const char *r) { return [r] (ImageOptions &o) { o.response_format = r; }; };
  run_option_rows ({
    { "gpt image b64_json", v2, gen, rf ("b64_json"),
      fails ("response_format", "b64_json", "GPT image models always return base64") },
    { "gpt image url", v15, Route::edits, rf ("url"), fails ("response_format", "url", "omit") },
    { "unknown gpt-image id", "gpt-image-9", gen, rf ("url"),
      fails ("response_format", "url", "GPT image") },
    { "other model url", "dall-e-3", gen, rf ("url"), ok },
    { "other model b64_json", other, gen, rf ("b64_json"), ok },
    { "other model xml", other, gen, rf ("xml"),
      fails ("response_format", "xml", "must be url or b64_json") },
    { "responses ignores it", v2, Route::responses, rf ("b64_json"), ok },
  });
}

TEST (ValidateOptions, InputFidelity)
{
  auto fid = [] (const char *f) { return [f] (ImageOptions &o) { o.input_fidelity = f; }; };
  const char *unsupported = "does not support input_fidelity";
  run_option_rows ({
    { "2 high", v2, Route::edits, fid ("high"),
      fails ("input_fidelity", "high", "gpt-image-2 does not support input_fidelity") },
    { "2 snapshot low", "gpt-image-2-2026-04-21", Route::edits, fid ("low"),
      fails ("input_fidelity", "low", unsupported) },
    { "2.5", flare, Route::edits, fid ("high"), fails ("input_fidelity", "high", unsupported) },
    { "2.6", v26, Route::edits, fid ("high"), fails ("input_fidelity", "high", unsupported) },
    { "mini", mini, Route::edits, fid ("high"),
      fails ("input_fidelity", "high", "gpt-image-1-mini does not support") },
    { "1.5 high", v15, Route::edits, fid ("high"), ok },
    { "1.5 low", v15, Route::responses, fid ("low"), ok },
    { "1.5 medium", v15, Route::edits, fid ("medium"),
      fails ("input_fidelity", "medium", "must be high or low") },
    { "unknown high", other, Route::edits, fid ("high"), ok },
    { "unknown max", other, Route::edits, fid ("max"),
      fails ("input_fidelity", "max", "must be high or low") },
  });
}

TEST (ValidateOptions, Complexity)
{
  auto cx = [] (const char *c) { return [c] (ImageOptions &o) { o.complexity = c; }; };
  run_option_rows ({
    { "2.6 low", v26, gen, cx ("low"), ok },
    { "2.6 flare high", "gpt-image-2.6-flare", gen, cx ("high"), ok },
    { "2.6 extreme", v26, gen, cx ("extreme"),
      fails ("complexity", "extreme", "must be low, medium or high") },
    { "2", v2, gen, cx ("low"),
      fails ("complexity", "low", "only gpt-image-2.6 models support complexity") },
    { "2.5", flare, gen, cx ("medium"), fails ("complexity", "medium", "gpt-image-2.6") },
    { "unknown", other, gen, cx ("low"), fails ("complexity", "low", "gpt-image-2.6") },
  });
}

TEST (ValidateOptions, ModelMustNotBeEmpty)
{
  check ("empty model", validate_image_options ({}, "", gen), fails ("model", "\"\"", "empty"));
}

TEST (ValidateOptions, UnknownModelWarns)
{
  std::vector<std::string> warnings;
  ASSERT_TRUE (validate_image_options ({}, other, gen, &warnings).ok ());
  ASSERT_EQ (warnings.size (), 1u);
  EXPECT_EQ (warnings[0],
             "model local-diffusion-xl is not in the capability table; only generic checks apply");
  warnings.clear ();
  ASSERT_TRUE (validate_image_options ({}, v2, gen, &warnings).ok ());
  EXPECT_TRUE (warnings.empty ());
}

TEST (ValidateOptions, DefaultsPassForEveryKnownModel)
{
  for (const char *model : { v2, flare, v26, v15, mini, other })
    {
      SCOPED_TRACE (model);
      EXPECT_TRUE (validate_image_options ({}, model, gen).ok ());
      EXPECT_TRUE (validate_image_options ({}, model, Route::edits).ok ());
      EXPECT_TRUE (validate_image_options ({}, model, Route::responses).ok ());
    }
}

// ---- prompt --------------------------------------------------------------------------------

TEST (ValidatePrompt, Rules)
{
  auto gen_with = [] (std::string prompt) {
    GenerationsParams p;
    p.model = v2;
    p.prompt = std::move (prompt);
    return validate_generations (p);
  };
  std::string e_acute = "\xc3\xa9";
  std::string many_e;
  for (int i = 0; i < 32000; ++i)
    many_e += e_acute;
  check ("plain", gen_with ("a red fox"), ok);
  check ("empty", gen_with (""), fails ("prompt", "\"\"", "must not be empty"));
  check ("blank", gen_with (" \n\t"), fails ("prompt", "", "must not be empty"));
  check ("32000 chars", gen_with (std::string (32000, 'a')), ok);
  check ("32001 chars", gen_with (std::string (32001, 'a')),
         fails ("prompt", "aaaa", "at most 32000 characters (it has 32001)"));
  // Characters, not bytes: 32,000 two-byte characters are fine.
  check ("32000 multibyte chars", gen_with (many_e), ok);
  check ("32001 multibyte chars", gen_with (many_e + e_acute),
         fails ("prompt", e_acute, "it has 32001"));
  check ("invalid UTF-8", gen_with ("bad \xff byte"), fails ("prompt", "bad ", "UTF-8"));
  check ("embedded NUL", gen_with (std::string ("a\0b", 3)), fails ("prompt", "a", "UTF-8"));
}

TEST (ValidatePrompt, LongValuesAreShortenedInMessages)
{
  GenerationsParams p;
  p.model = v2;
  p.prompt = std::string (40000, 'z');
  auto status = validate_generations (p);
  ASSERT_FALSE (status.ok ());
  EXPECT_LT (status.error ().message.size (), 300u);
}

TEST (ValidateGenerations, ChecksModelThenOptions)
{
  GenerationsParams p;
  p.prompt = "fox";
  check ("empty model", validate_generations (p), fails ("model", "\"\"", "must not be empty"));
  p.model = v2;
  p.image.size = "1000x1000";
  check ("options are checked", validate_generations (p), fails ("size", "1000x1000", "16"));
  p.image.size = "auto";
  std::vector<std::string> warnings;
  p.model = other;
  check ("unknown model", validate_generations (p, &warnings), ok);
  EXPECT_EQ (warnings.size (), 1u);
}

// ---- files ---------------------------------------------------------------------------------

class ValidateFiles : public ::testing::Test
{
protected:
  void SetUp () override
  {
    gchar *dir = g_dir_make_tmp ("validate-test-XXXXXX", nullptr);
    root_ = dir;
    g_free (dir);
    write_bytes (path ("image.png"), encoded (64, 48, ImageFormat::png));
    write_bytes (path ("image.jpg"), encoded (64, 48, ImageFormat::jpeg));
    write_bytes (path ("image.webp"), encoded (64, 48, ImageFormat::webp));
    write_bytes (path ("small.png"), encoded (32, 32, ImageFormat::png));
    write_bytes (path ("mask.png"), encoded (64, 48, ImageFormat::png));
    write_bytes (path ("mask-small.png"), encoded (32, 32, ImageFormat::png));
    write_bytes (path ("rgb.png"), rgb_png (64, 48));
    write_bytes (path ("png-content.jpg"), encoded (64, 48, ImageFormat::png));
    std::vector<std::uint8_t> text = { 'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '!' };
    write_bytes (path ("text.png"), text);
    auto png = encoded (64, 48, ImageFormat::png);
    png.resize (20); // the magic and half an IHDR
    write_bytes (path ("truncated.png"), png);
    write_bytes (path ("empty.png"), {});
    write_bytes (path ("cut-after-header.png"), png_cut_after_header (64, 48));
    write_bytes (path ("declares-30000.png"), png_cut_after_header (30000, 30000));
    write_bytes (path ("too-wide.png"), png_cut_after_header (16385, 16));
    write_bytes (path ("widest.png"), png_cut_after_header (16384, 16));
    write_bytes (path ("too-many-pixels.png"), png_cut_after_header (8193, 8192));
    write_bytes (path ("cut.jpg"), cut (noisy (256, 192, ImageFormat::jpeg)));
    write_bytes (path ("cut.webp"), cut (noisy (256, 192, ImageFormat::webp)));
    write_bytes (path ("corrupt.png"), corrupt_png (encoded (64, 48, ImageFormat::png)));
    fs::create_directories (path ("folder.png"));
    // Sparse files: 50 MB exactly is too big, one byte less is fine.
    write_bytes (path ("huge.png"), encoded (64, 48, ImageFormat::png));
    fs::resize_file (path ("huge.png"), kMaxImageFileBytes);
    write_bytes (path ("almost-huge.png"), encoded (64, 48, ImageFormat::png));
    fs::resize_file (path ("almost-huge.png"), kMaxImageFileBytes - 1);
  }
  void TearDown () override { fs::remove_all (root_); }

  std::string path (const char *name) const { return (root_ / name).string (); }

  EditsParams edits (std::vector<std::string> images, std::optional<std::string> mask = {})
  {
    EditsParams p;
    p.model = v2;
    p.prompt = "add a hat";
    p.images.assign (images.begin (), images.end ());
    p.mask = std::move (mask);
    return p;
  }

  // The same edit with images and mask as bytes in memory.
  EditsParams in_memory (std::vector<ImageSource> images, std::optional<ImageSource> mask = {})
  {
    EditsParams p = edits ({});
    p.images = std::move (images);
    p.mask = std::move (mask);
    return p;
  }

  ResponsesParams responses ()
  {
    ResponsesParams p;
    p.model = "gpt-5.4";
    p.input_texts = { "draw a fox" };
    return p;
  }

  fs::path root_;
};

TEST_F (ValidateFiles, TheHandMadeRgbPngHasNoAlpha)
{
  std::ifstream in (path ("rgb.png"), std::ios::binary);
  std::vector<char> bytes ((std::istreambuf_iterator<char> (in)), {});
  auto info = probe_image (bytes.data (), bytes.size ());
  ASSERT_TRUE (info.ok ());
  EXPECT_FALSE (info->has_alpha);
  EXPECT_TRUE (decode_image (bytes.data (), bytes.size ()).ok ());
}

TEST_F (ValidateFiles, EditImages)
{
  const std::string png = path ("image.png");
  std::vector<std::string> sixteen (16, png);
  std::vector<std::string> seventeen (17, png);
  struct Row
  {
    const char *name;
    EditsParams params;
    Expect expect;
  };
  const Row rows[] = {
    { "png", edits ({ png }), ok },
    { "jpeg", edits ({ path ("image.jpg") }), ok },
    { "webp", edits ({ path ("image.webp") }), ok },
    { "png content with a .jpg name", edits ({ path ("png-content.jpg") }), ok },
    { "sixteen images", edits (sixteen), ok },
    { "mixed formats", edits ({ png, path ("image.jpg"), path ("image.webp") }), ok },
    { "no images", edits ({}), fails ("image", "0 files", "edits need 1 to 16 images") },
    { "seventeen images", edits (seventeen), fails ("image", "17 files", "1 to 16") },
    { "missing file", edits ({ path ("missing.png") }),
      fails ("image", path ("missing.png"), "the file does not exist") },
    { "second image missing", edits ({ png, path ("missing.webp") }),
      fails ("image", path ("missing.webp"), "does not exist") },
    { "path below a file", edits ({ png + "/x.png" }),
      fails ("image", png + "/x.png", "cannot read the file") },
    { "folder", edits ({ path ("folder.png") }),
      fails ("image", path ("folder.png"), "is not a regular file") },
    { "text with a .png name", edits ({ path ("text.png") }),
      fails ("image", path ("text.png"), "not PNG, JPEG or WebP") },
    { "truncated png", edits ({ path ("truncated.png") }),
      fails ("image", path ("truncated.png"), "cannot read the image headers") },
    { "empty file", edits ({ path ("empty.png") }),
      fails ("image", path ("empty.png"), "the file is empty") },
    { "50 MB", edits ({ path ("huge.png") }),
      fails ("image", path ("huge.png"), "must be under 50 MB (it is 50.0 MB)") },
    { "just under 50 MB", edits ({ path ("almost-huge.png") }), ok },
  };
  for (const auto &row : rows)
    check (row.name, validate_edits (row.params), row.expect);
}

// Headers that read fine are not enough: the declared size is checked before decoding (a tiny
// file can declare gigabytes of pixels), then the whole image is decoded.
TEST_F (ValidateFiles, EditImagesAreDecodedInFull)
{
  const std::string png = path ("image.png");
  const char *broken = "the file is truncated or corrupt";
  struct Row
  {
    const char *name;
    EditsParams params;
    Expect expect;
  };
  const Row rows[] = {
    { "png cut after its header", edits ({ path ("cut-after-header.png") }),
      fails ("image", path ("cut-after-header.png"), broken) },
    { "second image cut after its header", edits ({ png, path ("cut-after-header.png") }),
      fails ("image", path ("cut-after-header.png"), broken) },
    { "cut jpeg", edits ({ path ("cut.jpg") }), fails ("image", path ("cut.jpg"), broken) },
    { "cut webp", edits ({ path ("cut.webp") }), fails ("image", path ("cut.webp"), broken) },
    { "png with a bad CRC", edits ({ path ("corrupt.png") }),
      fails ("image", path ("corrupt.png"), broken) },
    { "declares 30000x30000", edits ({ path ("declares-30000.png") }),
      fails ("image", path ("declares-30000.png"),
             "the image is 30000x30000; each edge must be at most 16384 pixels") },
    { "edge over the limit", edits ({ path ("too-wide.png") }),
      fails ("image", path ("too-wide.png"), "each edge must be at most 16384 pixels") },
    { "too many pixels", edits ({ path ("too-many-pixels.png") }),
      fails ("image", path ("too-many-pixels.png"),
             "the image is 8193x8192 (67,117,056 pixels); it must have at most 67,108,864 "
             "pixels") },
    // 16384 is allowed: this one gets as far as decoding.
    { "edge at the limit", edits ({ path ("widest.png") }),
      fails ("image", path ("widest.png"), broken) },
    { "mask cut after its header", edits ({ png }, path ("cut-after-header.png")),
      fails ("mask", path ("cut-after-header.png"), broken) },
    { "mask declares 30000x30000", edits ({ png }, path ("declares-30000.png")),
      fails ("mask", path ("declares-30000.png"), "at most 16384 pixels") },
  };
  for (const auto &row : rows)
    check (row.name, validate_edits (row.params), row.expect);
}

TEST_F (ValidateFiles, EditMask)
{
  const std::string png = path ("image.png");
  struct Row
  {
    const char *name;
    EditsParams params;
    Expect expect;
  };
  const Row rows[] = {
    { "matching mask", edits ({ png }, path ("mask.png")), ok },
    { "mask for a jpeg image", edits ({ path ("image.jpg") }, path ("mask.png")), ok },
    { "mask is jpeg", edits ({ png }, path ("image.jpg")),
      fails ("mask", path ("image.jpg"), "a mask must be a PNG file (this one is jpeg)") },
    { "mask is webp", edits ({ png }, path ("image.webp")),
      fails ("mask", path ("image.webp"), "must be a PNG") },
    { "mask without alpha", edits ({ png }, path ("rgb.png")),
      fails ("mask", path ("rgb.png"), "a mask must have an alpha channel") },
    { "mask size differs", edits ({ png }, path ("mask-small.png")),
      fails ("mask", path ("mask-small.png"),
             "the mask is 32x32 but the first image is 64x48; they must match") },
    { "mask matches the first image, not the second",
      edits ({ png, path ("small.png") }, path ("mask.png")), ok },
    { "mask measured against the first image",
      edits ({ path ("small.png"), png }, path ("mask.png")),
      fails ("mask", path ("mask.png"), "the first image is 32x32") },
    { "mask missing", edits ({ png }, path ("nope.png")),
      fails ("mask", path ("nope.png"), "does not exist") },
  };
  for (const auto &row : rows)
    check (row.name, validate_edits (row.params), row.expect);
}

// Bytes in memory (the plug-in's layers) follow the rules of files, without the file system.
TEST_F (ValidateFiles, EditImagesInMemory)
{
  auto bytes = [] (const char *name, std::vector<std::uint8_t> data) {
    return ImageSource::from_bytes (name, std::move (data));
  };
  const ImageSource png = bytes ("layer.png", encoded (64, 48, ImageFormat::png));
  const ImageSource jpeg = bytes ("ref.png", encoded (64, 48, ImageFormat::jpeg));
  const ImageSource webp = bytes ("ref", encoded (32, 32, ImageFormat::webp));
  const ImageSource mask = bytes ("mask.png", encoded (64, 48, ImageFormat::png));
  auto truncated = encoded (64, 48, ImageFormat::png);
  truncated.resize (20);
  // 50 MB exactly is too big, one byte less is fine (zeros after a real PNG).
  auto huge = encoded (64, 48, ImageFormat::png);
  huge.resize (kMaxImageFileBytes);
  auto almost_huge = huge;
  almost_huge.resize (kMaxImageFileBytes - 1);
  std::vector<ImageSource> seventeen (17, png);

  struct Row
  {
    const char *name;
    EditsParams params;
    Expect expect;
  };
  const Row rows[] = {
    { "png with mask", in_memory ({ png }, mask), ok },
    { "any format by content, not name", in_memory ({ jpeg, webp }), ok },
    { "mixed with a file", in_memory ({ png, path ("image.webp") }, mask), ok },
    { "in-memory mask on a file image", in_memory ({ path ("image.png") }, mask), ok },
    { "seventeen", in_memory (seventeen), fails ("image", "17 files", "1 to 16") },
    { "empty", in_memory ({ bytes ("empty.png", {}) }),
      fails ("image", "empty.png", "the image data is empty") },
    { "text", in_memory ({ png, bytes ("notes.png", { 'h', 'e', 'l', 'l', 'o' }) }),
      fails ("image", "notes.png", "not PNG, JPEG or WebP") },
    { "truncated", in_memory ({ bytes ("cut.png", truncated) }),
      fails ("image", "cut.png", "cannot read the image headers") },
    { "50 MB", in_memory ({ bytes ("huge.png", std::move (huge)) }),
      fails ("image", "huge.png", "must be under 50 MB (it is 50.0 MB)") },
    { "just under 50 MB", in_memory ({ bytes ("almost.png", std::move (almost_huge)) }), ok },
    { "mask is jpeg", in_memory ({ png }, bytes ("mask.png", encoded (64, 48, ImageFormat::jpeg))),
      fails ("mask", "mask.png", "a mask must be a PNG file (this one is jpeg)") },
    { "mask without alpha", in_memory ({ png }, bytes ("mask.png", rgb_png (64, 48))),
      fails ("mask", "mask.png", "a mask must have an alpha channel") },
    { "mask size differs", in_memory ({ png }, bytes ("mask.png", encoded (64, 32, ImageFormat::png))),
      fails ("mask", "mask.png", "the mask is 64x32 but the first image is 64x48") },
    { "mask measured against the first image", in_memory ({ webp, png }, mask),
      fails ("mask", "mask.png", "the first image is 32x32") },
    { "empty mask", in_memory ({ png }, bytes ("mask.png", {})),
      fails ("mask", "mask.png", "the image data is empty") },
    { "cut after the header", in_memory ({ bytes ("layer.png", png_cut_after_header (64, 48)) }),
      fails ("image", "layer.png", "the image data is truncated or corrupt") },
    { "cut jpeg", in_memory ({ bytes ("ref.jpg", cut (noisy (256, 192, ImageFormat::jpeg))) }),
      fails ("image", "ref.jpg", "truncated or corrupt") },
    { "declares 30000x30000",
      in_memory ({ bytes ("layer.png", png_cut_after_header (30000, 30000)) }),
      fails ("image", "layer.png", "each edge must be at most 16384 pixels") },
    { "mask cut after the header",
      in_memory ({ png }, bytes ("mask.png", png_cut_after_header (64, 48))),
      fails ("mask", "mask.png", "the image data is truncated or corrupt") },
  };
  for (const auto &row : rows)
    check (row.name, validate_edits (row.params), row.expect);
}

TEST_F (ValidateFiles, EditsCheckPromptAndOptionsFirst)
{
  EditsParams p = edits ({ path ("missing.png") });
  p.prompt = "";
  check ("prompt before files", validate_edits (p), fails ("prompt", "\"\"", "empty"));
  p.prompt = "hat";
  p.image.stream = true;
  p.image.n = 2;
  check ("stream with n>1 on edits", validate_edits (p), fails ("n", "2", "n = 1"));
  p.image.stream = false;
  p.image.n = 1;
  p.model = "";
  check ("model", validate_edits (p), fails ("model", "\"\"", "empty"));
}

// ---- responses -----------------------------------------------------------------------------

TEST_F (ValidateFiles, ResponsesModelAndText)
{
  struct Row
  {
    const char *name;
    std::function<void (ResponsesParams &)> set;
    Expect expect;
  };
  const std::vector<Row> rows = {
    { "defaults", [] (ResponsesParams &) {}, ok },
    { "image model on top", [] (ResponsesParams &p) { p.model = "gpt-image-2"; },
      fails ("model", "gpt-image-2", "cannot be the top-level Responses model") },
    { "chatgpt image model on top", [] (ResponsesParams &p) { p.model = "chatgpt-image-latest"; },
      fails ("model", "chatgpt-image-latest", "top-level") },
    { "empty model", [] (ResponsesParams &p) { p.model = ""; },
      fails ("model", "\"\"", "must not be empty") },
    { "no input text", [] (ResponsesParams &p) { p.input_texts.clear (); },
      fails ("input_text", "\"\"", "at least one input text is required") },
    { "empty input text", [] (ResponsesParams &p) { p.input_texts.push_back (""); },
      fails ("input_text", "\"\"", "must not be empty") },
    { "long input text", [] (ResponsesParams &p) { p.input_texts = { std::string (32001, 'q') }; },
      fails ("input_text", "qqq", "at most 32000") },
    { "two texts", [] (ResponsesParams &p) { p.input_texts.push_back ("in watercolour"); }, ok },
    { "n is not part of responses", [] (ResponsesParams &p) { p.image.n = 0; }, ok },
  };
  for (const auto &row : rows)
    {
      ResponsesParams p = responses ();
      row.set (p);
      check (row.name, validate_responses (p), row.expect);
    }
}

TEST_F (ValidateFiles, ResponsesToolChoiceMetadataAndAction)
{
  std::string seventeen_keys = "{";
  for (int i = 0; i < 17; ++i)
    seventeen_keys += (i ? ",\"k" : "\"k") + std::to_string (i) + "\":\"v\"";
  seventeen_keys += "}";
  const std::string long_key = "{\"" + std::string (65, 'k') + "\":\"v\"}";
  const std::string long_value = "{\"k\":\"" + std::string (513, 'v') + "\"}";
  const char *choice_rule = "must be auto, required, none, image_generation or a JSON object";
  struct Row
  {
    const char *name;
    std::function<void (ResponsesParams &)> set;
    Expect expect;
  };
  auto tool_choice = [] (std::string c) {
    return [c] (ResponsesParams &p) { p.image.tool_choice = c; };
  };
  auto metadata = [] (std::string m) {
    return [m] (ResponsesParams &p) { p.image.metadata = m; };
  };
  auto action = [] (const char *a) { return [a] (ResponsesParams &p) { p.image.action = a; }; };
  const std::vector<Row> rows = {
    { "tool_choice auto", tool_choice ("auto"), ok },
    { "tool_choice required", tool_choice ("required"), ok },
    { "tool_choice none", tool_choice ("none"), ok },
    { "tool_choice image_generation", tool_choice ("image_generation"), ok },
    { "tool_choice object", tool_choice ("{\"type\": \"image_generation\"}"), ok },
    { "tool_choice word", tool_choice ("always"), fails ("tool_choice", "always", choice_rule) },
    { "tool_choice array", tool_choice ("[1]"), fails ("tool_choice", "[1]", choice_rule) },
    { "tool_choice JSON string", tool_choice ("\"auto\""),
      fails ("tool_choice", "auto", choice_rule) },
    { "tool_choice broken JSON", tool_choice ("{\"type\":"),
      fails ("tool_choice", "{\"type\":", "is not a valid JSON object") },
    { "metadata object", metadata ("{\"job\": \"42\"}"), ok },
    { "metadata empty object", metadata ("{}"), ok },
    { "metadata array", metadata ("[]"), fails ("metadata", "[]", "must be a JSON object") },
    { "metadata broken", metadata ("{"), fails ("metadata", "{", "must be a JSON object") },
    { "metadata number value", metadata ("{\"n\": 1}"),
      fails ("metadata", "{\"n\": 1}", "the value of \"n\" must be a string") },
    { "metadata 17 keys", metadata (seventeen_keys),
      fails ("metadata", "{\"k0\"", "at most 16 keys") },
    { "metadata long key", metadata (long_key),
      fails ("metadata", "kkkk", "keys must be at most 64 characters") },
    { "metadata long value", metadata (long_value),
      fails ("metadata", "vvvv", "values must be at most 512 characters") },
    { "action auto", action ("auto"), ok },
    { "action generate", action ("generate"), ok },
    { "action paint", action ("paint"),
      fails ("action", "paint", "must be auto, generate or edit") },
    { "action edit without image", action ("edit"),
      fails ("action", "edit", "edit needs an input image or a previous_response_id") },
    { "action edit with previous response",
      [] (ResponsesParams &p) {
        p.image.action = "edit";
        p.image.previous_response_id = "resp_1";
      },
      ok },
    { "action edit with an image",
      [] (ResponsesParams &p) {
        p.image.action = "edit";
        p.input_images.push_back ({ InputImageRef::Kind::file_id, "file-1" });
      },
      ok },
  };
  for (const auto &row : rows)
    {
      ResponsesParams p = responses ();
      row.set (p);
      check (row.name, validate_responses (p), row.expect);
    }
}

TEST_F (ValidateFiles, ResponsesToolModelRules)
{
  struct Row
  {
    const char *name;
    std::function<void (ResponsesParams &)> set;
    Expect expect;
  };
  const std::vector<Row> rows = {
    { "default tool model rejects input_fidelity",
      [] (ResponsesParams &p) { p.image.input_fidelity = "high"; },
      fails ("input_fidelity", "high", "gpt-image-2 does not support input_fidelity") },
    { "empty tool model means the default",
      [] (ResponsesParams &p) {
        p.tool_model = "";
        p.image.input_fidelity = "high";
      },
      fails ("input_fidelity", "high", "gpt-image-2") },
    { "1.5 tool model allows input_fidelity",
      [] (ResponsesParams &p) {
        p.tool_model = "gpt-image-1.5";
        p.image.input_fidelity = "high";
      },
      ok },
    { "default tool model checks sizes",
      [] (ResponsesParams &p) { p.image.size = "1000x1000"; },
      fails ("size", "1000x1000", "multiples of 16") },
    { "default tool model rejects transparent",
      [] (ResponsesParams &p) { p.image.background = "transparent"; },
      fails ("background", "transparent", "gpt-image-2 does not support") },
    { "2.5 tool model allows transparent",
      [] (ResponsesParams &p) {
        p.tool_model = "gpt-image-2.5-sunburst";
        p.image.background = "transparent";
        p.image.output_format = "png";
      },
      ok },
    { "1.5 tool model has fixed sizes",
      [] (ResponsesParams &p) {
        p.tool_model = "gpt-image-1.5";
        p.image.size = "2048x2048";
      },
      fails ("size", "2048x2048", "gpt-image-1.5 supports only") },
    { "response_format does not apply",
      [] (ResponsesParams &p) { p.image.response_format = "b64_json"; }, ok },
  };
  for (const auto &row : rows)
    {
      ResponsesParams p = responses ();
      row.set (p);
      check (row.name, validate_responses (p), row.expect);
    }

  std::vector<std::string> warnings;
  ResponsesParams p = responses ();
  p.tool_model = "someone-elses-image-model";
  EXPECT_TRUE (validate_responses (p, &warnings).ok ());
  ASSERT_EQ (warnings.size (), 1u);
  EXPECT_NE (warnings[0].find ("someone-elses-image-model"), std::string::npos);
  // The top-level model is never looked up in the image table.
  warnings.clear ();
  EXPECT_TRUE (validate_responses (responses (), &warnings).ok ());
  EXPECT_TRUE (warnings.empty ());
}

TEST_F (ValidateFiles, ResponsesInputImagesAndMask)
{
  using Kind = InputImageRef::Kind;
  struct Row
  {
    const char *name;
    std::vector<InputImageRef> images;
    std::optional<InputImageRef> mask;
    Expect expect;
  };
  const std::string png = path ("image.png");
  const std::vector<Row> rows = {
    { "file", { { Kind::file, png } }, {}, ok },
    { "jpeg file", { { Kind::file, path ("image.jpg") } }, {}, ok },
    { "missing file", { { Kind::file, path ("nope.png") } }, {},
      fails ("input_image", path ("nope.png"), "does not exist") },
    { "text file", { { Kind::file, path ("text.png") } }, {},
      fails ("input_image", path ("text.png"), "not PNG, JPEG or WebP") },
    { "huge file", { { Kind::file, path ("huge.png") } }, {},
      fails ("input_image", path ("huge.png"), "under 50 MB") },
    { "https url", { { Kind::url, "https://example.test/a.png" } }, {}, ok },
    { "http url", { { Kind::url, "HTTP://example.test/a.png" } }, {}, ok },
    { "ftp url", { { Kind::url, "ftp://example.test/a.png" } }, {},
      fails ("input_image_url", "ftp://example.test/a.png", "must be an http:// or https:// URL") },
    { "url without host", { { Kind::url, "https://" } }, {},
      fails ("input_image_url", "https://", "http://") },
    { "data url",
      { { Kind::data_url, data_url ("image/png", encoded (64, 48, ImageFormat::png)) } }, {}, ok },
    { "data url not an image", { { Kind::data_url, "data:text/plain;base64,aGk=" } }, {},
      fails ("input_image_data_url", "data:text/plain", "data:image/...;base64,...") },
    { "data url not base64", { { Kind::data_url, "data:image/png,rawbytes" } }, {},
      fails ("input_image_data_url", "data:image/png,rawbytes", "base64") },
    { "data url without data", { { Kind::data_url, "data:image/png;base64," } }, {},
      fails ("input_image_data_url", "data:image/png;base64,", "base64") },
    { "file id", { { Kind::file_id, "file-abc" } }, {}, ok },
    { "empty file id", { { Kind::file_id, "" } }, {},
      fails ("input_image_file_id", "\"\"", "must not be empty") },
    { "mask file", { { Kind::file, png } }, InputImageRef{ Kind::file, path ("mask.png") }, ok },
    { "mask jpeg", { { Kind::file, png } }, InputImageRef{ Kind::file, path ("image.jpg") },
      fails ("mask", path ("image.jpg"), "must be a PNG") },
    { "mask without alpha", { { Kind::file, png } }, InputImageRef{ Kind::file, path ("rgb.png") },
      fails ("mask", path ("rgb.png"), "alpha channel") },
    { "mask url", { { Kind::file, png } }, InputImageRef{ Kind::url, "https://h/m.png" }, ok },
    { "mask bad url", { { Kind::file, png } }, InputImageRef{ Kind::url, "h/m.png" },
      fails ("mask_url", "h/m.png", "http") },
    { "mask file id", { { Kind::file, png } }, InputImageRef{ Kind::file_id, "file-m" }, ok },
    { "mask empty file id", { { Kind::file, png } }, InputImageRef{ Kind::file_id, "" },
      fails ("mask_file_id", "\"\"", "must not be empty") },
  };
  for (const auto &row : rows)
    {
      ResponsesParams p = responses ();
      p.input_images = row.images;
      p.mask = row.mask;
      check (row.name, validate_responses (p), row.expect);
    }
}

// Local files and data: URLs (the plug-in sends layers as data: URLs) get the checks of the
// edits route: decoded in full, within the size limits, and a mask that is a PNG with alpha of
// the first image's size whenever that size is known.
TEST_F (ValidateFiles, ResponsesImagesAreDecodedInFullAndMasksFollowTheEditRules)
{
  using Kind = InputImageRef::Kind;
  struct Row
  {
    const char *name;
    std::vector<InputImageRef> images;
    std::optional<InputImageRef> mask;
    Expect expect;
  };
  const InputImageRef png{ Kind::file, path ("image.png") };
  const InputImageRef png_url{ Kind::data_url,
                               data_url ("image/png", encoded (64, 48, ImageFormat::png)) };
  const InputImageRef web_url{ Kind::url, "https://example.test/a.png" };
  auto url_of = [] (const char *mime, std::vector<std::uint8_t> bytes) {
    return InputImageRef{ Kind::data_url, data_url (mime, bytes) };
  };
  auto file = [this] (const char *name) { return InputImageRef{ Kind::file, path (name) }; };
  const char *broken = "the file is truncated or corrupt";
  const char *broken_data = "the image data is truncated or corrupt";
  const std::string png_prefix = "data:image/png;base64,";
  const std::vector<Row> rows = {
    { "file cut after its header", { file ("cut-after-header.png") }, {},
      fails ("input_image", path ("cut-after-header.png"), broken) },
    { "cut jpeg file", { png, file ("cut.jpg") }, {},
      fails ("input_image", path ("cut.jpg"), broken) },
    { "file declares 30000x30000", { file ("declares-30000.png") }, {},
      fails ("input_image", path ("declares-30000.png"),
             "the image is 30000x30000; each edge must be at most 16384 pixels") },
    { "data url of a webp", { url_of ("image/webp", encoded (64, 48, ImageFormat::webp)) }, {},
      ok },
    { "data url cut after its header", { url_of ("image/png", png_cut_after_header (64, 48)) }, {},
      fails ("input_image_data_url", png_prefix, broken_data) },
    { "data url of a cut jpeg",
      { url_of ("image/jpeg", cut (noisy (256, 192, ImageFormat::jpeg))) }, {},
      fails ("input_image_data_url", "data:image/jpeg;base64,", broken_data) },
    { "data url declares 30000x30000",
      { url_of ("image/png", png_cut_after_header (30000, 30000)) }, {},
      fails ("input_image_data_url", png_prefix, "each edge must be at most 16384 pixels") },
    { "data url of text", { url_of ("image/png", { 'h', 'e', 'l', 'l', 'o', '!' }) }, {},
      fails ("input_image_data_url", png_prefix, "not PNG, JPEG or WebP") },
    { "data url with characters outside base64", { { Kind::data_url, png_prefix + "iVBO*w0K" } },
      {}, fails ("input_image_data_url", png_prefix, "not valid base64") },
    { "data url with a bad length", { { Kind::data_url, png_prefix + "iVBORw0KG" } }, {},
      fails ("input_image_data_url", png_prefix, "not valid base64") },
    { "mask file cut after its header", { png }, file ("cut-after-header.png"),
      fails ("mask", path ("cut-after-header.png"), broken) },
    { "mask file of another size", { png }, file ("mask-small.png"),
      fails ("mask", path ("mask-small.png"),
             "the mask is 32x32 but the first image is 64x48; they must match") },
    { "mask file against a data url image", { png_url }, file ("mask-small.png"),
      fails ("mask", path ("mask-small.png"), "the first image is 64x48") },
    { "mask measured against the first image", { file ("small.png"), png }, file ("mask.png"),
      fails ("mask", path ("mask.png"), "the first image is 32x32") },
    { "mask of an image whose size is unknown", { web_url }, file ("mask-small.png"), ok },
    { "mask without images", {}, file ("mask-small.png"), ok },
    { "mask data url", { png }, url_of ("image/png", encoded (64, 48, ImageFormat::png)), ok },
    { "mask data url over a data url image", { png_url },
      url_of ("image/png", encoded (64, 48, ImageFormat::png)), ok },
    { "mask data url of another size", { png_url },
      url_of ("image/png", encoded (64, 32, ImageFormat::png)),
      fails ("mask_data_url", png_prefix, "the mask is 64x32 but the first image is 64x48") },
    { "mask data url is jpeg", { png }, url_of ("image/jpeg", encoded (64, 48, ImageFormat::jpeg)),
      fails ("mask_data_url", "data:image/jpeg;base64,", "a mask must be a PNG file") },
    { "mask data url without alpha", { png }, url_of ("image/png", rgb_png (64, 48)),
      fails ("mask_data_url", png_prefix, "a mask must have an alpha channel") },
    { "mask data url cut after its header", { png },
      url_of ("image/png", png_cut_after_header (64, 48)),
      fails ("mask_data_url", png_prefix, broken_data) },
  };
  for (const auto &row : rows)
    {
      ResponsesParams p = responses ();
      p.input_images = row.images;
      p.mask = row.mask;
      check (row.name, validate_responses (p), row.expect);
    }
}
