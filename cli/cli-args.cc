#include "cli-args.h"

#include "gptimage/config.h"
#include "gptimage/glib-ptr.h"


namespace gptimage::cli {

namespace {

// GOptionContext writes into these C-typed slots; they are copied into CliArgs afterwards.
struct RawOptions
{
  gchar *env_file = nullptr, *base_url = nullptr, *api_key = nullptr, *model = nullptr;
  gchar *timeout = nullptr, *max_retries = nullptr, *organization = nullptr, *project = nullptr;
  gchar *output = nullptr, *save_response = nullptr;
  gboolean json = FALSE, dry_run = FALSE, stream = FALSE, no_stream = FALSE;
  gchar *size = nullptr, *quality = nullptr, *background = nullptr, *format = nullptr;
  gchar *compression = nullptr, *moderation = nullptr, *user = nullptr;
  gchar *partial_images = nullptr, *n = nullptr, *response_format = nullptr;
  gchar *prompt = nullptr, *mask = nullptr, *image_field_style = nullptr;
  gchar **images = nullptr;
  gchar **input_texts = nullptr, **input_image_files = nullptr, **input_image_urls = nullptr;
  gchar **input_image_data_urls = nullptr, **input_image_file_ids = nullptr;
  gchar *mask_url = nullptr, *mask_file_id = nullptr, *tool_model = nullptr, *action = nullptr;
  gchar *input_fidelity = nullptr, *tool_choice = nullptr, *previous_response_id = nullptr;
  gchar *metadata_json = nullptr;

  RawOptions () = default;
  RawOptions (const RawOptions &) = delete;
  RawOptions &operator= (const RawOptions &) = delete;
  ~RawOptions ()
  {
    for (gchar *s : { env_file, base_url, api_key, model, timeout, max_retries, organization,
                      project, output, save_response, size, quality, background, format,
                      compression, moderation, user, partial_images, n, response_format, prompt,
                      mask, image_field_style, mask_url, mask_file_id, tool_model, action,
                      input_fidelity, tool_choice, previous_response_id, metadata_json })
      g_free (s);
    for (gchar **v : { images, input_texts, input_image_files, input_image_urls,
                       input_image_data_urls, input_image_file_ids })
      g_strfreev (v);
  }
};

GOptionEntry
string_entry (const char *name, gchar **slot, const char *description, const char *arg)
{
  return { name, 0, 0, G_OPTION_ARG_STRING, slot, description, arg };
}

GOptionEntry
file_entry (const char *name, gchar **slot, const char *description, const char *arg)
{
  return { name, 0, 0, G_OPTION_ARG_FILENAME, slot, description, arg };
}

GOptionEntry
flag_entry (const char *name, gboolean *slot, const char *description)
{
  return { name, 0, 0, G_OPTION_ARG_NONE, slot, description, nullptr };
}

GOptionEntry
strings_entry (const char *name, gchar ***slot, const char *description, const char *arg)
{
  return { name, 0, 0, G_OPTION_ARG_STRING_ARRAY, slot, description, arg };
}

GOptionEntry
files_entry (const char *name, gchar ***slot, const char *description, const char *arg)
{
  return { name, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, slot, description, arg };
}

void
add_group (GOptionContext *context, const char *name, const char *title,
           std::vector<GOptionEntry> entries)
{
  entries.push_back (GOptionEntry {});
  GOptionGroup *group = g_option_group_new (name, title, title, nullptr, nullptr);
  g_option_group_add_entries (group, entries.data ());
  g_option_context_add_group (context, group); // the context owns the group
}

void
set_flag (CliArgs &args, const char *key, const gchar *value)
{
  if (value != nullptr)
    args.config_flags[key] = value;
}

void
append_images (std::vector<InputImageRef> &out, gchar **values, InputImageRef::Kind kind)
{
  for (gchar **v = values; v && *v; ++v)
    out.push_back ({ kind, *v });
}

const char *
summary_for (Route route)
{
  switch (route)
    {
    case Route::generations:
      return "Create images from a prompt: POST /v1/images/generations (JSON).";
    case Route::edits:
      return "Edit images, optionally through a mask: POST /v1/images/edits (multipart).";
    case Route::responses:
      return "Generate or edit through the Responses API image_generation tool: POST "
             "/v1/responses.";
    }
  return "";
}

} // namespace

std::string
top_level_help ()
{
  return "Usage:\n"
         "  gpt-image COMMAND [OPTION...]\n"
         "\n"
         "Commands:\n"
         "  generations   create images from a prompt (POST /v1/images/generations)\n"
         "  edits         edit images with an optional mask (POST /v1/images/edits)\n"
         "  responses     use the Responses API image_generation tool (POST /v1/responses)\n"
         "\n"
         "Options:\n"
         "  -h, --help    show this help; `gpt-image COMMAND --help` shows a command's options\n"
         "  --version     print the version\n"
         "\n"
         "Configuration: flags > environment > .env > $XDG_CONFIG_HOME/gpt-image/config.ini >\n"
         "defaults. The API key comes from OPENAI_API_KEY; it is never printed.\n";
}

Result<CliArgs> parse_cli_args (int argc, char **argv)
{
  CliArgs args;
  if (argc < 2)
    return Error::usage_error ("missing command: generations, edits or responses");
  std::string command = argv[1];
  if (command == "generations")
    args.route = Route::generations;
  else if (command == "edits")
    args.route = Route::edits;
  else if (command == "responses")
    args.route = Route::responses;
  else
    return Error::usage_error ("unknown command \"" + command
                               + "\": expected generations, edits or responses");

  RawOptions raw;
  OptionContextPtr context (g_option_context_new (nullptr));
  g_option_context_set_summary (context.get (), summary_for (args.route));
  g_option_context_set_help_enabled (context.get (), TRUE);

  std::vector<GOptionEntry> main_entries = {
    file_entry ("output", &raw.output,
                "Where to write images: a path, or a pattern with {index} and {variant}",
                "PATH"),
    file_entry ("env-file", &raw.env_file, "Read this .env file instead of searching for one",
                "PATH"),
    string_entry ("base-url", &raw.base_url, "API base URL (OPENAI_BASE_URL)", "URL"),
    string_entry ("api-key", &raw.api_key,
                  "API key; prefer OPENAI_API_KEY, which other users cannot see", "KEY"),
    string_entry ("model", &raw.model,
                  args.route == Route::responses
                      ? "Top-level Responses model (OPENAI_RESPONSES_MODEL, default gpt-5.4)"
                      : "Image model (OPENAI_IMAGE_MODEL, default gpt-image-2)",
                  "MODEL"),
    string_entry ("timeout", &raw.timeout, "Seconds per attempt (OPENAI_IMAGE_TIMEOUT, 300)",
                  "SECONDS"),
    string_entry ("max-retries", &raw.max_retries,
                  "Retries for rate limits and server errors (OPENAI_IMAGE_MAX_RETRIES, 2)", "N"),
    string_entry ("organization", &raw.organization, "OpenAI-Organization header", "ID"),
    string_entry ("project", &raw.project, "OpenAI-Project header", "ID"),
    file_entry ("save-response", &raw.save_response,
                "Write the raw JSON body or the SSE events to this file", "PATH"),
    flag_entry ("json", &raw.json, "Print the summary as JSON"),
    flag_entry ("dry-run", &raw.dry_run, "Print the request as JSON and send nothing"),
  };

  std::vector<GOptionEntry> image_entries = {
    string_entry ("size", &raw.size, "auto or WIDTHxHEIGHT (OPENAI_IMAGE_SIZE, auto)", "SIZE"),
    string_entry ("quality", &raw.quality,
                  "low, medium, high, auto; xhigh, max on 2.5+ (OPENAI_IMAGE_QUALITY, high)",
                  "QUALITY"),
    string_entry ("background", &raw.background, "transparent, opaque or auto", "BACKGROUND"),
    string_entry ("format", &raw.format,
                  "png, jpeg or webp (OPENAI_IMAGE_FORMAT; else from --output's extension; "
                  "else webp)",
                  "FORMAT"),
    string_entry ("compression", &raw.compression, "0-100, for jpeg and webp", "PERCENT"),
    string_entry ("moderation", &raw.moderation, "low or auto", "LEVEL"),
    string_entry ("user", &raw.user, "End-user id for abuse monitoring", "ID"),
    flag_entry ("stream", &raw.stream, "Stream the response (SSE) and write partial images"),
    flag_entry ("no-stream", &raw.no_stream, "Do not stream, whatever the configuration says"),
    string_entry ("partial-images", &raw.partial_images, "0-3 partial previews (with --stream)",
                  "N"),
  };

  std::vector<GOptionEntry> route_entries;
  switch (args.route)
    {
    case Route::generations:
      route_entries = {
        string_entry ("prompt", &raw.prompt, "What to create (up to 32,000 characters)",
                      "TEXT"),
        string_entry ("n", &raw.n, "Number of images, 1-10 (OPENAI_IMAGE_N, 1)", "N"),
        string_entry ("response-format", &raw.response_format,
                      "url or b64_json; not for GPT image models", "FORMAT"),
      };
      break;
    case Route::edits:
      route_entries = {
        string_entry ("prompt", &raw.prompt, "What to change (up to 32,000 characters)",
                      "TEXT"),
        files_entry ("image", &raw.images, "Input image (png, webp, jpeg); repeat for up to 16",
                     "PATH"),
        file_entry ("mask", &raw.mask,
                    "PNG with alpha, same size as the first image; transparent = edit here",
                    "PATH"),
        string_entry ("image-field-style", &raw.image_field_style,
                      "Multipart field name: simple (image), brackets (image[], default), "
                      "indexed (image[0])",
                      "STYLE"),
        string_entry ("n", &raw.n, "Number of images, 1-10 (OPENAI_IMAGE_N, 1)", "N"),
        string_entry ("response-format", &raw.response_format,
                      "url or b64_json; not for GPT image models", "FORMAT"),
        string_entry ("input-fidelity", &raw.input_fidelity,
                      "high or low; not for gpt-image-2", "LEVEL"),
      };
      break;
    case Route::responses:
      route_entries = {
        strings_entry ("input-text", &raw.input_texts, "Text input; repeatable", "TEXT"),
        files_entry ("input-image", &raw.input_image_files,
                     "Local image sent as a data: URL; repeatable", "PATH"),
        strings_entry ("input-image-url", &raw.input_image_urls, "Image URL; repeatable", "URL"),
        strings_entry ("input-image-data-url", &raw.input_image_data_urls,
                       "data:image/...;base64,... URL; repeatable", "URL"),
        strings_entry ("input-image-file-id", &raw.input_image_file_ids,
                       "Files API id; repeatable", "ID"),
        file_entry ("mask", &raw.mask, "Local PNG mask with alpha (input_image_mask)", "PATH"),
        string_entry ("mask-url", &raw.mask_url, "Mask as a URL or data: URL", "URL"),
        string_entry ("mask-file-id", &raw.mask_file_id, "Mask as a Files API id", "ID"),
        string_entry ("tool-model", &raw.tool_model,
                      "Image model of the tool (OPENAI_IMAGE_TOOL_MODEL)", "MODEL"),
        string_entry ("action", &raw.action, "auto, generate or edit", "ACTION"),
        string_entry ("input-fidelity", &raw.input_fidelity,
                      "high or low; not for gpt-image-2", "LEVEL"),
        string_entry ("tool-choice", &raw.tool_choice,
                      "auto, required, none, image_generation (default) or a JSON object",
                      "CHOICE"),
        string_entry ("previous-response-id", &raw.previous_response_id,
                      "Continue from this response", "ID"),
        string_entry ("metadata-json", &raw.metadata_json, "Metadata as a JSON object", "JSON"),
      };
      break;
    }

  main_entries.insert (main_entries.end (), route_entries.begin (), route_entries.end ());
  main_entries.push_back (GOptionEntry {});
  g_option_context_add_main_entries (context.get (), main_entries.data (), nullptr);
  add_group (context.get (), "image", "Image options:", image_entries);

  // GOptionContext wants the program name first; drop the subcommand.
  std::vector<char *> rest;
  std::string program = "gpt-image " + command;
  rest.push_back (program.data ());
  for (int i = 2; i < argc; ++i)
    {
      rest.push_back (argv[i]);
    }
  int rest_argc = static_cast<int> (rest.size ());
  char **rest_argv = rest.data ();
  ErrorOut error;
  if (!g_option_context_parse (context.get (), &rest_argc, &rest_argv, error.out ()))
    return Error::usage_error (error.message ());
  if (rest_argc > 1)
    return Error::usage_error (std::string ("unexpected argument \"") + rest_argv[1] + "\"");

  set_flag (args, keys::base_url, raw.base_url);
  set_flag (args, keys::api_key, raw.api_key);
  set_flag (args, args.route == Route::responses ? keys::responses_model : keys::image_model,
            raw.model);
  set_flag (args, keys::timeout, raw.timeout);
  set_flag (args, keys::max_retries, raw.max_retries);
  set_flag (args, keys::organization, raw.organization);
  set_flag (args, keys::project, raw.project);
  set_flag (args, keys::size, raw.size);
  set_flag (args, keys::quality, raw.quality);
  set_flag (args, keys::background, raw.background);
  set_flag (args, keys::format, raw.format);
  set_flag (args, keys::compression, raw.compression);
  set_flag (args, keys::moderation, raw.moderation);
  set_flag (args, keys::user, raw.user);
  set_flag (args, keys::partial_images, raw.partial_images);
  set_flag (args, keys::n, raw.n);
  set_flag (args, keys::response_format, raw.response_format);
  set_flag (args, keys::tool_model, raw.tool_model);
  set_flag (args, keys::input_fidelity, raw.input_fidelity);
  set_flag (args, keys::tool_choice, raw.tool_choice);
  if (raw.stream && raw.no_stream)
    return Error::usage_error ("--stream and --no-stream contradict each other", "stream");
  if (raw.stream)
    args.config_flags[keys::stream] = "true";
  if (raw.no_stream)
    args.config_flags[keys::stream] = "false";

  auto opt = [] (gchar *s) { return s ? std::optional<std::string> (s) : std::nullopt; };
  args.env_file = opt (raw.env_file);
  args.output = opt (raw.output);
  args.save_response = opt (raw.save_response);
  args.json = raw.json;
  args.dry_run = raw.dry_run;
  args.prompt = opt (raw.prompt);
  for (gchar **v = raw.images; v && *v; ++v)
    args.images.emplace_back (*v);
  args.mask = opt (raw.mask);
  args.image_field_style = opt (raw.image_field_style);
  for (gchar **v = raw.input_texts; v && *v; ++v)
    args.input_texts.emplace_back (*v);
  append_images (args.input_images, raw.input_image_files, InputImageRef::Kind::file);
  append_images (args.input_images, raw.input_image_urls, InputImageRef::Kind::url);
  append_images (args.input_images, raw.input_image_data_urls, InputImageRef::Kind::data_url);
  append_images (args.input_images, raw.input_image_file_ids, InputImageRef::Kind::file_id);
  args.mask_url = opt (raw.mask_url);
  args.mask_file_id = opt (raw.mask_file_id);
  args.action = opt (raw.action);
  args.previous_response_id = opt (raw.previous_response_id);
  args.metadata_json = opt (raw.metadata_json);
  return args;
}

} // namespace gptimage::cli
