// Drives the real `gpt-image` binary against the test server over real HTTP on loopback.
#include "bad-values.h"
#include "forward-proxy.h"
#include "faults.h"
#include "test-server.h"

#include "gptimage/cost.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/image-codec.h"
#include "gptimage/image-usage.h"
#include "gptimage/provenance.h"

#include <gtest/gtest.h>

#include <glib/gstdio.h>

#include <algorithm>
#include <optional>
#include <csignal>
#include <cstring>
#include <set>
#include <fstream>
#include <sstream>

// wait4: the only way to read one child's peak memory (Linux and the BSDs; the test suite runs
// on Linux).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace gptimage;
using gptimage::testing::Fault;
using gptimage::testing::ForwardProxy;
using gptimage::testing::FaultKind;
using gptimage::testing::kHostileText;
using gptimage::testing::TestServer;

namespace {

constexpr const char *kApiKey = "fake-key-for-cli-tests-SECRET-0123456789";

struct RunResult
{
  int exit_code = -1; // 128 + the signal when a signal ended the process
  bool killed_by_signal = false;
  std::string out;
  std::string err;
};

// A run the test steers while it goes on: it reads stderr line by line.
struct LiveRun
{
  ObjectPtr<GSubprocess> process;
  ObjectPtr<GDataInputStream> err;
  std::string err_text;
};

std::string
read_file (const std::string &path)
{
  std::ifstream in (path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf ();
  return ss.str ();
}

bool
file_exists (const std::string &path)
{
  return g_file_test (path.c_str (), G_FILE_TEST_IS_REGULAR);
}

ImageInfo
image_info_of (const std::string &path)
{
  std::string bytes = read_file (path);
  auto info = probe_image (bytes.data (), bytes.size ());
  EXPECT_TRUE (info.ok ()) << path;
  return info.ok () ? info.value () : ImageInfo {};
}

bool
decodes (const std::string &path)
{
  std::string bytes = read_file (path);
  return !bytes.empty () && decode_image (bytes.data (), bytes.size ()).ok ();
}

// The names in `folder`; temporary files of the atomic writer start with a dot.
std::vector<std::string>
entries_of (const std::string &folder)
{
  std::vector<std::string> names;
  GDir *dir = g_dir_open (folder.c_str (), 0, nullptr);
  if (!dir)
    return names;
  while (const char *name = g_dir_read_name (dir))
    names.push_back (name);
  g_dir_close (dir);
  std::sort (names.begin (), names.end ());
  return names;
}

bool
contains (const std::string &text, const std::string &part)
{
  return text.find (part) != std::string::npos;
}

JsonNodePtr
parse_json (const std::string &text)
{
  ErrorOut error;
  JsonNodePtr node (json_from_string (text.c_str (), error.out ()));
  EXPECT_TRUE (node) << error.message () << "\n" << text.substr (0, 400);
  return node;
}

// A key that no test writes anywhere on purpose: finding it anywhere means it leaked.
constexpr const char *kCanaryKey = "fake-key-CANARY-d1st1nct-4e7b9c01";

// `text` as a JSON reader would read it back, line breaks dropped: \u00XX and \/ escapes and
// raw or escaped line breaks must not hide a key from the search.
std::string
read_back (const std::string &text)
{
  std::string out;
  for (std::size_t i = 0; i < text.size (); ++i)
    {
      char c = text[i];
      if (c == '\n' || c == '\r')
        continue;
      if (c == '\\' && i + 1 < text.size ())
        {
          char next = text[i + 1];
          if (next == 'n' || next == 'r')
            {
              ++i;
              continue;
            }
          if (next == '/' || next == '\\' || next == '"')
            {
              out += next;
              ++i;
              continue;
            }
          if (next == 'u' && i + 5 < text.size ())
            {
              gint64 code = g_ascii_strtoll (text.substr (i + 2, 4).c_str (), nullptr, 16);
              if (code > 0 && code < 0x80)
                {
                  out += static_cast<char> (code);
                  i += 5;
                  continue;
                }
            }
        }
      out += c;
    }
  return out;
}

bool
holds_key (const std::string &text, const std::string &key)
{
  return contains (text, key) || contains (read_back (text), key);
}

// Every regular file under `folder`, hidden ones included.
void
files_under (const std::string &folder, std::vector<std::string> &files)
{
  GDir *dir = g_dir_open (folder.c_str (), 0, nullptr);
  if (!dir)
    return;
  while (const char *name = g_dir_read_name (dir))
    {
      std::string child = folder + "/" + name;
      if (g_file_test (child.c_str (), G_FILE_TEST_IS_SYMLINK))
        files.push_back (child);
      else if (g_file_test (child.c_str (), G_FILE_TEST_IS_DIR))
        files_under (child, files);
      else
        files.push_back (child);
    }
  g_dir_close (dir);
}

class CliTest : public ::testing::Test
{
protected:
  void SetUp () override
  {
    ASSERT_NE (g_getenv ("GPT_IMAGE_BIN"), nullptr) << "run through meson test";
    server_ = TestServer::start ({ kApiKey });
    ASSERT_TRUE (server_);
    CharPtr dir (g_dir_make_tmp ("gpt-image-cli-XXXXXX", nullptr));
    workdir_ = dir.get ();
    config_home_ = workdir_ + "/config-home";
  }

  void TearDown () override
  {
    std::string command = "rm -rf '" + workdir_ + "'";
    ASSERT_EQ (system (command.c_str ()), 0);
  }

  std::string path (const std::string &relative) const { return workdir_ + "/" + relative; }

  // A clean environment: nothing from the developer's own OPENAI_* settings leaks in.
  StrvPtr environment (bool with_key) const
  {
    std::vector<std::string> env = {
      "PATH=/usr/bin:/bin",
      "HOME=" + workdir_,
      "XDG_CONFIG_HOME=" + config_home_,
      "OPENAI_BASE_URL=" + server_->base_url (),
      "GIO_USE_PROXY_RESOLVER=dummy",
      "no_proxy=*",
      "LC_ALL=C.UTF-8",
    };
    if (with_key)
      env.push_back (std::string ("OPENAI_API_KEY=") + kApiKey);
    // A sanitizer build's settings (suppressions, halting on the first error) hold for the
    // binary under test too.
    for (const char *name : { "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS" })
      if (const char *value = g_getenv (name))
        env.push_back (std::string (name) + "=" + value);
    for (const auto &extra : extra_env_)
      {
        // An extra replaces a variable of the same name (getenv finds the first).
        const std::string name = extra.substr (0, extra.find ('=') + 1);
        std::erase_if (env, [&] (const std::string &e) { return e.starts_with (name); });
        env.push_back (extra);
      }
    gchar **strv = g_new0 (gchar *, env.size () + 1);
    for (std::size_t i = 0; i < env.size (); ++i)
      strv[i] = g_strdup (env[i].c_str ());
    return StrvPtr (strv);
  }

  ObjectPtr<GSubprocessLauncher> launcher (bool with_key, bool stdin_pipe = false) const
  {
    ObjectPtr<GSubprocessLauncher> launcher (g_subprocess_launcher_new (
        static_cast<GSubprocessFlags> (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE
                                       | (stdin_pipe ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0))));
    StrvPtr env = environment (with_key);
    g_subprocess_launcher_set_environ (launcher.get (), env.get ());
    g_subprocess_launcher_set_cwd (launcher.get (), workdir_.c_str ());
    return launcher;
  }

  // The pointers point into `args`, which must outlive them: a temporary cannot be passed.
  static std::vector<const char *> argv_of (const std::vector<std::string> &args)
  {
    static const char *binary = g_getenv ("GPT_IMAGE_BIN");
    std::vector<const char *> argv { binary };
    for (const auto &a : args)
      argv.push_back (a.c_str ());
    argv.push_back (nullptr);
    return argv;
  }
  static std::vector<const char *> argv_of (const std::vector<std::string> &&args) = delete;

  // `input`: what the command reads on its standard input.
  RunResult run (const std::vector<std::string> &args, bool with_key = true,
                 const std::optional<std::string> &input = std::nullopt) const
  {
    auto argv = argv_of (args);
    ErrorOut error;
    ObjectPtr<GSubprocess> process (g_subprocess_launcher_spawnv (
        launcher (with_key, input.has_value ()).get (), argv.data (), error.out ()));
    EXPECT_TRUE (process) << error.message ();
    RunResult result;
    if (!process)
      return result;
    gchar *out = nullptr, *err = nullptr;
    g_subprocess_communicate_utf8 (process.get (), input ? input->c_str () : nullptr, nullptr,
                                   &out, &err, error.out ());
    result.out = take_string (out);
    result.err = take_string (err);
    return ended (process.get (), std::move (result));
  }

  static RunResult ended (GSubprocess *process, RunResult result)
  {
    result.killed_by_signal = !g_subprocess_get_if_exited (process);
    result.exit_code = result.killed_by_signal ? 128 + g_subprocess_get_term_sig (process)
                                               : g_subprocess_get_exit_status (process);
    // The key must never be printed, whatever happened.
    EXPECT_EQ (result.out.find (kApiKey), std::string::npos);
    EXPECT_EQ (result.err.find (kApiKey), std::string::npos);
    return result;
  }

  LiveRun start (const std::vector<std::string> &args) const
  {
    auto argv = argv_of (args);
    ErrorOut error;
    LiveRun live;
    live.process.reset (
        g_subprocess_launcher_spawnv (launcher (true).get (), argv.data (), error.out ()));
    EXPECT_TRUE (live.process) << error.message ();
    if (live.process)
      live.err.reset (g_data_input_stream_new (g_subprocess_get_stderr_pipe (live.process.get ())));
    return live;
  }

  // Reads stderr until a line contains `marker`; false when stderr ended first.
  static bool wait_for_line (LiveRun &live, const std::string &marker)
  {
    while (live.err)
      {
        CharPtr line (
            g_data_input_stream_read_line_utf8 (live.err.get (), nullptr, nullptr, nullptr));
        if (!line)
          return false;
        live.err_text += std::string (line.get ()) + "\n";
        if (std::strstr (line.get (), marker.c_str ()))
          return true;
      }
    return false;
  }

  // The rest of stderr, all of stdout (small: a summary), and how the process ended.
  static RunResult finish (LiveRun &live)
  {
    RunResult result;
    if (!live.process)
      return result;
    while (wait_for_line (live, "\n")) // no line holds a newline: reads to the end
      ;
    result.err = live.err_text;
    GInputStream *out = g_subprocess_get_stdout_pipe (live.process.get ());
    char buffer[4096];
    gssize n;
    while ((n = g_input_stream_read (out, buffer, sizeof buffer, nullptr, nullptr)) > 0)
      result.out.append (buffer, static_cast<std::size_t> (n));
    ErrorOut error;
    EXPECT_TRUE (g_subprocess_wait (live.process.get (), nullptr, error.out ()))
        << error.message ();
    return ended (live.process.get (), std::move (result));
  }

  void write_image (const std::string &relative, int width, int height, ImageFormat format,
                    bool with_transparent_hole = false) const
  {
    RgbaImage image;
    image.width = width;
    image.height = height;
    image.pixels.resize (static_cast<std::size_t> (width) * height * 4);
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x)
        {
          auto *p = image.pixel (x, y);
          p[0] = static_cast<std::uint8_t> (x * 7);
          p[1] = static_cast<std::uint8_t> (y * 5);
          p[2] = static_cast<std::uint8_t> (x ^ y);
          bool hole = with_transparent_hole && x >= width / 4 && x < width / 2
                      && y >= height / 4 && y < height / 2;
          p[3] = hole ? 0 : 255;
        }
    auto encoded = encode_image (image, format, 100);
    ASSERT_TRUE (encoded.ok ());
    std::string full = path (relative);
    CharPtr dir (g_path_get_dirname (full.c_str ()));
    g_mkdir_with_parents (dir.get (), 0755);
    ASSERT_TRUE (g_file_set_contents (full.c_str (),
                                      reinterpret_cast<const char *> (encoded->data ()),
                                      static_cast<gssize> (encoded->size ()), nullptr));
  }

  JsonNodePtr recorded_json (std::size_t index) const
  {
    auto requests = server_->requests ();
    EXPECT_GT (requests.size (), index);
    if (requests.size () <= index)
      return nullptr;
    return parse_json (requests[index].body);
  }

  std::unique_ptr<TestServer> server_;
  std::string workdir_;
  std::string config_home_;
  std::vector<std::string> extra_env_;
};

std::string
member_string (JsonNode *node, const char *name)
{
  JsonObject *object = json_node_get_object (node);
  if (!json_object_has_member (object, name))
    return "<absent>";
  JsonNode *member = json_object_get_member (object, name);
  if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    return json_node_get_string (member);
  return take_string (json_to_string (member, FALSE));
}

// Raw control characters other than line feeds: C0 (ESC, BEL, CR, ...), DEL and C1 in UTF-8.
int
raw_controls (const std::string &text)
{
  int count = 0;
  for (std::size_t i = 0; i < text.size (); ++i)
    {
      auto c = static_cast<unsigned char> (text[i]);
      auto next = i + 1 < text.size () ? static_cast<unsigned char> (text[i + 1]) : 0;
      if ((c < 0x20 && c != '\n') || c == 0x7f || (c == 0xc2 && next >= 0x80 && next <= 0x9f))
        ++count;
    }
  return count;
}

std::uint32_t
crc32_of (const std::string &bytes, std::size_t start, std::size_t length)
{
  std::uint32_t crc = 0xffffffffu;
  for (std::size_t i = start; i < start + length; ++i)
    {
      crc ^= static_cast<unsigned char> (bytes[i]);
      for (int k = 0; k < 8; ++k)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return ~crc;
}

void
put_be32_at (std::string &bytes, std::size_t at, std::uint32_t value)
{
  for (int i = 0; i < 4; ++i)
    bytes[at + i] = static_cast<char> (value >> (24 - 8 * i));
}

// A PNG (libpng writes the IHDR right after the signature) cut just after the header: the
// signature, the IHDR and the start of the first IDAT. Its headers read fine.
std::string
png_cut_after_header (const std::string &png)
{
  return png.substr (0, 8 + 25 + 8 + 2);
}

// The same PNG with an IHDR that declares other dimensions (and a CRC to match).
std::string
png_declaring (std::string png, std::uint32_t width, std::uint32_t height)
{
  put_be32_at (png, 16, width);
  put_be32_at (png, 20, height);
  put_be32_at (png, 29, crc32_of (png, 12, 17));
  return png;
}

// kHostileText as display_text shows it.
constexpr const char *kHostileShown
  = "Title \\x1b]0;pwned\\x07 clear \\x1b[2J break\\nsecond line \\u009b31m red";

} // namespace

// Seed: text-to-image through the public Images API.
TEST_F (CliTest, SeedGenerationWritesPngOfRequestedSize)
{
  RunResult r = run ({ "generations", "--prompt",
                       "A bold product hero image for a developer tool homepage", "--output",
                       "./out/hero.png", "--size", "1536x1024", "--quality", "high", "--format",
                       "png" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  ImageInfo info = image_info_of (path ("out/hero.png"));
  EXPECT_EQ (info.format, ImageFormat::png);
  EXPECT_EQ (info.width, 1536);
  EXPECT_EQ (info.height, 1024);
  EXPECT_NE (r.out.find ("out/hero.png"), std::string::npos);

  auto requests = server_->requests ();
  ASSERT_EQ (requests.size (), 1u);
  EXPECT_EQ (requests[0].path, "/v1/images/generations");
  // The server accepts only kApiKey (and records it redacted): a 200 shows it was sent.
  EXPECT_EQ (requests[0].status, 200);
  EXPECT_EQ (requests[0].headers.at ("authorization"), "Bearer [redacted]");
  JsonNodePtr body = parse_json (requests[0].body);
  EXPECT_EQ (member_string (body.get (), "model"), "gpt-image-2");
  EXPECT_EQ (member_string (body.get (), "size"), "1536x1024");
  EXPECT_EQ (member_string (body.get (), "quality"), "high");
  EXPECT_EQ (member_string (body.get (), "output_format"), "png");
  EXPECT_EQ (member_string (body.get (), "n"), "1");
  EXPECT_EQ (member_string (body.get (), "stream"), "<absent>");
  EXPECT_EQ (member_string (body.get (), "input_fidelity"), "<absent>");
}

// Seed: multi-image batch with a filename pattern.
TEST_F (CliTest, SeedBatchFillsIndexPattern)
{
  RunResult r = run ({ "generations", "--prompt", "A cinematic city skyline at night",
                       "--output", "./out/skyline-{index}.webp", "--n", "3", "--format", "webp",
                       "--compression", "90" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  std::set<std::string> digests;
  for (int i = 1; i <= 3; ++i)
    {
      std::string file = path ("out/skyline-" + std::to_string (i) + ".webp");
      ASSERT_TRUE (file_exists (file)) << file;
      EXPECT_EQ (image_info_of (file).format, ImageFormat::webp);
      digests.insert (read_file (file));
    }
  EXPECT_EQ (digests.size (), 3u);
  EXPECT_FALSE (file_exists (path ("out/skyline-4.webp")));
  JsonNodePtr body = recorded_json (0);
  EXPECT_EQ (member_string (body.get (), "n"), "3");
  EXPECT_EQ (member_string (body.get (), "output_compression"), "90");
}

// Seed: image edits with two inputs plus a mask.
TEST_F (CliTest, SeedEditSendsBracketFieldsAndMaskEditsOnlyTransparentArea)
{
  write_image ("refs/subject.png", 1024, 1024, ImageFormat::png);
  write_image ("refs/background.png", 1024, 1024, ImageFormat::png);
  write_image ("refs/mask.png", 1024, 1024, ImageFormat::png, true);
  RunResult r = run ({ "edits", "--prompt",
                       "Blend the two references into one clean marketing illustration",
                       "--image", "./refs/subject.png", "--image", "./refs/background.png",
                       "--mask", "./refs/mask.png", "--output", "./out/edit-{index}.png",
                       "--image-field-style", "brackets", "--n", "2", "--size", "1024x1024" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  auto requests = server_->requests ();
  ASSERT_EQ (requests.size (), 1u);
  std::vector<std::string> file_fields;
  for (const auto &part : requests[0].parts)
    if (!part.filename.empty ())
      file_fields.push_back (part.name);
  EXPECT_EQ (file_fields, (std::vector<std::string> { "image[]", "image[]", "mask" }));

  auto subject = decode_image (read_file (path ("refs/subject.png")).data (),
                               read_file (path ("refs/subject.png")).size ());
  for (int i = 1; i <= 2; ++i)
    {
      std::string bytes = read_file (path ("out/edit-" + std::to_string (i) + ".png"));
      auto edited = decode_image (bytes.data (), bytes.size ());
      ASSERT_TRUE (edited.ok ());
      ASSERT_EQ (edited->width, 1024);
      // Outside the mask's hole nothing changed; inside it something did.
      EXPECT_EQ (0, std::memcmp (edited->pixel (10, 10), subject->pixel (10, 10), 4));
      EXPECT_EQ (0, std::memcmp (edited->pixel (900, 900), subject->pixel (900, 900), 4));
      EXPECT_NE (0, std::memcmp (edited->pixel (300, 300), subject->pixel (300, 300), 4));
    }
}

// Seed: Responses API with streaming and partial previews.
TEST_F (CliTest, SeedResponsesStreamWritesPartialsFinalAndEvents)
{
  RunResult r = run ({ "responses", "--input-text", "Generate a poster for an AI developer summit",
                       "--model", "gpt-5.4", "--output", "./out/poster-{index}.png", "--stream",
                       "--partial-images", "2", "--save-response", "./out/poster-events.json" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_TRUE (file_exists (path ("out/poster-1.png")));
  EXPECT_TRUE (file_exists (path ("out/poster-1-partial.png")));
  EXPECT_TRUE (file_exists (path ("out/poster-2-partial.png")));
  EXPECT_EQ (image_info_of (path ("out/poster-1.png")).format, ImageFormat::png);

  std::string events = read_file (path ("out/poster-events.json"));
  EXPECT_EQ (events.find (kApiKey), std::string::npos);
  JsonNodePtr list = parse_json (events);
  ASSERT_TRUE (list && JSON_NODE_HOLDS_ARRAY (list.get ()));
  std::vector<std::string> names;
  JsonArray *array = json_node_get_array (list.get ());
  for (guint i = 0; i < json_array_get_length (array); ++i)
    names.push_back (json_object_get_string_member (json_array_get_object_element (array, i),
                                                    "event"));
  EXPECT_NE (std::find (names.begin (), names.end (),
                        "response.image_generation_call.partial_image"),
             names.end ());
  EXPECT_EQ (names.back (), "response.completed");
  // The image strings are kept as they came: the last event holds the saved image.
  JsonObject *completed = json_array_get_object_element (array, json_array_get_length (array) - 1);
  JsonArray *output = json_object_get_array_member (
      json_object_get_object_member (json_object_get_object_member (completed, "data"),
                                     "response"),
      "output");
  std::string result;
  for (guint i = 0; output && i < json_array_get_length (output); ++i)
    if (JsonObject *item = json_array_get_object_element (output, i);
        json_object_has_member (item, "result"))
      result = json_object_get_string_member (item, "result");
  gsize size = 0;
  CharPtr decoded (reinterpret_cast<gchar *> (g_base64_decode (result.c_str (), &size)));
  EXPECT_EQ (std::string (decoded.get (), size), read_file (path ("out/poster-1.png")));

  JsonNodePtr body = recorded_json (0);
  EXPECT_EQ (member_string (body.get (), "model"), "gpt-5.4");
  EXPECT_EQ (member_string (body.get (), "stream"), "true");
  EXPECT_EQ (member_string (body.get (), "tool_choice"), "{\"type\":\"image_generation\"}");
}

// Seed: Responses API edit with a local image plus a mask.
TEST_F (CliTest, SeedResponsesEditSendsImageAndMaskAsDataUrls)
{
  write_image ("refs/product.png", 1024, 1024, ImageFormat::png);
  write_image ("refs/mask.png", 1024, 1024, ImageFormat::png, true);
  RunResult r = run ({ "responses", "--input-text", "Turn this product shot into a clean studio ad",
                       "--model", "gpt-5.4", "--input-image", "./refs/product.png", "--mask",
                       "./refs/mask.png", "--output", "./out/studio.png", "--action", "edit" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (image_info_of (path ("out/studio.png")).format, ImageFormat::png);
  JsonNodePtr body = recorded_json (0);
  std::string tools = member_string (body.get (), "tools");
  EXPECT_NE (tools.find ("\"action\":\"edit\""), std::string::npos);
  EXPECT_NE (tools.find ("\"input_image_mask\":{\"image_url\":\"data:image/png;base64,"),
             std::string::npos);
  EXPECT_NE (member_string (body.get (), "input").find ("data:image/png;base64,"),
             std::string::npos);
}

// Seed: inspect the built request without sending it.
TEST_F (CliTest, SeedDryRunPrintsRequestAndSendsNothing)
{
  RunResult r = run ({ "generations", "--prompt", "A minimal cover image", "--output",
                       "./out/cover.png", "--dry-run" },
                     false);
  ASSERT_EQ (r.exit_code, 0) << r.err;
  JsonNodePtr doc = parse_json (r.out);
  EXPECT_EQ (member_string (doc.get (), "command"), "generations");
  EXPECT_EQ (member_string (doc.get (), "url"), server_->base_url () + "/images/generations");
  EXPECT_EQ (member_string (doc.get (), "stream"), "false");
  std::string request = member_string (doc.get (), "request");
  EXPECT_NE (request.find ("\"prompt\":\"A minimal cover image\""), std::string::npos);
  EXPECT_NE (request.find ("\"size\":\"auto\""), std::string::npos);
  EXPECT_NE (request.find ("\"quality\":\"high\""), std::string::npos);
  EXPECT_NE (request.find ("\"output_format\":\"png\""), std::string::npos);
  EXPECT_TRUE (server_->requests ().empty ());
  EXPECT_FALSE (file_exists (path ("out/cover.png")));
}

TEST_F (CliTest, EveryCommandDryRunsWithoutAKey)
{
  write_image ("refs/subject.png", 1024, 1024, ImageFormat::png);
  write_image ("refs/background.png", 1024, 1024, ImageFormat::png);
  write_image ("refs/mask.png", 1024, 1024, ImageFormat::png, true);
  RunResult edits = run ({ "edits", "--prompt", "Blend", "--image", "./refs/subject.png",
                           "--image", "./refs/background.png", "--mask", "./refs/mask.png",
                           "--output", "./out/edit-{index}.png", "--image-field-style",
                           "indexed", "--n", "2", "--dry-run" },
                         false);
  ASSERT_EQ (edits.exit_code, 0) << edits.err;
  JsonNodePtr doc = parse_json (edits.out);
  std::string request = member_string (doc.get (), "request");
  EXPECT_NE (request.find ("[\"n\",\"2\"]"), std::string::npos) << request;
  EXPECT_NE (request.find ("{\"field\":\"image[0]\",\"path\":\"./refs/subject.png\"}"),
             std::string::npos)
      << request;
  EXPECT_NE (request.find ("{\"field\":\"image[1]\",\"path\":\"./refs/background.png\"}"),
             std::string::npos);
  EXPECT_NE (request.find ("{\"field\":\"mask\",\"path\":\"./refs/mask.png\"}"),
             std::string::npos);

  RunResult responses = run ({ "responses", "--input-text", "Generate a poster", "--model",
                               "gpt-5.4", "--output", "./out/poster-{index}.png", "--stream",
                               "--partial-images", "2", "--dry-run" },
                             false);
  ASSERT_EQ (responses.exit_code, 0) << responses.err;
  JsonNodePtr rdoc = parse_json (responses.out);
  EXPECT_EQ (member_string (rdoc.get (), "stream"), "true");
  EXPECT_NE (member_string (rdoc.get (), "request").find ("\"partial_images\":2"),
             std::string::npos);
  EXPECT_TRUE (server_->requests ().empty ());
}

TEST_F (CliTest, InvalidSizeFailsBeforeAnyRequestWithExitTwo)
{
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png", "--size",
                       "1000x1000" });
  EXPECT_EQ (r.exit_code, 2);
  EXPECT_NE (r.err.find ("size"), std::string::npos);
  EXPECT_NE (r.err.find ("1000x1000"), std::string::npos);
  EXPECT_NE (r.err.find ("16"), std::string::npos);
  EXPECT_TRUE (server_->requests ().empty ());
}

TEST_F (CliTest, EditImagesAreDecodedInFullBeforeSending)
{
  write_image ("refs/full.png", 1024, 1024, ImageFormat::png);
  const std::string png = read_file (path ("refs/full.png"));
  ASSERT_TRUE (g_file_set_contents (path ("refs/cut.png").c_str (),
                                    png_cut_after_header (png).data (),
                                    static_cast<gssize> (png_cut_after_header (png).size ()),
                                    nullptr));
  const std::string huge = png_declaring (png, 30000, 30000);
  ASSERT_TRUE (g_file_set_contents (path ("refs/huge.png").c_str (), huge.data (),
                                    static_cast<gssize> (huge.size ()), nullptr));

  RunResult cut = run ({ "edits", "--prompt", "x", "--image", "./refs/full.png", "--image",
                         "./refs/cut.png", "--output", "o.png" });
  EXPECT_EQ (cut.exit_code, 2) << cut.err;
  EXPECT_NE (cut.err.find ("image \"./refs/cut.png\" is invalid: the file is truncated or "
                           "corrupt"),
             std::string::npos)
      << cut.err;

  RunResult declared = run ({ "edits", "--prompt", "x", "--image", "./refs/huge.png",
                              "--output", "o.png" });
  EXPECT_EQ (declared.exit_code, 2) << declared.err;
  EXPECT_NE (declared.err.find ("image \"./refs/huge.png\" is invalid: the image is "
                                "30000x30000; each edge must be at most 16384 pixels"),
             std::string::npos)
      << declared.err;

  RunResult mask = run ({ "edits", "--prompt", "x", "--image", "./refs/full.png", "--mask",
                          "./refs/cut.png", "--output", "o.png" });
  EXPECT_EQ (mask.exit_code, 2) << mask.err;
  EXPECT_NE (mask.err.find ("mask \"./refs/cut.png\" is invalid: the file is truncated"),
             std::string::npos)
      << mask.err;
  EXPECT_TRUE (server_->requests ().empty ());
}

// The Responses route checks files and data: URLs the way edits does, masks included.
TEST_F (CliTest, ResponsesImagesAndMasksAreCheckedLikeEdits)
{
  write_image ("refs/product.png", 1024, 1024, ImageFormat::png);
  write_image ("refs/mask-512.png", 512, 512, ImageFormat::png, true);
  const std::string cut = png_cut_after_header (read_file (path ("refs/product.png")));
  ASSERT_TRUE (g_file_set_contents (path ("refs/cut.png").c_str (), cut.data (),
                                    static_cast<gssize> (cut.size ()), nullptr));
  CharPtr b64 (g_base64_encode (reinterpret_cast<const guchar *> (cut.data ()), cut.size ()));

  RunResult file = run ({ "responses", "--input-text", "x", "--input-image", "./refs/cut.png",
                          "--output", "o.png" });
  EXPECT_EQ (file.exit_code, 2) << file.err;
  EXPECT_NE (file.err.find ("--input-image \"./refs/cut.png\" is invalid: the file is truncated "
                            "or corrupt"),
             std::string::npos)
      << file.err;

  RunResult url = run ({ "responses", "--input-text", "x", "--input-image-data-url",
                         std::string ("data:image/png;base64,") + b64.get (), "--output",
                         "o.png" });
  EXPECT_EQ (url.exit_code, 2) << url.err;
  EXPECT_NE (url.err.find ("--input-image-data-url \"data:image/png;base64,"), std::string::npos)
      << url.err;
  EXPECT_NE (url.err.find ("the image data is truncated or corrupt"), std::string::npos)
      << url.err;

  RunResult mask = run ({ "responses", "--input-text", "x", "--input-image",
                          "./refs/product.png", "--mask", "./refs/mask-512.png", "--action",
                          "edit", "--output", "o.png" });
  EXPECT_EQ (mask.exit_code, 2) << mask.err;
  EXPECT_NE (mask.err.find ("mask \"./refs/mask-512.png\" is invalid: the mask is 512x512 but "
                            "the first image is 1024x1024; they must match"),
             std::string::npos)
      << mask.err;
  EXPECT_TRUE (server_->requests ().empty ());
}

TEST_F (CliTest, TransparentBackgroundOnGptImage2IsRejected)
{
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png", "--background",
                       "transparent" });
  EXPECT_EQ (r.exit_code, 2);
  EXPECT_NE (r.err.find ("background"), std::string::npos);
  EXPECT_TRUE (server_->requests ().empty ());
}

TEST_F (CliTest, StreamWithSeveralImagesIsRejectedOnImagesRoutes)
{
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o-{index}.png", "--n", "2",
                       "--stream" });
  EXPECT_EQ (r.exit_code, 2);
  EXPECT_NE (r.err.find ("stream"), std::string::npos);
  EXPECT_TRUE (server_->requests ().empty ());
}

TEST_F (CliTest, MissingKeyExplainsHowToSetOne)
{
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png" }, false);
  EXPECT_EQ (r.exit_code, 2);
  EXPECT_NE (r.err.find ("OPENAI_API_KEY"), std::string::npos);
  EXPECT_TRUE (server_->requests ().empty ());
}

// libsoup would drop the header with a CRITICAL and send the request without Authorization.
TEST_F (CliTest, ApiKeyWithALineBreakFailsBeforeSendingAndIsNotShown)
{
  const std::string first = "fake-key-cli-first-half-7Qz";
  const std::string second = "second-half-Vb3mR8tL";
  extra_env_.push_back ("OPENAI_API_KEY=" + first + "\n" + second);
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png" }, false);
  EXPECT_EQ (r.exit_code, 2) << r.err;
  EXPECT_NE (r.err.find ("OPENAI_API_KEY"), std::string::npos) << r.err;
  EXPECT_NE (r.err.find ("control characters"), std::string::npos) << r.err;
  EXPECT_EQ (r.err.find (first), std::string::npos) << r.err;
  EXPECT_EQ (r.err.find (second), std::string::npos) << r.err;
  EXPECT_EQ (r.out.find (first), std::string::npos);
  EXPECT_EQ (r.out.find (second), std::string::npos);
  EXPECT_EQ (r.err.find ("CRITICAL"), std::string::npos) << r.err;
  EXPECT_TRUE (server_->requests ().empty ());
  EXPECT_FALSE (file_exists (path ("o.png")));
}

TEST_F (CliTest, OrganizationWithCrLfFailsBeforeSending)
{
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png", "--organization",
                       "org-1\r\nX-Injected: 1" });
  EXPECT_EQ (r.exit_code, 2) << r.err;
  EXPECT_NE (r.err.find ("--organization \"org-1\\r\\nX-Injected: 1\" is invalid"), std::string::npos) << r.err;
  EXPECT_NE (r.err.find ("control characters"), std::string::npos) << r.err;
  // The value is shown escaped, on the one error line.
  EXPECT_NE (r.err.find ("org-1\\r\\nX-Injected: 1"), std::string::npos) << r.err;
  EXPECT_EQ (std::count (r.err.begin (), r.err.end (), '\n'), 1) << r.err;
  EXPECT_EQ (r.err.find ('\r'), std::string::npos);
  EXPECT_EQ (r.err.find ("CRITICAL"), std::string::npos) << r.err;
  EXPECT_TRUE (server_->requests ().empty ());
}

TEST_F (CliTest, ModerationBlockedReportsCodeAndRequestId)
{
  server_->push_fault ({ FaultKind::moderation_blocked });
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png" });
  EXPECT_EQ (r.exit_code, 1);
  EXPECT_NE (r.err.find ("HTTP 400"), std::string::npos) << r.err;
  EXPECT_NE (r.err.find ("moderation_blocked"), std::string::npos);
  auto requests = server_->requests ();
  ASSERT_EQ (requests.size (), 1u); // never retried
  EXPECT_NE (r.err.find (requests[0].request_id), std::string::npos);
  EXPECT_FALSE (file_exists (path ("o.png")));
}

// A hostile error text can neither drive the terminal nor break the one-line rule.
TEST_F (CliTest, HostileApiErrorTextIsOneEscapedLine)
{
  server_->push_fault ({ FaultKind::hostile_text });
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png" });
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_EQ (r.err.find ('\x1b'), std::string::npos) << r.err;
  EXPECT_EQ (r.err.find ('\x07'), std::string::npos) << r.err;
  EXPECT_EQ (raw_controls (r.err), 0) << r.err;
  EXPECT_EQ (std::count (r.err.begin (), r.err.end (), '\n'), 1) << r.err;
  EXPECT_EQ (r.err.rfind (std::string ("gpt-image: HTTP 400: Invalid prompt: ") + kHostileShown
                            + " (type invalid_request_error\\x1b[8m, code hostile\\ncode, "
                              "param prompt\\x07, request id req_",
                          0),
             0u)
      << r.err;
  EXPECT_EQ (server_->requests ().size (), 1u);
}

// --json keeps the server's real text; JSON escapes it, so stdout holds no raw controls either.
TEST_F (CliTest, HostileApiErrorTextInJsonIsTheRealTextEscapedByJson)
{
  server_->push_fault ({ FaultKind::hostile_text });
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png", "--json" });
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_EQ (r.out.find ('\x1b'), std::string::npos) << r.out;
  EXPECT_EQ (raw_controls (r.out), 0) << r.out;
  EXPECT_EQ (raw_controls (r.err), 0) << r.err;
  JsonNodePtr doc = parse_json (r.out);
  ASSERT_TRUE (doc);
  JsonNode *error = json_object_get_member (json_node_get_object (doc.get ()), "error");
  ASSERT_TRUE (error);
  EXPECT_EQ (member_string (error, "message"), "Invalid prompt: " + std::string (kHostileText));
  EXPECT_EQ (member_string (error, "type"), "invalid_request_error\x1b[8m");
  EXPECT_EQ (member_string (error, "code"), "hostile\ncode");
  EXPECT_EQ (member_string (error, "param"), "prompt\x07");
}

TEST_F (CliTest, HostileRevisedPromptIsEscapedInTheSummary)
{
  server_->push_fault ({ FaultKind::hostile_revised_prompt });
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (r.out.find ('\x1b'), std::string::npos) << r.out;
  EXPECT_EQ (r.out.find ('\x07'), std::string::npos) << r.out;
  EXPECT_EQ (raw_controls (r.out), 0) << r.out;
  EXPECT_NE (r.out.find (std::string ("\n         revised prompt: ") + kHostileShown + "\n"),
             std::string::npos)
      << r.out;
  // file, prompt, cost
  EXPECT_EQ (std::count (r.out.begin (), r.out.end (), '\n'), 3) << r.out;

  // The same through a Responses stream, and as real text in --json.
  server_->push_fault ({ FaultKind::hostile_revised_prompt });
  r = run ({ "responses", "--input-text", "x", "--output", "r.png", "--stream" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (raw_controls (r.out), 0) << r.out;
  EXPECT_NE (r.out.find (std::string ("revised prompt: ") + kHostileShown + "\n"),
             std::string::npos)
      << r.out;

  server_->push_fault ({ FaultKind::hostile_revised_prompt });
  r = run ({ "generations", "--prompt", "x", "--output", "j.png", "--json" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (raw_controls (r.out), 0) << r.out;
  JsonNodePtr doc = parse_json (r.out);
  ASSERT_TRUE (doc);
  JsonArray *files = json_object_get_array_member (json_node_get_object (doc.get ()), "files");
  ASSERT_TRUE (files && json_array_get_length (files) == 1);
  EXPECT_EQ (member_string (json_array_get_element (files, 0), "revised_prompt"),
             std::string (kHostileText));
}

TEST_F (CliTest, RateLimitIsRetriedThenSucceeds)
{
  Fault fault { FaultKind::rate_limit };
  fault.retry_after_seconds = 1;
  server_->push_fault (fault);
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (server_->requests ().size (), 2u);
  EXPECT_NE (r.err.find ("retry 1"), std::string::npos) << r.err;
  EXPECT_TRUE (file_exists (path ("o.png")));
}

TEST_F (CliTest, ServerErrorsExhaustRetriesAndExitOne)
{
  for (int i = 0; i < 3; ++i)
    server_->push_fault ({ FaultKind::server_error });
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png", "--max-retries", "2" });
  EXPECT_EQ (r.exit_code, 1);
  EXPECT_NE (r.err.find ("HTTP 500"), std::string::npos) << r.err;
  EXPECT_EQ (server_->requests ().size (), 3u);
}

TEST_F (CliTest, DroppedStreamKeepsPartialAndFails)
{
  server_->push_fault ({ FaultKind::drop_mid_stream });
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "out/p.png", "--stream",
                       "--partial-images", "2", "--json" });
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_TRUE (file_exists (path ("out/p-1-partial.png")));
  EXPECT_FALSE (file_exists (path ("out/p.png")));
  JsonNodePtr doc = parse_json (r.out);
  EXPECT_EQ (member_string (doc.get (), "ok"), "false");
}

TEST_F (CliTest, TimeoutIsReported)
{
  Fault slow { FaultKind::slow };
  slow.delay_seconds = 4;
  server_->push_fault (slow);
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png", "--timeout", "1" });
  EXPECT_EQ (r.exit_code, 1);
  EXPECT_NE (r.err.find ("timed out"), std::string::npos) << r.err;
  EXPECT_FALSE (file_exists (path ("o.png")));
}

TEST_F (CliTest, InterruptExitsWith130AndWritesNothing)
{
  Fault slow { FaultKind::slow };
  slow.delay_seconds = 5;
  server_->push_fault (slow);
  LiveRun live = start ({ "generations", "--prompt", "x", "--output", "o.png" });
  ASSERT_TRUE (live.process);
  for (int i = 0; i < 200 && server_->requests ().empty (); ++i)
    g_usleep (20000);
  ASSERT_FALSE (server_->requests ().empty ());
  g_subprocess_send_signal (live.process.get (), SIGINT);
  ErrorOut error;
  ASSERT_TRUE (g_subprocess_wait (live.process.get (), nullptr, error.out ()));
  ASSERT_TRUE (g_subprocess_get_if_exited (live.process.get ()));
  EXPECT_EQ (g_subprocess_get_exit_status (live.process.get ()), 130);
  EXPECT_FALSE (file_exists (path ("o.png")));
}

TEST_F (CliTest, JsonSummaryListsFilesAndUsage)
{
  RunResult r = run ({ "generations", "--prompt", "a red fox", "--output", "fox.jpeg", "--json" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  JsonNodePtr doc = parse_json (r.out);
  EXPECT_EQ (member_string (doc.get (), "ok"), "true");
  std::string files = member_string (doc.get (), "files");
  EXPECT_NE (files.find ("\"path\":\"fox.jpeg\""), std::string::npos) << files;
  EXPECT_NE (files.find ("\"kind\":\"final\""), std::string::npos);
  EXPECT_EQ (image_info_of (path ("fox.jpeg")).format, ImageFormat::jpeg);
  EXPECT_NE (member_string (doc.get (), "usage"), "<absent>");
  // The digest is of the file as written.
  std::string bytes = read_file (path ("fox.jpeg"));
  std::string sha256 = take_string (g_compute_checksum_for_data (
      G_CHECKSUM_SHA256, reinterpret_cast<const guchar *> (bytes.data ()), bytes.size ()));
  EXPECT_NE (files.find ("\"sha256\":\"" + sha256 + "\""), std::string::npos) << files;
}

// Each final file's provenance, its cost the price table applied to the usage the server sent;
// the text summary ends with that cost beside the estimate.
TEST_F (CliTest, JsonSummaryGivesEachFinalFileItsProvenanceAndCost)
{
  RunResult r = run ({ "generations", "--prompt", "a provenance fox", "--n", "2", "--size",
                       "1024x1024", "--output", "fox-{index}.png", "--json" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  auto requests = server_->requests ();
  ASSERT_EQ (requests.size (), 1u);
  auto usage = parse_image_usage (requests[0].answer_usage_json);
  ASSERT_TRUE (usage) << requests[0].answer_usage_json;
  const Cost cost = usage_cost ("gpt-image-2", Route::generations, *usage);
  ASSERT_TRUE (cost.dollars);

  JsonNodePtr doc = parse_json (r.out);
  JsonArray *files = json_object_get_array_member (json_node_get_object (doc.get ()), "files");
  ASSERT_EQ (json_array_get_length (files), 2u);
  for (guint i = 0; i < 2; ++i)
    {
      JsonObject *file = json_array_get_object_element (files, i);
      ASSERT_TRUE (json_object_has_member (file, "provenance")) << r.out;
      JsonNode *node = json_object_get_member (file, "provenance");
      auto provenance = parse_provenance (take_string (json_to_string (node, FALSE)));
      ASSERT_TRUE (provenance) << provenance.error ().message;
      EXPECT_EQ (provenance->prompt, "a provenance fox");
      EXPECT_EQ (provenance->route, "generations");
      EXPECT_EQ (provenance->model, "gpt-image-2");
      EXPECT_EQ (provenance->n, 2);
      EXPECT_EQ (provenance->image_index + 1, json_object_get_int_member (file, "index"));
      EXPECT_EQ (provenance->request_id, requests[0].request_id);
      ASSERT_TRUE (provenance->usage);
      EXPECT_EQ (provenance->usage->output_tokens, usage->output_tokens);
      ASSERT_TRUE (provenance->cost.dollars);
      EXPECT_DOUBLE_EQ (*provenance->cost.dollars, *cost.dollars);
      EXPECT_TRUE (provenance->estimate.dollars);
    }

  server_->clear ();
  r = run ({ "generations", "--prompt", "a provenance fox", "--size", "1024x1024", "--output",
             "one.png" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  requests = server_->requests ();
  ASSERT_EQ (requests.size (), 1u);
  usage = parse_image_usage (requests[0].answer_usage_json);
  ASSERT_TRUE (usage);
  const Cost one = usage_cost ("gpt-image-2", Route::generations, *usage);
  EXPECT_TRUE (contains (r.out, "cost: " + cost_in_words (one) + " (estimate was "))
      << r.out;
}

TEST_F (CliTest, DotEnvAndConfigFileFeedTheRequest)
{
  std::string env_text = "# local settings\nOPENAI_IMAGE_QUALITY='medium'\n";
  ASSERT_TRUE (g_file_set_contents (path (".env").c_str (), env_text.c_str (), -1, nullptr));
  g_mkdir_with_parents ((config_home_ + "/gpt-image").c_str (), 0700);
  std::string ini = "[gpt-image]\nOPENAI_IMAGE_QUALITY=low\nOPENAI_IMAGE_SIZE=1024x1536\n";
  ASSERT_TRUE (g_file_set_contents ((config_home_ + "/gpt-image/config.ini").c_str (),
                                    ini.c_str (), -1, nullptr));
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  JsonNodePtr body = recorded_json (0);
  EXPECT_EQ (member_string (body.get (), "quality"), "medium"); // .env beats config file
  EXPECT_EQ (member_string (body.get (), "size"), "1024x1536"); // config file beats default
  EXPECT_EQ (image_info_of (path ("o.png")).height, 1536);
}

// A bad value is named the way the user gave it: the flag, or the key and where it was set.
TEST_F (CliTest, BadValuesNameTheFlagOrTheKeyAndItsFile)
{
  RunResult flag = run ({ "generations", "--prompt", "x", "--n", "abc", "--output", "o.png" });
  EXPECT_EQ (flag.exit_code, 2);
  EXPECT_NE (flag.err.find ("--n \"abc\" is invalid: must be a whole number"), std::string::npos)
      << flag.err;
  ASSERT_TRUE (g_file_set_contents (path (".env").c_str (), "# settings\nOPENAI_IMAGE_QUALITY=max\n", -1, nullptr));
  RunResult dotenv = run ({ "generations", "--prompt", "x", "--output", "o.png" });
  EXPECT_EQ (dotenv.exit_code, 2);
  EXPECT_NE (dotenv.err.find ("OPENAI_IMAGE_QUALITY \"max\" (" + path (".env")
                              + ", line 2) is invalid: gpt-image-2 supports low, medium, high or "
                                "auto"),
             std::string::npos)
      << dotenv.err;
  EXPECT_TRUE (server_->requests ().empty ());
}

// Arguments are UTF-8 whatever the locale; bytes that are not get an error naming the flag.
TEST_F (CliTest, ArgumentsAreUtf8InAnyLocale)
{
  extra_env_.push_back ("LC_ALL=C");
  RunResult cafe = run ({ "generations", "--prompt", "un café", "--output", "cafe.png" });
  EXPECT_EQ (cafe.exit_code, 0) << cafe.err;
  JsonNodePtr body = recorded_json (0);
  ASSERT_TRUE (body);
  EXPECT_EQ (member_string (body.get (), "prompt"), "un café");
  RunResult latin1 = run ({ "generations", "--prompt", "un caf\xe9", "--output", "c.png" });
  EXPECT_EQ (latin1.exit_code, 2);
  EXPECT_NE (latin1.err.find ("--prompt \"un caf\\xe9\" is invalid: must be valid UTF-8 text"),
             std::string::npos)
      << latin1.err;
}

// A row of the table reaches the request with nothing else declared: --complexity on 2.6.
TEST_F (CliTest, TableRowsReachTheRequestAndTheModelRules)
{
  RunResult ok = run ({ "generations", "--prompt", "x", "--model", "gpt-image-2.6-flare",
                        "--complexity", "low", "--quality", "xhigh", "--output", "c.png" });
  EXPECT_EQ (ok.exit_code, 0) << ok.err;
  JsonNodePtr body = recorded_json (0);
  ASSERT_TRUE (body);
  EXPECT_EQ (member_string (body.get (), "complexity"), "low");
  EXPECT_EQ (member_string (body.get (), "quality"), "xhigh");
  RunResult refused = run ({ "generations", "--prompt", "x", "--complexity", "low", "--output",
                             "c.png" });
  EXPECT_EQ (refused.exit_code, 2);
  EXPECT_NE (refused.err.find ("--complexity \"low\" is invalid: only gpt-image-2.6 models"),
             std::string::npos)
      << refused.err;
  RunResult help = run ({ "generations", "--help-all" });
  EXPECT_NE (help.out.find ("xhigh, max: gpt-image-2.5, gpt-image-2.6"), std::string::npos)
      << help.out;
}

TEST_F (CliTest, UsageErrorsExitTwo)
{
  EXPECT_EQ (run ({ "paint" }).exit_code, 2);
  EXPECT_EQ (run ({ "generations", "--prompt", "x" }).exit_code, 2); // no --output
  EXPECT_EQ (run ({ "generations", "--bogus" }).exit_code, 2);
  RunResult help = run ({ "edits", "--help" });
  EXPECT_EQ (help.exit_code, 0);
  EXPECT_NE (help.out.find ("--image-field-style"), std::string::npos);
  RunResult version = run ({ "--version" });
  EXPECT_EQ (version.exit_code, 0);
  EXPECT_NE (version.out.find ("gpt-image "), std::string::npos);
}

TEST_F (CliTest, SaveResponseKeepsTheErrorBody)
{
  server_->push_fault ({ FaultKind::moderation_blocked });
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png", "--save-response",
                       "dump/raw.json" });
  EXPECT_EQ (r.exit_code, 1);
  std::string dump = read_file (path ("dump/raw.json"));
  EXPECT_NE (dump.find ("moderation_blocked"), std::string::npos) << dump;
  EXPECT_EQ (dump.find (kApiKey), std::string::npos);
}

TEST_F (CliTest, EnvFileFlagIsReadAndMustExist)
{
  std::string env_text = "export OPENAI_IMAGE_SIZE=\"1536x1024\"\n";
  ASSERT_TRUE (g_file_set_contents (path ("settings.env").c_str (), env_text.c_str (), -1,
                                    nullptr));
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png", "--env-file",
                       "settings.env" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (image_info_of (path ("o.png")).width, 1536);
  RunResult missing = run ({ "generations", "--prompt", "x", "--output", "o.png", "--env-file",
                             "nope.env" });
  EXPECT_EQ (missing.exit_code, 2);
  EXPECT_NE (missing.err.find ("nope.env"), std::string::npos);
}

TEST_F (CliTest, UnknownModelGetsGenericChecksAndAWarning)
{
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png", "--model",
                       "acme-image-7", "--dry-run" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_NE (r.err.find ("acme-image-7"), std::string::npos);
  EXPECT_NE (r.err.find ("warning"), std::string::npos);
}

TEST_F (CliTest, IndexedFieldsAndJpegInputPassTheStrictServer)
{
  write_image ("a.jpg", 1024, 1024, ImageFormat::jpeg);
  write_image ("b.webp", 1024, 1024, ImageFormat::webp);
  RunResult r = run ({ "edits", "--prompt", "combine", "--image", "a.jpg", "--image", "b.webp",
                       "--image-field-style", "indexed", "--output", "e.webp", "--format", "webp" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  auto requests = server_->requests ();
  ASSERT_EQ (requests.size (), 1u);
  std::vector<std::string> files;
  for (const auto &part : requests[0].parts)
    if (!part.filename.empty ())
      files.push_back (part.name + "=" + part.content_type);
  EXPECT_EQ (files, (std::vector<std::string> { "image[0]=image/jpeg", "image[1]=image/webp" }));
  EXPECT_EQ (image_info_of (path ("e.webp")).format, ImageFormat::webp);
}

TEST_F (CliTest, ResponsesFollowUpCarriesThePreviousResponseId)
{
  RunResult first = run ({ "responses", "--input-text", "a castle", "--output", "c1.png",
                           "--json" });
  ASSERT_EQ (first.exit_code, 0) << first.err;
  JsonNodePtr doc = parse_json (first.out);
  std::string id = member_string (doc.get (), "response_id");
  ASSERT_EQ (id.rfind ("resp_", 0), 0u) << id;
  RunResult second = run ({ "responses", "--input-text", "now at night", "--output", "c2.png",
                            "--previous-response-id", id, "--action", "edit" });
  ASSERT_EQ (second.exit_code, 0) << second.err;
  JsonNodePtr body = recorded_json (1);
  EXPECT_EQ (member_string (body.get (), "previous_response_id"), id);
  EXPECT_NE (read_file (path ("c1.png")), read_file (path ("c2.png")));
}

// --output is checked before anything is sent: a billed image must have somewhere to go.
TEST_F (CliTest, OutputUnderAFileIsRefusedBeforeSending)
{
  ASSERT_TRUE (g_file_set_contents (path ("notes.txt").c_str (), "keep me", -1, nullptr));
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "notes.txt/out.png" });
  EXPECT_EQ (r.exit_code, 2) << r.err;
  EXPECT_TRUE (contains (r.err, "--output \"notes.txt/out.png\"")) << r.err;
  EXPECT_TRUE (contains (r.err, "cannot create the folder \"notes.txt\"")) << r.err;
  EXPECT_TRUE (contains (r.err, "folder that exists or can be created")) << r.err;
  EXPECT_TRUE (server_->requests ().empty ());
  EXPECT_EQ (read_file (path ("notes.txt")), "keep me");

  // A pattern is checked as expanded for the first image.
  RunResult pattern = run ({ "generations", "--prompt", "x", "--n", "2", "--output",
                             "notes.txt/{index}/img.png", "--json" });
  EXPECT_EQ (pattern.exit_code, 2) << pattern.err;
  EXPECT_TRUE (contains (pattern.err, "notes.txt/{index}/img.png")) << pattern.err;
  JsonNodePtr doc = parse_json (pattern.out);
  EXPECT_EQ (member_string (doc.get (), "ok"), "false");
  EXPECT_TRUE (server_->requests ().empty ());
}

TEST_F (CliTest, OutputThatIsAFolderIsRefusedBeforeSending)
{
  ASSERT_EQ (g_mkdir (path ("shots").c_str (), 0755), 0);
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "shots" });
  EXPECT_EQ (r.exit_code, 2) << r.err;
  EXPECT_TRUE (contains (r.err, "--output \"shots\"")) << r.err;
  EXPECT_TRUE (contains (r.err, "\"shots\" is a folder")) << r.err;
  EXPECT_TRUE (server_->requests ().empty ());
  EXPECT_TRUE (entries_of (path ("shots")).empty ()); // the writability probe is gone
}

TEST_F (CliTest, MissingOutputFoldersAreCreatedBeforeSending)
{
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "a/b/c/out.png" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_TRUE (decodes (path ("a/b/c/out.png")));
  EXPECT_EQ (entries_of (path ("a/b/c")), std::vector<std::string> { "out.png" });
}

// Ctrl-C or SIGTERM while the final image is written: the image is finished, then exit 130.
TEST_F (CliTest, SignalWhileWritingStillSavesTheImageAndExits130)
{
  extra_env_.push_back ("GPT_IMAGE_TEST_PAUSE_BEFORE_WRITE_MS=2000");
  for (int signal : { SIGINT, SIGTERM })
    {
      SCOPED_TRACE (signal == SIGINT ? "SIGINT" : "SIGTERM");
      std::string output = "out/fox-" + std::to_string (signal) + ".png";
      LiveRun live = start ({ "generations", "--prompt", "a red fox", "--output", output });
      ASSERT_TRUE (wait_for_line (live, "test pause before writing")) << live.err_text;
      g_subprocess_send_signal (live.process.get (), signal);
      RunResult r = finish (live);
      EXPECT_FALSE (r.killed_by_signal) << r.err;
      EXPECT_EQ (r.exit_code, 130) << r.err;
      EXPECT_TRUE (contains (r.err, "interrupted after the results were saved")) << r.err;
      EXPECT_TRUE (contains (r.out, output)) << r.out;
      EXPECT_TRUE (decodes (path (output)));
    }
  for (const auto &name : entries_of (path ("out")))
    EXPECT_NE (name[0], '.') << "temporary file left: " << name;
  EXPECT_EQ (server_->requests ().size (), 2u);
}

// Base64 of text where the image belongs: not saved as the image, but kept, and exit 1.
TEST_F (CliTest, TextInsteadOfAnImageIsKeptAsInvalidAndFails)
{
  server_->push_fault ({ FaultKind::not_an_image });
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "out/fox.png", "--json" });
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_FALSE (file_exists (path ("out/fox.png")));
  EXPECT_EQ (read_file (path ("out/fox.png.invalid")).rfind ("This is not an image", 0), 0u);
  EXPECT_TRUE (contains (r.err, "image 1 is not a usable image")) << r.err;
  EXPECT_TRUE (contains (r.err, "not a PNG, JPEG or WebP image")) << r.err;
  EXPECT_TRUE (contains (r.err, "out/fox.png.invalid")) << r.err;
  JsonNodePtr doc = parse_json (r.out);
  EXPECT_EQ (member_string (doc.get (), "ok"), "false");
  std::string files = member_string (doc.get (), "files");
  EXPECT_TRUE (contains (files, "\"path\":\"out/fox.png.invalid\"")) << files;
  EXPECT_TRUE (contains (files, "\"kind\":\"invalid\"")) << files;
  EXPECT_EQ (server_->requests ().size (), 1u); // never retried: it was paid for
}

// An image of another size than asked for is still the paid result: saved, with a warning.
TEST_F (CliTest, ImageOfAnotherSizeIsSavedWithAWarning)
{
  server_->push_fault ({ FaultKind::wrong_size });
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "out/tall.png", "--size",
                       "1024x1536", "--json" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  ImageInfo info = image_info_of (path ("out/tall.png"));
  EXPECT_EQ (info.width, 512);
  EXPECT_EQ (info.height, 768);
  EXPECT_TRUE (contains (r.err, "warning: image 1: the image is 512x768, not the requested "
                                "1024x1536"))
      << r.err;
  JsonNodePtr doc = parse_json (r.out);
  EXPECT_EQ (member_string (doc.get (), "ok"), "true");
  std::string warnings = member_string (doc.get (), "warnings");
  EXPECT_TRUE (contains (warnings, "512x768")) << warnings;
  EXPECT_TRUE (contains (warnings, "1024x1536")) << warnings;
}

// The output folder breaks after the pre-check: the image goes to the rescue folder.
TEST_F (CliTest, WriteFailureAfterTheRequestRescuesTheImage)
{
  extra_env_.push_back ("GPT_IMAGE_TEST_PAUSE_BEFORE_WRITE_MS=2000");
  extra_env_.push_back ("XDG_DATA_HOME=" + path ("data"));
  LiveRun live = start ({ "generations", "--prompt", "a red fox", "--output", "out/fox.png",
                          "--format", "png" });
  ASSERT_TRUE (wait_for_line (live, "test pause before writing")) << live.err_text;
  // The folder the pre-check made becomes a file.
  ASSERT_EQ (g_rmdir (path ("out").c_str ()), 0);
  ASSERT_TRUE (g_file_set_contents (path ("out").c_str (), "in the way", -1, nullptr));
  RunResult r = finish (live);
  EXPECT_EQ (r.exit_code, 1) << r.err;

  std::string rescue_folder = path ("data/gpt-image/rescued");
  auto rescued = entries_of (rescue_folder);
  ASSERT_EQ (rescued.size (), 1u) << r.err;
  std::string rescued_path = rescue_folder + "/" + rescued[0];
  EXPECT_TRUE (g_str_has_suffix (rescued_path.c_str (), "-1.png")) << rescued_path;
  EXPECT_TRUE (decodes (rescued_path));
  EXPECT_TRUE (contains (r.err, "cannot write out/fox.png")) << r.err;
  EXPECT_TRUE (contains (r.err, "image 1 was saved to " + rescued_path)) << r.err;
  EXPECT_TRUE (contains (r.out, rescued_path)) << r.out;
}

// The key in the environment, every route (JSON and streams), every fault the test server
// has, --dry-run, errors before sending, a refused key, a network error, a timeout and a
// rescued image, all with --json and --save-response: the key is in no output and in no file
// under the run's home, config, data and temporary folders.
TEST_F (CliTest, CanaryKeyIsInNoOutputAndNoFile)
{
  auto canary_server = TestServer::start ({ kCanaryKey });
  ASSERT_TRUE (canary_server);
  g_mkdir_with_parents (path ("tmp").c_str (), 0700);
  const std::vector<std::string> canary_env = {
    std::string ("OPENAI_API_KEY=") + kCanaryKey,
    "OPENAI_BASE_URL=" + canary_server->base_url (),
    "OPENAI_IMAGE_MAX_RETRIES=0",
    "TMPDIR=" + path ("tmp"),
    "XDG_DATA_HOME=" + path ("data"),
    "XDG_CACHE_HOME=" + path ("cache"),
  };
  extra_env_ = canary_env;
  write_image ("refs/photo.png", 1024, 1024, ImageFormat::png);
  write_image ("refs/mask.png", 1024, 1024, ImageFormat::png, true);

  const std::vector<std::vector<std::string>> routes = {
    { "generations", "--prompt", "a canary", "--size", "1024x640", "--format", "png" },
    { "edits", "--prompt", "a canary", "--image", "refs/photo.png", "--mask", "refs/mask.png",
      "--size", "1024x1024", "--format", "png" },
    { "responses", "--input-text", "a canary", "--size", "1024x640", "--format", "png" },
  };
  std::string output;
  int runs = 0;
  std::set<int> exit_codes;
  auto run_saving = [&] (std::vector<std::string> args) {
    std::string folder = "runs/" + std::to_string (++runs);
    for (const char *extra : { "--json", "--output" })
      args.push_back (extra);
    args.push_back (folder + "/image-{index}.png");
    args.push_back ("--save-response");
    args.push_back (folder + "/response.json");
    RunResult r = run (args);
    output += r.out + r.err;
    exit_codes.insert (r.exit_code);
    return r;
  };

  // No fault, then each fault the test server knows (new ones are picked up by name).
  std::vector<std::optional<FaultKind>> faults = { std::nullopt };
  for (int k = 0; gptimage::testing::fault_kind_name (static_cast<FaultKind> (k)) != "unknown";
       ++k)
    faults.push_back (static_cast<FaultKind> (k));
  ASSERT_GE (faults.size (), 16u);
  int redacted_saves = 0;
  for (const auto &fault : faults)
    for (const auto &route : routes)
      for (bool stream : { false, true })
        {
          std::vector<std::string> args = route;
          if (stream)
            for (const char *extra : { "--stream", "--partial-images", "1" })
              args.push_back (extra);
          if (fault)
            {
              // Small floods and short waits: the key, not the bounds, is under test here.
              Fault spec { *fault, 0, 0.1 };
              spec.count = 1;
              spec.bytes = 100000;
              canary_server->push_fault (spec);
              if (*fault == FaultKind::no_headers || *fault == FaultKind::stall_mid_body)
                for (const char *extra : { "--timeout", "1", "--max-retries", "0" })
                  args.push_back (extra);
            }
          RunResult r = run_saving (args);
          SCOPED_TRACE (std::string (fault ? gptimage::testing::fault_kind_name (*fault)
                                           : "no fault")
                        + " " + args[0] + (stream ? " stream" : ""));
          EXPECT_LE (r.exit_code, 2) << r.err;
          EXPECT_EQ (canary_server->pending_faults (), 0u) << "the fault was not reached";
          std::string saved = read_file (path ("runs/" + std::to_string (runs) + "/response.json"));
          redacted_saves += contains (saved, "[redacted]") ? 1 : 0;
        }
  // Each key_echo fault came back and was caught (streams and not, every route).
  EXPECT_GE (redacted_saves, 3 * 3 * 2 - 3) << "the server echoed the key less than it should";

  // Before sending: --dry-run and a broken rule.
  for (const auto &route : routes)
    {
      std::vector<std::string> dry = route;
      dry.push_back ("--dry-run");
      EXPECT_EQ (run_saving (dry).exit_code, 0);
    }
  std::vector<std::string> bad = routes[0];
  bad.push_back ("--n");
  bad.push_back ("0");
  EXPECT_EQ (run_saving (bad).exit_code, 2);

  // A server that refuses the key, none at all, and one too slow.
  extra_env_.push_back ("OPENAI_BASE_URL=" + server_->base_url ());
  EXPECT_EQ (run_saving (routes[0]).exit_code, 1);
  extra_env_.back () = "OPENAI_BASE_URL=http://127.0.0.1:9/v1";
  EXPECT_EQ (run_saving (routes[2]).exit_code, 1);
  extra_env_ = canary_env;
  canary_server->push_fault ({ FaultKind::slow, 0, 3 });
  std::vector<std::string> slow = routes[0];
  slow.push_back ("--timeout");
  slow.push_back ("1");
  EXPECT_EQ (run_saving (slow).exit_code, 1);

  // An image that cannot be written goes to the rescue folder.
  extra_env_.push_back ("GPT_IMAGE_TEST_PAUSE_BEFORE_WRITE_MS=2000");
  LiveRun live = start ({ "generations", "--prompt", "a canary", "--output", "blocked/fox.png",
                          "--format", "png", "--json" });
  ASSERT_TRUE (wait_for_line (live, "test pause before writing")) << live.err_text;
  ASSERT_EQ (g_rmdir (path ("blocked").c_str ()), 0);
  ASSERT_TRUE (g_file_set_contents (path ("blocked").c_str (), "in the way", -1, nullptr));
  RunResult rescued = finish (live);
  output += rescued.out + rescued.err;
  EXPECT_EQ (rescued.exit_code, 1);
  EXPECT_FALSE (entries_of (path ("data/gpt-image/rescued")).empty ());

  EXPECT_TRUE (exit_codes.count (0) && exit_codes.count (1) && exit_codes.count (2));
  EXPECT_FALSE (holds_key (output, kCanaryKey));
  std::vector<std::string> files;
  files_under (workdir_, files);
  EXPECT_GT (files.size (), 100u);
  for (const std::string &file : files)
    EXPECT_FALSE (holds_key (read_file (file), kCanaryKey)) << file;
  // The search finds the key where it is.
  EXPECT_TRUE (holds_key (std::string ("x\\u0066ake-key-CANARY-d1st1nct-\n4e7b9c01"), kCanaryKey));
}

TEST_F (CliTest, ConfigFileOthersCanReadIsWarnedAboutWithTheFix)
{
  const std::string config = config_home_ + "/gpt-image/config.ini";
  ASSERT_EQ (g_mkdir_with_parents ((config_home_ + "/gpt-image").c_str (), 0700), 0);
  const std::string text = std::string ("[gpt-image]\nOPENAI_API_KEY=") + kApiKey + "\n";
  ASSERT_TRUE (g_file_set_contents (config.c_str (), text.c_str (), -1, nullptr));
  ASSERT_EQ (g_chmod (config.c_str (), 0644), 0);
  const std::vector<std::string> args = { "generations", "--prompt", "x", "--output", "o.png" };
  RunResult r = run (args, false);
  EXPECT_EQ (r.exit_code, 0) << r.err;
  EXPECT_TRUE (contains (r.err, "config file " + config + " can be read by other users")) << r.err;
  EXPECT_TRUE (contains (r.err, "chmod 600 '" + config + "'")) << r.err;

  ASSERT_EQ (g_chmod (config.c_str (), 0600), 0);
  r = run (args, false);
  EXPECT_EQ (r.exit_code, 0) << r.err;
  EXPECT_FALSE (contains (r.err, "chmod")) << r.err;
}

TEST_F (CliTest, StoreKeyWithoutAKeyringWritesThePrivateConfigFile)
{
  // No session bus, so no Secret Service: the key goes to the config file.
  extra_env_.push_back ("DBUS_SESSION_BUS_ADDRESS=unix:path=" + path ("no-bus"));
  const std::string config = config_home_ + "/gpt-image/config.ini";
  RunResult r = run ({ "store-key" }, false, std::string (kApiKey) + "\n");
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_TRUE (contains (r.out, "The API key is stored in " + config + " (mode 0600)")) << r.out;
  GStatBuf st;
  ASSERT_EQ (g_stat (config.c_str (), &st), 0);
  EXPECT_EQ (st.st_mode & 0777, 0600u);
  EXPECT_TRUE (contains (read_file (config), std::string ("OPENAI_API_KEY=") + kApiKey));
  // The CLI reads it back.
  r = run ({ "generations", "--prompt", "x", "--output", "o.png" }, false);
  EXPECT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (server_->requests ().size (), 1u);

  // The key is never an argument, and an empty line is no key; neither changes the file.
  std::string before = read_file (config);
  r = run ({ "store-key", "fake-key-on-the-command-line" }, false, std::string ("\n"));
  EXPECT_EQ (r.exit_code, 2);
  EXPECT_FALSE (contains (r.err, "fake-key-on-the-command-line")) << r.err;
  r = run ({ "store-key" }, false, std::string (" \n"));
  EXPECT_EQ (r.exit_code, 2);
  EXPECT_TRUE (contains (r.err, "no API key on standard input")) << r.err;
  EXPECT_EQ (read_file (config), before);
}

// The desktop keyring. Meson runs these under dbus-run-session (test "keyring") with a
// gnome-keyring daemon of their own, unlocked by a password on its standard input; the plain
// "cli" run leaves them out.
class KeyringTest : public CliTest
{
protected:
  static void SetUpTestSuite ()
  {
    if (!g_getenv ("DBUS_SESSION_BUS_ADDRESS"))
      return;
    CharPtr dir (g_dir_make_tmp ("gpt-image-keyring-XXXXXX", nullptr));
    keyring_home_ = dir.get ();
    std::string runtime = keyring_home_ + "/run";
    g_mkdir_with_parents (runtime.c_str (), 0700);
    ObjectPtr<GSubprocessLauncher> launcher (g_subprocess_launcher_new (
        static_cast<GSubprocessFlags> (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                       | G_SUBPROCESS_FLAGS_STDOUT_SILENCE)));
    g_subprocess_launcher_setenv (launcher.get (), "HOME", keyring_home_.c_str (), TRUE);
    g_subprocess_launcher_setenv (launcher.get (), "XDG_DATA_HOME",
                                  (keyring_home_ + "/data").c_str (), TRUE);
    g_subprocess_launcher_setenv (launcher.get (), "XDG_RUNTIME_DIR", runtime.c_str (), TRUE);
    ErrorOut error;
    // Daemonises once the login keyring is unlocked, which creates it with this password.
    ObjectPtr<GSubprocess> daemon (g_subprocess_launcher_spawn (
        launcher.get (), error.out (), "gnome-keyring-daemon", "--unlock", "--components=secrets",
        nullptr));
    if (!daemon)
      {
        start_error_ = "cannot start gnome-keyring-daemon: " + error.message ();
        return;
      }
    if (!g_subprocess_communicate_utf8 (daemon.get (), "test-keyring-password", nullptr, nullptr,
                                        nullptr, error.out ())
        || !g_subprocess_get_successful (daemon.get ()))
      start_error_ = "gnome-keyring-daemon --unlock failed: " + error.message ();
    else if (!secret_service_appears ())
      start_error_ = "gnome-keyring-daemon did not take org.freedesktop.secrets on the bus";
  }

  // The daemon takes its bus name a little after --unlock returns; a client that came first
  // would have the bus start another daemon.
  static bool secret_service_appears ()
  {
    ObjectPtr<GDBusConnection> bus (g_bus_get_sync (G_BUS_TYPE_SESSION, nullptr, nullptr));
    for (int i = 0; bus && i < 100; ++i)
      {
        GVariant *reply = g_dbus_connection_call_sync (
            bus.get (), "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
            "NameHasOwner", g_variant_new ("(s)", "org.freedesktop.secrets"),
            G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, nullptr, nullptr);
        gboolean owned = FALSE;
        if (reply)
          {
            g_variant_get (reply, "(b)", &owned);
            g_variant_unref (reply);
          }
        if (owned)
          return true;
        g_usleep (50 * 1000);
      }
    return false;
  }

  static void TearDownTestSuite ()
  {
    if (!keyring_home_.empty ())
      {
        std::string command = "rm -rf '" + keyring_home_ + "'";
        EXPECT_EQ (system (command.c_str ()), 0);
      }
  }

  void SetUp () override
  {
    if (!g_getenv ("DBUS_SESSION_BUS_ADDRESS"))
      GTEST_SKIP () << "needs a private session bus: run through meson test (dbus-run-session)";
    ASSERT_TRUE (start_error_.empty ()) << start_error_;
    CliTest::SetUp ();
    extra_env_.push_back (std::string ("DBUS_SESSION_BUS_ADDRESS=")
                          + g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
    secret_tool ({ "clear", "application", "gpt-image", "setting", "OPENAI_API_KEY" });
  }

  // Runs secret-tool (libsecret-tools) on the test's bus; its standard output.
  static std::string secret_tool (const std::vector<std::string> &args)
  {
    std::vector<const char *> argv { "secret-tool" };
    for (const auto &a : args)
      argv.push_back (a.c_str ());
    argv.push_back (nullptr);
    ErrorOut error;
    ObjectPtr<GSubprocess> tool (g_subprocess_newv (argv.data (), G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                                    error.out ()));
    EXPECT_TRUE (tool) << error.message ();
    gchar *out = nullptr;
    if (tool)
      g_subprocess_communicate_utf8 (tool.get (), nullptr, nullptr, &out, nullptr, error.out ());
    return take_string (out);
  }

  static std::string keyring_home_;
  static std::string start_error_;
};

std::string KeyringTest::keyring_home_;
std::string KeyringTest::start_error_;

TEST_F (KeyringTest, StoreKeyGoesToTheKeyringNotTheFileAndTheCliReadsItBack)
{
  // A stale key in the config file: storing in the keyring removes it, other values stay.
  const std::string config = config_home_ + "/gpt-image/config.ini";
  ASSERT_EQ (g_mkdir_with_parents ((config_home_ + "/gpt-image").c_str (), 0700), 0);
  ASSERT_TRUE (g_file_set_contents (
      config.c_str (), "[gpt-image]\nOPENAI_API_KEY=fake-key-stale\nOPENAI_IMAGE_QUALITY=low\n",
      -1, nullptr));
  RunResult r = run ({ "store-key" }, false, std::string (kApiKey) + "\n");
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (r.out, "The API key is stored in the desktop keyring.\n");
  EXPECT_EQ (secret_tool ({ "lookup", "application", "gpt-image", "setting", "OPENAI_API_KEY" }),
             kApiKey);
  std::string file = read_file (config);
  EXPECT_FALSE (contains (file, "OPENAI_API_KEY")) << file;
  EXPECT_TRUE (contains (file, "OPENAI_IMAGE_QUALITY=low")) << file;

  // Read back from the keyring (the server takes no other key).
  const std::vector<std::string> args = { "generations", "--prompt", "x", "--output", "o.png" };
  r = run (args, false);
  EXPECT_EQ (r.exit_code, 0) << r.err;
  // The keyring sits above the config file...
  file += "OPENAI_API_KEY=fake-key-stale\n";
  ASSERT_TRUE (g_file_set_contents (config.c_str (), file.c_str (), -1, nullptr));
  r = run (args, false);
  EXPECT_EQ (r.exit_code, 0) << r.err;
  // ...and below the environment.
  extra_env_.push_back ("OPENAI_API_KEY=fake-key-from-the-environment");
  r = run (args, false);
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_TRUE (contains (r.err, "HTTP 401")) << r.err;
  auto requests = server_->requests ();
  ASSERT_EQ (requests.size (), 3u);
  EXPECT_EQ (requests[0].status, 200);
  EXPECT_EQ (requests[1].status, 200);
  EXPECT_EQ (requests[2].status, 401);
}

TEST_F (KeyringTest, ABadKeyInTheKeyringIsNamedWithoutBeingShown)
{
  const std::string bad = std::string (kApiKey) + "\x1b[2J";
  std::vector<const char *> argv { "secret-tool", "store", "--label=gpt-image test",
                                   "application", "gpt-image", "setting", "OPENAI_API_KEY",
                                   nullptr };
  ErrorOut error;
  ObjectPtr<GSubprocess> tool (g_subprocess_newv (argv.data (), G_SUBPROCESS_FLAGS_STDIN_PIPE,
                                                  error.out ()));
  ASSERT_TRUE (tool) << error.message ();
  ASSERT_TRUE (g_subprocess_communicate_utf8 (tool.get (), bad.c_str (), nullptr, nullptr,
                                              nullptr, error.out ()));
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png" }, false);
  EXPECT_EQ (r.exit_code, 2) << r.err;
  EXPECT_TRUE (contains (r.err, "OPENAI_API_KEY (keyring) is invalid")) << r.err; // not shown
  EXPECT_TRUE (server_->requests ().empty ());
}

// ---- Networks people have: proxies and private certificate authorities -------------------

namespace {

// tests/tls makes these at build time.
std::string
tls_file (const char *name)
{
  return std::string (g_getenv ("GPT_IMAGE_TEST_TLS_DIR")) + "/" + name;
}

std::unique_ptr<TestServer>
start_https_server (const char *certificate, const char *key)
{
  TestServer::Options options;
  options.api_key = kApiKey;
  options.tls_certificate_file = tls_file (certificate);
  options.tls_key_file = tls_file (key);
  return TestServer::start (options);
}

// Nothing listens there: connections are refused at once.
constexpr const char *kDeadProxy = "http://127.0.0.1:1";

} // namespace

class CliNetworkTest : public CliTest
{
protected:
  void SetUp () override
  {
    CliTest::SetUp ();
    ASSERT_NE (g_getenv ("GPT_IMAGE_TEST_TLS_DIR"), nullptr) << "run through meson test";
    proxy_ = ForwardProxy::start ({});
    ASSERT_TRUE (proxy_);
    extra_env_.push_back ("no_proxy="); // the fixture's no_proxy=* would bypass every proxy
    // LeakSanitizer's stop-the-world fails ("does not work under ptrace") in a binary with
    // GIO's TLS threads running; address and UB errors are still caught in these runs.
    if (const char *asan = g_getenv ("ASAN_OPTIONS"))
      extra_env_.push_back (std::string ("ASAN_OPTIONS=") + asan + ":detect_leaks=0");
  }

  RunResult generate (std::vector<std::string> extra_args = {}) const
  {
    std::vector<std::string> args = { "generations", "--prompt", "a lighthouse", "--output",
                                      "out/l.png", "--format", "png", "--max-retries", "0" };
    args.insert (args.end (), extra_args.begin (), extra_args.end ());
    return run (args);
  }

  void use_https_server (const char *certificate, const char *key)
  {
    https_ = start_https_server (certificate, key);
    ASSERT_TRUE (https_);
    extra_env_.push_back ("OPENAI_BASE_URL=" + https_->base_url ());
  }

  static std::size_t error_lines (const std::string &err)
  {
    std::size_t count = 0;
    for (std::size_t at = err.find ("gpt-image:"); at != std::string::npos;
         at = err.find ("gpt-image:", at + 1))
      ++count;
    return count;
  }

  std::unique_ptr<ForwardProxy> proxy_;
  std::unique_ptr<TestServer> https_;
};

TEST_F (CliNetworkTest, HttpProxyForwardsTheRequestByItsAbsoluteUri)
{
  extra_env_.push_back ("http_proxy=" + proxy_->url ());
  RunResult r = generate ();
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_TRUE (decodes (path ("out/l.png")));
  auto through = proxy_->requests ();
  ASSERT_EQ (through.size (), 1u);
  EXPECT_EQ (through[0].method, "POST");
  EXPECT_EQ (through[0].target, server_->base_url () + "/images/generations");
  ASSERT_EQ (server_->requests ().size (), 1u);
  EXPECT_EQ (server_->requests ()[0].status, 200);
}

TEST_F (CliNetworkTest, HttpsGoesThroughTheProxyInAConnectTunnel)
{
  use_https_server ("server.pem", "server-key.pem");
  extra_env_.push_back ("https_proxy=" + proxy_->url ());
  extra_env_.push_back ("http_proxy=" + std::string (kDeadProxy)); // for http:// only
  RunResult r = generate ({ "--ca-bundle", tls_file ("ca.pem") });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_TRUE (decodes (path ("out/l.png")));
  auto through = proxy_->requests ();
  ASSERT_EQ (through.size (), 1u);
  EXPECT_EQ (through[0].method, "CONNECT");
  EXPECT_EQ (through[0].target, "127.0.0.1:" + std::to_string (https_->port ()));
  EXPECT_EQ (through[0].status, 200);
  ASSERT_EQ (https_->requests ().size (), 1u);
  EXPECT_EQ (https_->requests ()[0].status, 200);
}

TEST_F (CliNetworkTest, NoProxyReachesListedHostsDirectly)
{
  extra_env_.push_back ("http_proxy=" + proxy_->url ());
  extra_env_.push_back ("no_proxy=.example.invalid, 127.0.0.1");
  RunResult r = generate ();
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_TRUE (proxy_->requests ().empty ());
  EXPECT_EQ (server_->requests ().size (), 1u);

  // NO_PROXY when no_proxy is unset; * is every host.
  extra_env_.push_back ("no_proxy=");
  extra_env_.push_back ("NO_PROXY=*");
  r = generate ();
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_TRUE (proxy_->requests ().empty ());
  EXPECT_EQ (server_->requests ().size (), 2u);
}

TEST_F (CliNetworkTest, LowerCaseVariablesComeFirstThenAllProxy)
{
  extra_env_.push_back ("HTTP_PROXY=" + std::string (kDeadProxy));
  extra_env_.push_back ("http_proxy=" + proxy_->url ());
  RunResult r = generate ();
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (proxy_->requests ().size (), 1u);

  extra_env_.push_back ("http_proxy=");
  extra_env_.push_back ("HTTP_PROXY=");
  extra_env_.push_back ("https_proxy=" + std::string (kDeadProxy)); // for https:// only
  extra_env_.push_back ("all_proxy=" + proxy_->url ());
  r = generate ();
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (proxy_->requests ().size (), 2u);
}

TEST_F (CliNetworkTest, ProxySettingWinsOverTheVariables)
{
  extra_env_.push_back ("http_proxy=" + std::string (kDeadProxy));
  RunResult r = generate ({ "--proxy", proxy_->url () });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (proxy_->requests ().size (), 1u);

  // From the config file, as the GIMP plug-in reads it; a bare HOST:PORT means http://.
  std::string host_port = proxy_->url ().substr (std::strlen ("http://"));
  ASSERT_EQ (g_mkdir_with_parents ((config_home_ + "/gpt-image").c_str (), 0700), 0);
  std::string ini = "[gpt-image]\nOPENAI_IMAGE_PROXY=" + host_port + "\n";
  ASSERT_TRUE (g_file_set_contents ((config_home_ + "/gpt-image/config.ini").c_str (),
                                    ini.c_str (), -1, nullptr));
  r = generate ();
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (proxy_->requests ().size (), 2u);
}

TEST_F (CliNetworkTest, ProxyCredentialsFromTheUrlAreSentAndNeverShown)
{
  proxy_.reset ();
  proxy_ = ForwardProxy::start ({ "ada", "proxy-secret-42" });
  ASSERT_TRUE (proxy_);
  std::string with_credentials = "http://ada:proxy-secret-42@" + proxy_->url ().substr (7);
  extra_env_.push_back ("http_proxy=" + with_credentials);
  RunResult r = generate ();
  ASSERT_EQ (r.exit_code, 0) << r.err;
  auto through = proxy_->requests ();
  ASSERT_FALSE (through.empty ());
  EXPECT_TRUE (through.back ().had_credentials);
  EXPECT_EQ (through.back ().status, 0); // forwarded
  EXPECT_EQ (server_->requests ().size (), 1u);

  // https://: the CONNECT carries them, the request inside the tunnel does not.
  use_https_server ("server.pem", "server-key.pem");
  extra_env_.push_back ("https_proxy=" + with_credentials);
  r = generate ({ "--ca-bundle", tls_file ("ca.pem") });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  through = proxy_->requests ();
  EXPECT_EQ (through.back ().method, "CONNECT");
  EXPECT_TRUE (through.back ().had_credentials);
  EXPECT_EQ (through.back ().status, 200);
  ASSERT_EQ (https_->requests ().size (), 1u);
  EXPECT_EQ (https_->requests ()[0].headers.count ("proxy-authorization"), 0u);
  extra_env_.push_back ("OPENAI_BASE_URL=" + server_->base_url ());

  // A proxy that refuses: the message names it, never the password.
  std::string wrong = "http://ada:wrong-secret-7@" + proxy_->url ().substr (7);
  extra_env_.push_back ("http_proxy=" + wrong);
  r = generate ();
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_TRUE (contains (r.err, "407")) << r.err;
  EXPECT_FALSE (contains (r.err, "wrong-secret-7")) << r.err;
  EXPECT_FALSE (contains (r.out, "wrong-secret-7")) << r.out;
  EXPECT_EQ (server_->requests ().size (), 1u);
}

TEST_F (CliNetworkTest, UnreachableProxyIsNamedInTheError)
{
  extra_env_.push_back ("http_proxy=" + std::string (kDeadProxy));
  RunResult r = generate ();
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_TRUE (contains (r.err, "through the proxy http://127.0.0.1:1 (http_proxy)")) << r.err;
  EXPECT_TRUE (server_->requests ().empty ());
}

TEST_F (CliNetworkTest, MalformedProxyIsNamedBeforeAnythingIsSent)
{
  extra_env_.push_back ("http_proxy=proxy.example.invalid");
  RunResult r = generate ();
  EXPECT_EQ (r.exit_code, 2) << r.err;
  EXPECT_TRUE (contains (r.err, "http_proxy \"proxy.example.invalid\" (environment) is invalid: "
                                "must be an HTTP proxy URL, http://HOST:PORT"))
      << r.err;
  r = generate ({ "--proxy", "socks5://127.0.0.1:1080" });
  EXPECT_EQ (r.exit_code, 2) << r.err;
  EXPECT_TRUE (contains (r.err, "--proxy \"socks5://127.0.0.1:1080\" is invalid")) << r.err;
  EXPECT_TRUE (server_->requests ().empty ());
  EXPECT_TRUE (proxy_->requests ().empty ());
}

TEST_F (CliNetworkTest, CaBundleTrustsAPrivateAuthority)
{
  use_https_server ("server.pem", "server-key.pem");
  RunResult r = generate ({ "--ca-bundle", tls_file ("ca.pem") });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_TRUE (decodes (path ("out/l.png")));
  ASSERT_EQ (https_->requests ().size (), 1u);

  extra_env_.push_back ("OPENAI_IMAGE_CA_BUNDLE=" + tls_file ("ca.pem"));
  r = generate ();
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (https_->requests ().size (), 2u);
}

TEST_F (CliNetworkTest, UntrustedCertificateFailsOnceNamingTheSettingThatFixesIt)
{
  use_https_server ("server.pem", "server-key.pem");
  RunResult r = run ({ "generations", "--prompt", "a lighthouse", "--output", "out/l.png" });
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_TRUE (contains (r.err, "the TLS certificate of 127.0.0.1 is not trusted")) << r.err;
  EXPECT_TRUE (contains (r.err, "OPENAI_IMAGE_CA_BUNDLE or --ca-bundle")) << r.err;
  EXPECT_EQ (error_lines (r.err), 1u) << r.err; // not retried: it would fail the same way
  EXPECT_TRUE (https_->requests ().empty ());
  EXPECT_FALSE (file_exists (path ("out/l.png")));
}

// The fault matrix's "TLS failure": a server whose certificate signs itself.
TEST_F (CliNetworkTest, SelfSignedServerGivesTheSameClearError)
{
  use_https_server ("self-signed.pem", "self-signed-key.pem");
  RunResult r = generate ();
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_TRUE (contains (r.err, "the TLS certificate of 127.0.0.1 is not trusted")) << r.err;
  EXPECT_TRUE (contains (r.err, "OPENAI_IMAGE_CA_BUNDLE or --ca-bundle")) << r.err;

  // A bundle without its signer does not help, and says which bundle was asked.
  r = generate ({ "--ca-bundle", tls_file ("ca.pem") });
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_TRUE (contains (r.err, "not signed by a certificate authority in the CA bundle "
                                    + tls_file ("ca.pem")))
      << r.err;
  EXPECT_TRUE (https_->requests ().empty ());

  // The certificate itself can be the bundle.
  r = generate ({ "--ca-bundle", tls_file ("self-signed.pem") });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  EXPECT_EQ (https_->requests ().size (), 1u);
}

TEST_F (CliNetworkTest, UnusableCaBundleIsNamedBeforeAnythingIsSent)
{
  RunResult r = generate ({ "--ca-bundle", path ("missing.pem") });
  EXPECT_EQ (r.exit_code, 2) << r.err;
  EXPECT_TRUE (contains (r.err, "--ca-bundle \"" + path ("missing.pem")
                                    + "\" is invalid: cannot be read as PEM certificates"))
      << r.err;

  r = generate ({ "--ca-bundle", tls_file ("not-a-bundle.pem") });
  EXPECT_EQ (r.exit_code, 2) << r.err;
  EXPECT_TRUE (contains (r.err, "is invalid: holds no PEM certificate")) << r.err;

  ASSERT_EQ (g_mkdir_with_parents ((config_home_ + "/gpt-image").c_str (), 0700), 0);
  std::string ini = "[gpt-image]\nOPENAI_IMAGE_CA_BUNDLE=" + tls_file ("not-a-bundle.pem") + "\n";
  std::string config = config_home_ + "/gpt-image/config.ini";
  ASSERT_TRUE (g_file_set_contents (config.c_str (), ini.c_str (), -1, nullptr));
  r = generate ();
  EXPECT_EQ (r.exit_code, 2) << r.err;
  EXPECT_TRUE (contains (r.err, "OPENAI_IMAGE_CA_BUNDLE \"" + tls_file ("not-a-bundle.pem")
                                    + "\" (" + config + ", line 2) is invalid"))
      << r.err;
}

// ---- bad input: every flag and every configured value with every class of bad value --------

namespace {

using gptimage::testing::BadValue;
using gptimage::testing::RecordedRequest;
using gptimage::testing::ValueClass;
using gptimage::testing::Verdict;

// A flag's value and a configured value travel at most 128 KiB on Linux; files hold 1 MB.
constexpr std::size_t kHugeArgument = 100000;
constexpr std::size_t kHugeInFile = 1 << 20;

const char *
command_of (Route route)
{
  switch (route)
    {
    case Route::generations: return "generations";
    case Route::edits: return "edits";
    case Route::responses: return "responses";
    }
  return "";
}

// A run that works as it stands: the value under test comes last, so it wins over these.
std::vector<std::string>
working_run (Route route, const ParameterSpec &spec)
{
  // JPEG: the quickest result to make and check.
  std::vector<std::string> args = { command_of (route), "--prompt", "a red fox", "--output",
                                    "out-{index}.jpg" };
  if (route == Route::edits)
    args.insert (args.end (), { "--image", "in.png" });
  if (spec.id == Param::partial_images)
    args.push_back ("--stream"); // previews need a stream
  return args;
}

// Where a taken value shows in the request that was sent.
bool
carried (const RecordedRequest &request, const ParameterSpec &spec, const std::string &text)
{
  if (spec.id == Param::api_key)
    return request.status == 401; // the server knows one key only
  if (spec.header)
    {
      auto header = request.headers.find (spec.id == Param::organization ? "openai-organization"
                                                                          : "openai-project");
      return header != request.headers.end () && header->second == text;
    }
  if (spec.api.empty ())
    return true; // a setting of the connection (timeout, retries)
  for (const auto &part : request.parts)
    if (part.name == spec.api)
      return part.data == text;
  const std::string json = spec.storage == Storage::number ? ":" + text : "\"" + text + "\"";
  return contains (request.body, json);
}

// The one error line a refused value must give: NAME "SHOWN" (WHERE) is invalid: RULE.
void
expect_refused (const RunResult &r, const std::vector<RecordedRequest> &requests,
                const std::string &name, const std::string &where, const ParameterSpec *spec,
                const BadValue &value, const Verdict &verdict)
{
  EXPECT_TRUE (requests.empty ()) << "sent: " << requests.size ();
  EXPECT_EQ (r.exit_code, 2) << r.err.substr (0, 600);
  EXPECT_FALSE (r.killed_by_signal);
  const bool secret = spec && spec->secret;
  const std::string prefix = "gpt-image: " + name
                             + (secret ? "" : " \"" + gptimage::testing::expected_shown (value)
                                                + "\"")
                             + (where.empty () ? "" : " (" + where + ")") + " is invalid: ";
  const std::string first_line = r.err.substr (0, r.err.find ('\n'));
  EXPECT_EQ (first_line.rfind (prefix, 0), 0u) << "want: " << prefix << "\ngot:  "
                                               << first_line.substr (0, 600);
  const std::string rule = first_line.size () > prefix.size () ? first_line.substr (prefix.size ())
                                                               : std::string ();
  EXPECT_TRUE (contains (rule, verdict.rule_part)) << "rule: " << rule << "\nwant: "
                                                   << verdict.rule_part;
  // One line (a usage error adds the hint to --help), valid UTF-8, nothing raw, short.
  const auto lines = std::count (r.err.begin (), r.err.end (), '\n');
  EXPECT_TRUE (lines == 1 || (lines == 2 && contains (r.err, "Try \"gpt-image COMMAND --help\"")))
      << r.err.substr (0, 600);
  EXPECT_TRUE (g_utf8_validate (r.err.data (), static_cast<gssize> (r.err.size ()), nullptr));
  EXPECT_EQ (raw_controls (r.err), 0);
  EXPECT_LT (r.err.size (), 1000u);
  if (secret && value.text.size () >= 3)
    {
      EXPECT_FALSE (contains (r.err, value.text)) << "the key was shown";
    }
}

// A taken value: the run went on to send a request (false, with a failure, when it did not).
bool
expect_sent (const RunResult &r, const std::vector<RecordedRequest> &requests)
{
  EXPECT_FALSE (r.killed_by_signal);
  if (requests.empty ())
    ADD_FAILURE () << "nothing sent: " << r.err.substr (0, 600);
  return !requests.empty ();
}

} // namespace

// ---- The bounds of docs/limits.md, through the real binary: an error naming the bound, no
// more files than asked for, and memory that stays within a multiple of the largest image.

namespace {

struct MeasuredRun
{
  int exit_code = -1;
  std::string err;
  long peak_rss_kb = 0;
};

// Runs argv[0] in `cwd` with `envp` and waits for it with wait4, for its peak RSS. Linux keeps
// the larger of the forked copy's RSS and the program's in ru_maxrss, so the test process must
// be small itself: these tests run in a process of their own (CliMemoryTest, meson test
// `cli-memory`).
MeasuredRun
run_measured (const std::vector<const char *> &argv, gchar **envp, const std::string &cwd)
{
  MeasuredRun run;
  GPid pid = 0;
  int out_fd = -1, err_fd = -1;
  ErrorOut error;
  if (!g_spawn_async_with_pipes (cwd.c_str (), const_cast<gchar **> (argv.data ()), envp,
                                 G_SPAWN_DO_NOT_REAP_CHILD, nullptr, nullptr, &pid, nullptr,
                                 &out_fd, &err_fd, error.out ()))
    {
      ADD_FAILURE () << error.message ();
      return run;
    }
  char buffer[4096];
  for (ssize_t n; (n = read (err_fd, buffer, sizeof buffer)) > 0;)
    run.err.append (buffer, static_cast<std::size_t> (n));
  while (read (out_fd, buffer, sizeof buffer) > 0)
    ;
  close (out_fd);
  close (err_fd);
  int status = 0;
  struct rusage usage = {};
  EXPECT_EQ (wait4 (pid, &status, 0, &usage), pid);
  g_spawn_close_pid (pid);
  run.exit_code = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  run.peak_rss_kb = usage.ru_maxrss; // kilobytes on Linux
  return run;
}

constexpr long limit_kb (std::size_t bytes)
{
  return static_cast<long> (bytes / 1024);
}

} // namespace

class CliMemoryTest : public CliTest
{
};

TEST_F (CliMemoryTest, AnEndlessSseLineIsRefusedWithinTwiceTheEventLimit)
{
  Fault fault { FaultKind::huge_sse_line };
  fault.bytes = 400000000; // 400 MB, written as fast as the client reads
  server_->push_fault (fault);
  StrvPtr env = environment (true);
  const std::vector<std::string> args { "generations", "--prompt",         "x", "--output",
                                        "o.png",       "--stream", "--partial-images", "2" };
  MeasuredRun r = run_measured (argv_of (args), env.get (), workdir_);
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_TRUE (contains (r.err, "an SSE event of the stream is larger than the limit of 65 MiB"))
      << r.err;
  // 65 MiB of the line, and the program itself: never the 400 MB (1.2 GB before the limit).
  EXPECT_LT (r.peak_rss_kb, 2 * limit_kb (65 * 1024 * 1024)) << r.peak_rss_kb << " KB";
  EXPECT_TRUE (entries_of (workdir_ + "/out").empty ());
  EXPECT_FALSE (file_exists (path ("o.png")));
}

TEST_F (CliMemoryTest, ABodyPastItsLimitIsRefusedHoldingOnlyTheBodyAndOneImage)
{
  for (FaultKind kind : { FaultKind::huge_body, FaultKind::huge_announced_body })
    {
      Fault fault { kind };
      fault.bytes = 400000000;
      server_->push_fault (fault);
      StrvPtr env = environment (true);
      const std::vector<std::string> args { "generations", "--prompt", "x", "--output",
                                            "o.png",       "--max-retries", "0" };
      MeasuredRun r = run_measured (argv_of (args), env.get (), workdir_);
      EXPECT_EQ (r.exit_code, 1) << r.err;
      EXPECT_TRUE (contains (r.err, kind == FaultKind::huge_body
                                        ? "the response body is larger than its limit of 65 MiB"
                                        : "the response announces a body of 381 MiB"))
          << r.err;
      // The body (65 MiB), the image decoded from it while it arrived (48 MiB at most) and the
      // program itself (11 MB on Debian 12, 20 on 13: TLS and GIO modules loaded): never the
      // 400 MB.
      EXPECT_LT (r.peak_rss_kb, limit_kb ((65 + 48 + 24) * 1024 * 1024))
          << r.peak_rss_kb << " KB";
    }
  EXPECT_FALSE (file_exists (path ("o.png")));
}

TEST_F (CliTest, NoMorePartialFilesThanAskedFor)
{
  Fault fault { FaultKind::extra_partials };
  fault.count = 28; // 30 partial images for --partial-images 2
  server_->push_fault (fault);
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "out/p.png", "--stream",
                       "--partial-images", "2", "--json" });
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_TRUE (contains (r.err, "the stream sent more partial images than asked for: only 2 "
                                "were asked for (partial_images = 2)"))
      << r.err;
  EXPECT_EQ (entries_of (path ("out")),
             (std::vector<std::string> { "p-1-partial.png", "p-2-partial.png" }));
}

TEST_F (CliTest, NoMoreImagesThanAskedForAndTheOnesAskedForAreKept)
{
  Fault fault { FaultKind::extra_images };
  fault.count = 4; // 5 images for n = 1
  server_->push_fault (fault);
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "out/one.png", "--json" });
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_TRUE (contains (r.err, "the response holds more images than the 1 image asked for "
                                "(n = 1); the extra ones were refused"))
      << r.err;
  EXPECT_TRUE (contains (r.err, "kept 1 image file that arrived before the error")) << r.err;
  EXPECT_EQ (entries_of (path ("out")), (std::vector<std::string> { "one.png" }));
  EXPECT_TRUE (decodes (path ("out/one.png")));
  JsonNodePtr doc = parse_json (r.out);
  EXPECT_TRUE (contains (member_string (doc.get (), "files"), "out/one.png"));
}

TEST_F (CliTest, AnEmptyOrGarbledBodySaysWhatCame)
{
  server_->push_fault ({ FaultKind::empty_body });
  RunResult empty = run ({ "generations", "--prompt", "x", "--output", "o.png" });
  EXPECT_EQ (empty.exit_code, 1);
  EXPECT_TRUE (contains (empty.err, "gpt-image: the response body is empty")) << empty.err;
  server_->push_fault ({ FaultKind::garbage_body });
  RunResult garbage = run ({ "generations", "--prompt", "x", "--output", "o.png" });
  EXPECT_EQ (garbage.exit_code, 1);
  EXPECT_TRUE (contains (garbage.err, "gpt-image: the response is not JSON (2 KiB; "))
      << garbage.err;
  EXPECT_TRUE (contains (garbage.err, "\\x")) << garbage.err;
  EXPECT_EQ (raw_controls (garbage.err), 0) << garbage.err;
}

// ---- The fault matrix: every case of tests/fault-matrix/cases.json through the real binary.
// The outcome of each case goes to GPT_IMAGE_FAULT_MATRIX_OUT (tools/fault-matrix makes
// docs/fault-matrix.md of it and of the plug-in's run).

namespace {

struct MatrixRequest
{
  std::string route = "generations";
  int n = 1;
  int partial_images = 0;
  int timeout = 5;
};

struct MatrixKept
{
  int partial = 0;
  int final = 0;
  int invalid = 0;
};

gint64
member_int_or (JsonObject *object, const char *name, gint64 fallback)
{
  return object && json_object_has_member (object, name)
             ? json_object_get_int_member (object, name) : fallback;
}

MatrixRequest
matrix_request (JsonObject *entry)
{
  JsonObject *spec = json_object_has_member (entry, "request")
                         ? json_object_get_object_member (entry, "request") : nullptr;
  MatrixRequest request;
  if (spec && json_object_has_member (spec, "route"))
    request.route = json_object_get_string_member (spec, "route");
  request.n = static_cast<int> (member_int_or (spec, "n", 1));
  request.partial_images = static_cast<int> (member_int_or (spec, "partial_images", 0));
  request.timeout = static_cast<int> (member_int_or (spec, "timeout", 5));
  return request;
}

std::vector<std::string>
matrix_args (const std::string &id, const MatrixRequest &request)
{
  std::vector<std::string> args = { request.route, "--prompt", "fault matrix: " + id, "--output",
                                    "out/" + id + "/image.png", "--size", "1024x1024",
                                    "--timeout", std::to_string (request.timeout),
                                    "--max-retries", "1" };
  if (request.route == "generations")
    args.insert (args.end (), { "--quality", "low", "--n", std::to_string (request.n) });
  if (request.partial_images > 0)
    args.insert (args.end (),
                 { "--stream", "--partial-images", std::to_string (request.partial_images) });
  return args;
}

// A port on 127.0.0.1 that nothing listens on: bound, then closed.
int
refused_port ()
{
  ObjectPtr<GSocket> socket (g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                           G_SOCKET_PROTOCOL_TCP, nullptr));
  ObjectPtr<GInetAddress> loopback (g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4));
  ObjectPtr<GSocketAddress> any (g_inet_socket_address_new (loopback.get (), 0));
  EXPECT_TRUE (g_socket_bind (socket.get (), any.get (), FALSE, nullptr));
  ObjectPtr<GSocketAddress> bound (g_socket_get_local_address (socket.get (), nullptr));
  int port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound.get ()));
  g_socket_close (socket.get (), nullptr);
  return port;
}

// The error lines of a run: "gpt-image: ..." without warnings, retry notes and the note of
// what was kept.
std::vector<std::string>
error_lines (const std::string &err)
{
  std::vector<std::string> lines;
  std::istringstream in (err);
  for (std::string line; std::getline (in, line);)
    if (line.starts_with ("gpt-image: ") && !line.starts_with ("gpt-image: warning: ")
        && !line.starts_with ("gpt-image: kept ") && !contains (line, "; retry "))
      lines.push_back (line.substr (11));
  return lines;
}

// The request id changes from run to run: the table shows the rest.
std::string
without_request_id (std::string text)
{
  for (const char *marker : { ", request id req_", " (request id req_" })
    if (std::size_t at = text.find (marker); at != std::string::npos)
      {
        std::size_t end = text.find (')', at);
        bool alone = marker[1] == '(';
        text.erase (at, end == std::string::npos ? std::string::npos
                                                 : end - at + (alone ? 1 : 0));
      }
  return text;
}

} // namespace

// Every row with a flag, on every route that offers it, with every class of bad value: refused
// with one error naming the flag, the value (shown safely) and the rule, and nothing sent; or
// taken (free text such as "abc" for --user) and sent exactly as given.
TEST_F (CliTest, EveryTableFlagRefusesEveryBadValueBeforeSending)
{
  write_image ("in.png", 256, 256, ImageFormat::png);
  int refused = 0, taken = 0;
  for (Route route : { Route::generations, Route::edits, Route::responses })
    for (const auto &spec : parameter_table ())
      {
        if (spec.cli.empty () || !spec.on_route (route) || spec.storage == Storage::flag)
          continue;
        for (const BadValue &value : gptimage::testing::bad_values (kHugeArgument))
          {
            SCOPED_TRACE (std::string (command_of (route)) + " --" + std::string (spec.cli) + " "
                          + value.name);
            server_->clear ();
            for (const auto &name : entries_of (workdir_))
              if (name.starts_with ("out-"))
                g_unlink (path (name).c_str ());
            std::vector<std::string> args = working_run (route, spec);
            args.insert (args.end (), { "--" + std::string (spec.cli), value.text });
            RunResult r = run (args);
            const Verdict verdict = gptimage::testing::expected_verdict (spec, value, true);
            auto requests = server_->requests ();
            if (verdict.refused)
              {
                ++refused;
                expect_refused (r, requests, "--" + std::string (spec.cli), "", &spec, value,
                                verdict);
                EXPECT_FALSE (file_exists (path ("out-1.jpg")));
                continue;
              }
            ++taken;
            if (!expect_sent (r, requests))
              continue;
            EXPECT_TRUE (carried (requests.back (), spec, value.text))
                << requests.back ().body.substr (0, 600);
          }
      }
  std::printf ("flags: %d (flag, route, value) cases refused, %d taken\n", refused, taken);
}

// --stream=no was once taken as --stream.
TEST_F (CliTest, SwitchesTakeNoValue)
{
  for (const char *flag : { "--stream", "--no-stream", "--json", "--dry-run" })
    for (const BadValue &value : gptimage::testing::bad_values (kHugeArgument))
      {
        SCOPED_TRACE (std::string (flag) + " " + value.name);
        RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png",
                             std::string (flag) + "=" + value.text });
        expect_refused (r, server_->requests (), flag, "", nullptr, value,
                        gptimage::testing::refused ("takes no value"));
      }
}

namespace {

enum class ConfigLayer
{
  environment,
  env_file,
  config_file,
};

} // namespace

// Every configured value, from the environment, a .env file and the config file, with every
// class of bad value, on the first route that takes it: the error names the key and where it
// was set (the file and line), or the value is taken (empty: unset) and sent as given.
TEST_F (CliTest, EveryConfiguredValueRefusesEveryBadValueBeforeSending)
{
  write_image ("in.png", 256, 256, ImageFormat::png);
  const std::string ini = config_home_ + "/gpt-image/config.ini";
  g_mkdir_with_parents ((config_home_ + "/gpt-image").c_str (), 0700);
  int refused = 0, taken = 0;
  for (ConfigLayer layer : { ConfigLayer::environment, ConfigLayer::env_file,
                             ConfigLayer::config_file })
    for (const auto &spec : parameter_table ())
      {
        if (spec.key.empty ())
          continue;
        Route route = Route::generations;
        for (Route r : { Route::responses, Route::edits, Route::generations })
          if (spec.on_route (r))
            route = r;
        const std::string key (spec.key);
        const bool in_file = layer != ConfigLayer::environment;
        for (const BadValue &value :
             gptimage::testing::bad_values (in_file ? kHugeInFile : kHugeArgument))
          {
            SCOPED_TRACE (key + " " + value.name + " from layer "
                          + std::to_string (static_cast<int> (layer)));
            // Nothing but the config file is below it: with no base URL there the default,
            // the real API, would be asked.
            if (layer == ConfigLayer::config_file && spec.id == Param::base_url
                && value.kind == ValueClass::empty)
              continue;
            server_->clear ();
            g_unlink (path (".env").c_str ());
            g_unlink (ini.c_str ());
            extra_env_.clear ();
            // The layers above the one under test must not set the key; the config file
            // under them has the test server's URL, so that an empty one there is unset.
            if (spec.id == Param::base_url)
              {
                extra_env_.push_back (key + "=");
                ASSERT_TRUE (g_file_set_contents (ini.c_str (),
                                                  ("[gpt-image]\n" + key + "="
                                                   + server_->base_url () + "\n").c_str (),
                                                  -1, nullptr));
              }
            std::string where;
            switch (layer)
              {
              case ConfigLayer::environment:
                std::erase (extra_env_, key + "=");
                extra_env_.push_back (key + "=" + value.text);
                where = "environment";
                break;
              case ConfigLayer::env_file:
                ASSERT_TRUE (g_file_set_contents (path (".env").c_str (),
                                                  ("# bad input\n" + key + "=" + value.text
                                                   + "\n").c_str (), -1, nullptr));
                where = path (".env") + ", line 2";
                break;
              case ConfigLayer::config_file:
                ASSERT_TRUE (g_file_set_contents (ini.c_str (),
                                                  ("[gpt-image]\n# bad input\n" + key + "="
                                                   + value.text + "\n").c_str (), -1, nullptr));
                where = ini + ", line 3";
                break;
              }
            const bool key_from_layer = spec.id == Param::api_key;
            RunResult r = run (working_run (route, spec),
                               !key_from_layer || layer == ConfigLayer::environment);
            const Verdict verdict = gptimage::testing::expected_verdict (spec, value, false);
            auto requests = server_->requests ();
            if (verdict.refused)
              {
                ++refused;
                expect_refused (r, requests, key, where, &spec, value, verdict);
                continue;
              }
            ++taken;
            if (value.kind == ValueClass::empty && spec.id == Param::api_key)
              {
                // Unset, and no other layer has a key.
                EXPECT_EQ (r.exit_code, 2);
                EXPECT_TRUE (contains (r.err, "no API key")) << r.err;
                EXPECT_TRUE (requests.empty ());
                continue;
              }
            if (!expect_sent (r, requests))
              continue;
            if (value.kind != ValueClass::empty)
              {
                EXPECT_TRUE (carried (requests.back (), spec, value.text))
                    << requests.back ().body.substr (0, 600);
              }
          }
      }
  extra_env_.clear ();
  std::printf ("configuration: %d (key, layer, value) cases refused, %d taken\n", refused, taken);
}

namespace {

// The flags of the CLI's own (cli/cli-args.cc), by what their value is.
enum class FlagKind
{
  input_file,  // must name an existing image (or .env) file
  output_file, // any name the file system can hold
  text,        // an input text, like the prompt
  url,         // http(s)
  data_url,    // data:image/...;base64,...
  file_id,     // a Files API id
};

struct OwnFlag
{
  Route route;
  const char *flag;
  FlagKind kind;
  std::vector<std::string> before; // the rest of a working run
};

Verdict
own_flag_verdict (const OwnFlag &own, const BadValue &value)
{
  using gptimage::testing::refused;
  using gptimage::testing::kTaken;
  const bool is_env_file = std::string_view (own.flag) == "--env-file";
  switch (value.kind)
    {
    case ValueClass::empty:
      return refused (own.kind == FlagKind::output_file ? "it is empty" : "must not be empty");
    case ValueClass::huge_text:
    case ValueClass::huge_digits:
      if (own.kind == FlagKind::input_file)
        return refused (is_env_file ? "the file does not exist" : "the file name is too long");
      if (own.kind == FlagKind::output_file)
        return refused ("the file name short enough");
      break;
    case ValueClass::not_utf8:
      // File names are bytes: a Latin-1 name is a name.
      if (own.kind != FlagKind::input_file && own.kind != FlagKind::output_file)
        return refused ("must be valid UTF-8 text");
      break;
    default:
      break;
    }
  switch (own.kind)
    {
    case FlagKind::input_file:
      return refused ("the file does not exist");
    case FlagKind::output_file:
      return kTaken;
    case FlagKind::text:
      return value.text.size () > 32000 ? refused ("must be at most 32000 characters") : kTaken;
    case FlagKind::url:
      return refused ("must be an http:// or https:// URL");
    case FlagKind::data_url:
      return refused ("must be a data:image/...;base64,... URL");
    case FlagKind::file_id:
      return value.text.size () > 256 ? refused ("must be at most 256 characters") : kTaken;
    }
  return kTaken;
}

} // namespace

// The flags that are not rows of the table: files in and out, and the Responses inputs.
TEST_F (CliTest, EveryOtherFlagRefusesEveryBadValueBeforeSending)
{
  write_image ("in.png", 256, 256, ImageFormat::png);
  const std::vector<std::string> prompt = { "--prompt", "a red fox" };
  const std::vector<std::string> jpg = { "--output", "out-{index}.jpg" };
  auto with = [] (std::vector<std::string> a, const std::vector<std::string> &b) {
    a.insert (a.end (), b.begin (), b.end ());
    return a;
  };
  const std::vector<OwnFlag> flags = {
    { Route::generations, "--output", FlagKind::output_file, prompt },
    { Route::generations, "--save-response", FlagKind::output_file, with (prompt, jpg) },
    { Route::generations, "--env-file", FlagKind::input_file, with (prompt, jpg) },
    { Route::edits, "--image", FlagKind::input_file, with (prompt, jpg) },
    { Route::edits, "--mask", FlagKind::input_file,
      with (with (prompt, jpg), { "--image", "in.png" }) },
    { Route::responses, "--input-image", FlagKind::input_file, with (prompt, jpg) },
    { Route::responses, "--mask", FlagKind::input_file,
      with (with (prompt, jpg), { "--input-image", "in.png" }) },
    { Route::responses, "--input-text", FlagKind::text, jpg },
    { Route::responses, "--input-image-url", FlagKind::url, with (prompt, jpg) },
    { Route::responses, "--input-image-data-url", FlagKind::data_url, with (prompt, jpg) },
    { Route::responses, "--input-image-file-id", FlagKind::file_id, with (prompt, jpg) },
    { Route::responses, "--mask-url", FlagKind::url, with (prompt, jpg) },
    { Route::responses, "--mask-file-id", FlagKind::file_id, with (prompt, jpg) },
  };
  int refused = 0, taken = 0;
  for (const OwnFlag &own : flags)
    for (const BadValue &value : gptimage::testing::bad_values (kHugeArgument))
      {
        SCOPED_TRACE (std::string (command_of (own.route)) + " " + own.flag + " " + value.name);
        server_->clear ();
        for (const auto &name : entries_of (workdir_))
          if (name != "in.png")
            {
              std::string command = "rm -rf '" + path (name) + "'";
              ASSERT_EQ (system (command.c_str ()), 0);
            }
        std::vector<std::string> args = { command_of (own.route) };
        args.insert (args.end (), own.before.begin (), own.before.end ());
        args.insert (args.end (), { own.flag, value.text });
        RunResult r = run (args);
        const Verdict verdict = own_flag_verdict (own, value);
        auto requests = server_->requests ();
        if (verdict.refused)
          {
            ++refused;
            expect_refused (r, requests, own.flag, "", nullptr, value, verdict);
            EXPECT_EQ (entries_of (workdir_), std::vector<std::string> { "in.png" });
            continue;
          }
        ++taken;
        if (!expect_sent (r, requests))
          continue;
        if (own.kind == FlagKind::output_file)
          {
            // Written under the very name given, bytes and all.
            EXPECT_EQ (r.exit_code, 0) << r.err.substr (0, 600);
            EXPECT_TRUE (file_exists (path (value.text))) << r.err.substr (0, 600);
          }
        else
          EXPECT_TRUE (contains (requests.back ().body, "\"" + value.text + "\""))
              << requests.back ().body.substr (0, 600);
      }
  std::printf ("other flags: %d (flag, value) cases refused, %d taken\n", refused, taken);
}

// Without a prompt or an input text, the prompt is what is missing (GIMP has no other text).
TEST_F (CliTest, ResponsesWithoutAnyTextNameThePrompt)
{
  RunResult r = run ({ "responses", "--output", "o.png" });
  EXPECT_EQ (r.exit_code, 2);
  EXPECT_EQ (r.err, "gpt-image: --prompt \"\" is invalid: must not be empty: the request needs a "
                    "prompt or an input text\n");
  EXPECT_TRUE (server_->requests ().empty ());
}

TEST_F (CliTest, FaultMatrix)
{
  const char *cases_path = g_getenv ("GPT_IMAGE_FAULT_CASES");
  ASSERT_NE (cases_path, nullptr) << "run through meson test";
  JsonNodePtr cases_doc = parse_json (read_file (cases_path));
  ASSERT_TRUE (cases_doc);
  JsonArray *cases = json_object_get_array_member (json_node_get_object (cases_doc.get ()),
                                                   "cases");
  extra_env_.push_back ("XDG_DATA_HOME=" + path ("data"));
  const std::size_t env_base = extra_env_.size ();
  ObjectPtr<JsonBuilder> rows (json_builder_new ());
  json_builder_begin_array (rows.get ());

  for (guint i = 0; i < json_array_get_length (cases); ++i)
    {
      JsonObject *entry = json_array_get_object_element (cases, i);
      std::string id = json_object_get_string_member (entry, "id");
      SCOPED_TRACE ("case " + id);
      if (json_object_has_member (entry, "pending"))
        continue;
      MatrixRequest request = matrix_request (entry);
      JsonObject *expect = json_object_get_object_member (entry, "expect");

      server_->clear ();
      if (json_object_has_member (entry, "faults"))
        {
          auto faults = gptimage::testing::parse_faults_json (
              take_string (json_to_string (json_object_get_member (entry, "faults"), FALSE)));
          ASSERT_TRUE (faults.ok ()) << faults.error ().message;
          for (const Fault &fault : faults.value ())
            server_->push_fault (fault);
        }
      extra_env_.resize (env_base);
      std::string address = json_object_has_member (entry, "address")
                                ? json_object_get_string_member (entry, "address") : "";
      if (address == "refused")
        extra_env_.push_back ("OPENAI_BASE_URL=http://127.0.0.1:"
                              + std::to_string (refused_port ()) + "/v1");
      else if (address == "dns")
        extra_env_.push_back ("OPENAI_BASE_URL=http://gpt-image-fault-matrix.invalid/v1");
      std::unique_ptr<TestServer> self_signed;
      if (address == "tls-self-signed")
        {
          self_signed = start_https_server ("self-signed.pem", "self-signed-key.pem");
          ASSERT_TRUE (self_signed);
          extra_env_.push_back ("OPENAI_BASE_URL=" + self_signed->base_url ());
        }

      gint64 start = g_get_monotonic_time ();
      RunResult r = run (matrix_args (id, request));
      double seconds = static_cast<double> (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
      auto requests = server_->requests ();

      // What is left in the output folder, and in the rescue folder.
      MatrixKept kept;
      for (const std::string &name : entries_of (path ("out/" + id)))
        {
          EXPECT_NE (name[0], '.') << "temporary file left: " << name;
          if (g_str_has_suffix (name.c_str (), ".invalid"))
            ++kept.invalid;
          else if (contains (name, "-partial."))
            ++kept.partial;
          else
            {
              ++kept.final;
              EXPECT_TRUE (decodes (path ("out/" + id + "/" + name))) << name;
            }
        }
      EXPECT_TRUE (entries_of (path ("data/gpt-image/rescued")).empty ());

      // The checks: no crash, no hang, the exit code, one error naming what happened, what
      // was kept, the requests that reached the server.
      EXPECT_FALSE (r.killed_by_signal) << r.err;
      double bound = 2.0 * request.timeout + 4.0; // two attempts, a backoff or Retry-After
      EXPECT_LT (seconds, bound);
      EXPECT_EQ (r.exit_code, member_int_or (expect, "exit", 1)) << r.err;
      std::vector<std::string> errors = error_lines (r.err);
      JsonNode *words = json_object_get_member (expect, "error");
      if (JSON_NODE_HOLDS_NULL (words))
        EXPECT_TRUE (errors.empty ()) << r.err;
      else
        {
          EXPECT_EQ (errors.size (), 1u) << r.err;
          JsonArray *list = json_node_get_array (words);
          for (guint w = 0; w < json_array_get_length (list) && !errors.empty (); ++w)
            EXPECT_TRUE (contains (errors.back (), json_array_get_string_element (list, w)))
                << json_array_get_string_element (list, w) << " in: " << errors.back ();
        }
      if (json_object_has_member (expect, "warning"))
        {
          EXPECT_TRUE (contains (r.err, json_object_get_string_member (expect, "warning")))
              << r.err;
        }
      JsonObject *want = json_object_has_member (expect, "kept")
                             ? json_object_get_object_member (expect, "kept") : nullptr;
      EXPECT_EQ (kept.partial, member_int_or (want, "partial", 0));
      EXPECT_EQ (kept.final, member_int_or (want, "final", 0));
      EXPECT_EQ (kept.invalid, member_int_or (want, "invalid", 0));
      EXPECT_EQ (static_cast<gint64> (requests.size ()), member_int_or (expect, "requests", 1));
      double gap = requests.size () == 2
                       ? static_cast<double> (requests[1].received_us - requests[0].received_us)
                             / G_USEC_PER_SEC
                       : 0;
      if (json_object_has_member (expect, "min_gap"))
        {
          EXPECT_GE (gap, json_object_get_double_member (expect, "min_gap"));
        }

      JsonBuilder *b = rows.get ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id.c_str ());
      json_builder_set_member_name (b, "exit");
      json_builder_add_int_value (b, r.exit_code);
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (
          b, errors.empty () ? "" : without_request_id (errors.back ()).c_str ());
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, seconds);
      json_builder_set_member_name (b, "statuses");
      json_builder_begin_array (b);
      for (const auto &recorded : requests)
        json_builder_add_int_value (b, recorded.status);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "gap");
      json_builder_add_double_value (b, gap);
      json_builder_set_member_name (b, "kept");
      json_builder_begin_object (b);
      for (auto [name, count] : { std::pair<const char *, int> { "partial", kept.partial },
                                  { "final", kept.final }, { "invalid", kept.invalid } })
        {
          json_builder_set_member_name (b, name);
          json_builder_add_int_value (b, count);
        }
      json_builder_end_object (b);
      json_builder_set_member_name (b, "passed");
      json_builder_add_boolean_value (b, !::testing::Test::HasFailure ());
      json_builder_end_object (b);
    }
  json_builder_end_array (rows.get ());
  if (const char *out = g_getenv ("GPT_IMAGE_FAULT_MATRIX_OUT"))
    {
      JsonNodePtr doc (json_builder_get_root (rows.get ()));
      std::string text = take_string (json_to_string (doc.get (), TRUE));
      EXPECT_TRUE (g_file_set_contents (out, text.c_str (), static_cast<gssize> (text.size ()),
                                        nullptr));
    }
}

// ---- Retries, as the test server's records show them: the gaps between the attempts.

namespace {

// Seconds between the arrivals of recorded requests i and i + 1.
std::vector<double>
gaps_between (const std::vector<gptimage::testing::RecordedRequest> &requests)
{
  std::vector<double> gaps;
  for (std::size_t i = 1; i < requests.size (); ++i)
    gaps.push_back (static_cast<double> (requests[i].received_us - requests[i - 1].received_us)
                    / G_USEC_PER_SEC);
  return gaps;
}

Fault
status_fault (int status, double retry_after = -1)
{
  Fault fault { FaultKind::http_error };
  fault.status = status;
  if (retry_after >= 0)
    {
      fault.with_retry_after = true;
      fault.retry_after_seconds = retry_after;
    }
  return fault;
}

} // namespace

// Without a hint: 0.5 s, then 1 s, each less up to a quarter of jitter (retry-policy.cc).
TEST_F (CliTest, BackoffDoublesBetweenAttempts)
{
  for (int i = 0; i < 3; ++i)
    server_->push_fault (status_fault (500));
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png", "--max-retries", "2" });
  EXPECT_EQ (r.exit_code, 1) << r.err;
  auto requests = server_->requests ();
  ASSERT_EQ (requests.size (), 3u);
  std::vector<double> gaps = gaps_between (requests);
  EXPECT_GE (gaps[0], 0.375);
  EXPECT_LT (gaps[0], 0.5 + 0.25);
  EXPECT_GE (gaps[1], 0.75);
  EXPECT_LT (gaps[1], 1.0 + 0.25);
  EXPECT_TRUE (contains (r.err, "; retry 1 in ")) << r.err;
  EXPECT_TRUE (contains (r.err, "; retry 2 in ")) << r.err;
  EXPECT_EQ (error_lines (r.err).size (), 1u) << r.err;
}

TEST_F (CliTest, RetryAfterIsHonoured)
{
  // Retry-After in seconds alone.
  server_->push_fault (status_fault (429, 2));
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "a.png" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  std::vector<double> gaps = gaps_between (server_->requests ());
  ASSERT_EQ (gaps.size (), 1u);
  EXPECT_GE (gaps[0], 2.0);
  EXPECT_LT (gaps[0], 2.4);
  EXPECT_TRUE (contains (r.err, "retry 1 in 2.0 s")) << r.err;
  // retry-after-ms before Retry-After (1500 ms, where Retry-After says 2 s).
  server_->clear ();
  Fault fault { FaultKind::rate_limit };
  fault.retry_after_seconds = 1.5;
  server_->push_fault (fault);
  r = run ({ "generations", "--prompt", "x", "--output", "b.png" });
  ASSERT_EQ (r.exit_code, 0) << r.err;
  gaps = gaps_between (server_->requests ());
  ASSERT_EQ (gaps.size (), 1u);
  EXPECT_GE (gaps[0], 1.5);
  EXPECT_LT (gaps[0], 1.9);
}

TEST_F (CliTest, UserErrorsAreNeverRetried)
{
  std::vector<Fault> faults;
  for (int status : { 400, 401, 403, 404, 413, 422 })
    faults.push_back (status_fault (status));
  faults.push_back ({ FaultKind::moderation_blocked });
  faults.push_back ({ FaultKind::insufficient_quota }); // a 429 that waiting does not cure
  for (const Fault &fault : faults)
    {
      SCOPED_TRACE (std::string (gptimage::testing::fault_kind_name (fault.kind)) + " "
                    + std::to_string (fault.status));
      server_->clear ();
      for (int i = 0; i < 4; ++i)
        server_->push_fault (fault);
      RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png", "--max-retries",
                           "3" });
      EXPECT_EQ (r.exit_code, 1) << r.err;
      EXPECT_EQ (server_->requests ().size (), 1u);
      EXPECT_FALSE (contains (r.err, "; retry ")) << r.err;
    }
}

// The wait is bounded twice over: a server's hint is taken up to 60 s only (past that the
// usual backoff applies), and --max-retries bounds the number of waits.
TEST_F (CliTest, TheTotalWaitIsBounded)
{
  for (int i = 0; i < 5; ++i)
    server_->push_fault (status_fault (503, 3600));
  gint64 start = g_get_monotonic_time ();
  RunResult r = run ({ "generations", "--prompt", "x", "--output", "o.png", "--max-retries", "2" });
  double seconds = static_cast<double> (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  EXPECT_EQ (r.exit_code, 1) << r.err;
  EXPECT_EQ (server_->requests ().size (), 3u);
  EXPECT_LT (seconds, 0.5 + 1.0 + 1.5); // the two backoffs and the runs themselves
  std::vector<double> gaps = gaps_between (server_->requests ());
  ASSERT_EQ (gaps.size (), 2u);
  EXPECT_LT (gaps[0], 0.75);
  EXPECT_LT (gaps[1], 1.25);
  EXPECT_EQ (server_->pending_faults (), 2u);
}

// Ctrl-C while the CLI waits 30 s before its retry: it stops at once, sends nothing more.
TEST_F (CliTest, InterruptDuringTheBackoffWaitStopsAtOnce)
{
  Fault fault { FaultKind::rate_limit };
  fault.retry_after_seconds = 30;
  server_->push_fault (fault);
  LiveRun live = start ({ "generations", "--prompt", "x", "--output", "o.png" });
  ASSERT_TRUE (wait_for_line (live, "retry 1 in 30.0 s")) << live.err_text;
  gint64 signalled = g_get_monotonic_time ();
  g_subprocess_send_signal (live.process.get (), SIGINT);
  RunResult r = finish (live);
  double seconds = static_cast<double> (g_get_monotonic_time () - signalled) / G_USEC_PER_SEC;
  EXPECT_FALSE (r.killed_by_signal) << r.err;
  EXPECT_EQ (r.exit_code, 130) << r.err;
  EXPECT_LT (seconds, 2.0);
  EXPECT_TRUE (contains (r.err, "gpt-image: cancelled")) << r.err;
  EXPECT_EQ (server_->requests ().size (), 1u);
  EXPECT_EQ (server_->pending_faults (), 0u);
  EXPECT_FALSE (file_exists (path ("o.png")));
}
