#include "summary.h"

#include "exit-code.h"

#include "gptimage/i18n.h"
#include "gptimage/display-text.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/provenance.h"

#include <cstdio>
#include <optional>

namespace gptimage::cli {

namespace {

void
add_string (JsonBuilder *builder, const char *name, const std::string &value)
{
  if (value.empty ())
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value.c_str ());
}

// json-glib writes C0 controls inside strings as \u00XX but DEL and C1 controls raw, and a
// terminal may act on those. Outside strings JSON text is ASCII, so every such character is
// inside a string, where its \u escape stands for the same text.
std::string
escape_del_and_c1 (const char *json)
{
  std::string out;
  for (const char *p = json; *p; ++p)
    {
      auto c = static_cast<unsigned char> (*p);
      auto next = static_cast<unsigned char> (p[1]);
      char escape[8];
      if (c == 0x7f)
        out += "\\u007f";
      else if (c == 0xc2 && next >= 0x80 && next <= 0x9f)
        {
          std::snprintf (escape, sizeof escape, "\\u%04x", static_cast<unsigned> (next));
          out += escape;
          ++p;
        }
      else
        out += static_cast<char> (c);
    }
  return out;
}

void
print_json (JsonBuilder *builder)
{
  JsonNodePtr root (json_builder_get_root (builder));
  ObjectPtr<JsonGenerator> generator (json_generator_new ());
  json_generator_set_pretty (generator.get (), TRUE);
  json_generator_set_root (generator.get (), root.get ());
  CharPtr text (json_generator_to_data (generator.get (), nullptr));
  std::printf ("%s\n", escape_del_and_c1 (text.get ()).c_str ());
  std::fflush (stdout);
}

const char *
kind_of (const WrittenFile &file)
{
  if (file.invalid)
    return "invalid";
  return file.partial ? "partial" : "final";
}

constexpr const char *kGenerator = "gpt-image " GPT_IMAGE_VERSION;

// The provenance of the final image a written file holds; none for partial images and runs
// without an answer.
std::optional<Provenance>
provenance_of (const WrittenFile &file, const ApiResult *result, const PreparedRun *run)
{
  if (!result || !run || file.partial)
    return std::nullopt;
  for (const GeneratedImage &image : result->images)
    if (image.index + 1 == file.index)
      return make_provenance (*run, *result, image, kGenerator);
  return std::nullopt;
}

void
add_files (JsonBuilder *builder, const std::vector<WrittenFile> &files,
           const ApiResult *result = nullptr, const PreparedRun *run = nullptr)
{
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (const auto &file : files)
    {
      json_builder_begin_object (builder);
      add_string (builder, "path", file.path);
      add_string (builder, "kind", kind_of (file));
      add_string (builder, "rescued_from", file.wanted_path);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, file.index);
      add_string (builder, "format", file.format);
      json_builder_set_member_name (builder, "bytes");
      json_builder_add_int_value (builder, static_cast<gint64> (file.bytes));
      add_string (builder, "sha256", file.sha256);
      add_string (builder, "revised_prompt", file.revised_prompt);
      if (auto provenance = provenance_of (file, result, run))
        if (JsonNode *node = json_from_string (provenance_json (*provenance, false).c_str (),
                                               nullptr))
          {
            json_builder_set_member_name (builder, "provenance");
            json_builder_add_value (builder, node);
          }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

void
add_warnings (JsonBuilder *builder, const std::vector<std::string> &warnings)
{
  if (warnings.empty ())
    return;
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (const auto &warning : warnings)
    json_builder_add_string_value (builder, warning.c_str ());
  json_builder_end_array (builder);
}

} // namespace

void
print_summary (const std::vector<WrittenFile> &files, const ApiResult *result, bool json,
               const std::vector<std::string> &warnings, const PreparedRun *run)
{
  if (json)
    {
      // On failure report_error prints the JSON document, with the kept files.
      if (!result)
        return;
      ObjectPtr<JsonBuilder> builder (json_builder_new ());
      json_builder_begin_object (builder.get ());
      json_builder_set_member_name (builder.get (), "ok");
      json_builder_add_boolean_value (builder.get (), TRUE);
      add_files (builder.get (), files, result, run);
      add_warnings (builder.get (), warnings);
      add_string (builder.get (), "response_id", result->response_id);
      add_string (builder.get (), "request_id", result->request_id);
      if (!result->usage_json.empty ())
        {
          JsonNode *usage = json_from_string (result->usage_json.c_str (), nullptr);
          if (usage)
            {
              json_builder_set_member_name (builder.get (), "usage");
              json_builder_add_value (builder.get (), usage);
            }
        }
      json_builder_end_object (builder.get ());
      print_json (builder.get ());
      return;
    }
  // The format (when the bytes did not tell), revised prompt and response id are the
  // server's words: shown escaped, one line each.
  for (const auto &file : files)
    {
      const std::string detail
          = file.wanted_path.empty ()
                /* Translators: a saved file's format and size: "png, 12345 bytes". */
                ? printf_string (g_dngettext (GETTEXT_PACKAGE, "%s, %zu byte", "%s, %zu bytes",
                                              file.bytes),
                                 display_text (file.format).c_str (), file.bytes)
                : printf_string (g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: the format, the size, then the path
                                                 it was meant for. */
                                              "%s, %zu byte; could not be written to %s",
                                              "%s, %zu bytes; could not be written to %s",
                                              file.bytes),
                                 display_text (file.format).c_str (), file.bytes,
                                 file.wanted_path.c_str ());
      // The kind (final, partial, invalid) stays a word scripts can match.
      std::printf ("%-7s  %s  (%s)\n", kind_of (file), file.path.c_str (), detail.c_str ());
      if (!file.revised_prompt.empty () && !file.partial)
        std::printf ("         %s\n",
                     /* Translators: %s is the prompt as the model rewrote it. */
                     printf_string (_("revised prompt: %s"),
                                    display_text (file.revised_prompt).c_str ())
                         .c_str ());
    }
  if (result && !result->response_id.empty ())
    /* Translators: %s is the Responses API's response id (resp_…). */
    std::printf ("%s\n", printf_string (_("response id: %s"),
                                        display_text (result->response_id).c_str ())
                             .c_str ());
  if (result && run && !result->images.empty ())
    {
      const Provenance first = make_provenance (*run, *result, result->images.front (),
                                                kGenerator);
      /* Translators: what the run cost, then the estimate before sending ("up to $0.211");
         the amounts are made by the program. */
      std::printf ("%s\n", printf_string (_("cost: %s (estimate was %s)"),
                                          cost_in_words (first.cost).c_str (),
                                          cost_in_words (first.estimate).c_str ())
                               .c_str ());
    }
  std::fflush (stdout);
}

int
report_error (const Error &error, bool json, const std::vector<WrittenFile> &kept,
              const std::vector<std::string> &warnings)
{
  std::fprintf (stderr, "gpt-image: %s\n", error.describe ().c_str ());
  if (!kept.empty ())
    std::fprintf (stderr, "gpt-image: %s\n",
                  (error.kind == ErrorKind::cancelled
                       ? printf_string (g_dngettext (GETTEXT_PACKAGE,
                                                     /* Translators: how many image files were
                                                        kept after Ctrl+C or a cancel. */
                                                     "kept %zu image file that arrived before the "
                                                     "interruption",
                                                     "kept %zu image files that arrived before the "
                                                     "interruption",
                                                     kept.size ()),
                                        kept.size ())
                       : printf_string (g_dngettext (GETTEXT_PACKAGE,
                                                     /* Translators: how many image files were
                                                        kept after the error. */
                                                     "kept %zu image file that arrived before the "
                                                     "error",
                                                     "kept %zu image files that arrived before the "
                                                     "error",
                                                     kept.size ()),
                                        kept.size ()))
                      .c_str ());
  if (json)
    {
      ObjectPtr<JsonBuilder> builder (json_builder_new ());
      json_builder_begin_object (builder.get ());
      json_builder_set_member_name (builder.get (), "ok");
      json_builder_add_boolean_value (builder.get (), FALSE);
      add_files (builder.get (), kept);
      add_warnings (builder.get (), warnings);
      json_builder_set_member_name (builder.get (), "error");
      json_builder_begin_object (builder.get ());
      add_string (builder.get (), "kind", std::string (error_kind_name (error.kind)));
      add_string (builder.get (), "message", error.message);
      if (error.http_status != 0)
        {
          json_builder_set_member_name (builder.get (), "status");
          json_builder_add_int_value (builder.get (), error.http_status);
        }
      add_string (builder.get (), "type", error.type);
      add_string (builder.get (), "code", error.code);
      add_string (builder.get (), "param", error.param);
      add_string (builder.get (), "request_id", error.request_id);
      json_builder_end_object (builder.get ());
      json_builder_end_object (builder.get ());
      print_json (builder.get ());
    }
  return exit_code_for (error);
}

} // namespace gptimage::cli
