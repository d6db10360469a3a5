#include "cli-args.h"

#include "gptimage/config.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/i18n.h"

#include <deque>
#include <set>

namespace gptimage::cli {

namespace {

// What the option callbacks write into. Every value arrives as the bytes that were typed
// (G_OPTION_FLAG_FILENAME: no conversion from the locale's encoding), so that
// `LC_ALL=C gpt-image … --prompt café` works; the core checks that text is UTF-8.
struct ParseState
{
  CliArgs args;
  bool stream = false;
  bool no_stream = false;
  // Flag names as GOption sees them ("--size") -> the row.
  std::map<std::string, Param, std::less<>> rows;
  // The switches ("--stream"): GOption drops a value given to one ("--stream=no") unseen.
  std::set<std::string, std::less<>> switches;
  // GOptionEntry keeps pointers to its names and descriptions.
  std::deque<std::string> texts;
};

ParseState *state = nullptr; // GOption callbacks get the group's data; this is simpler to read

const char *
keep (std::string text)
{
  return state->texts.emplace_back (std::move (text)).c_str ();
}

gboolean
on_row_value (const gchar *option_name, const gchar *value, gpointer, GError **)
{
  state->args.given[state->rows.find (option_name)->second] = value;
  return TRUE;
}

gboolean
on_text (const gchar *option_name, const gchar *value, gpointer, GError **)
{
  CliArgs &args = state->args;
  std::string_view name (option_name);
  using Kind = InputImageRef::Kind;
  if (name == "--input-text")
    args.input_texts.emplace_back (value);
  else if (name == "--input-image-url")
    args.input_images.push_back ({ Kind::url, value });
  else if (name == "--input-image-data-url")
    args.input_images.push_back ({ Kind::data_url, value });
  else if (name == "--input-image-file-id")
    args.input_images.push_back ({ Kind::file_id, value });
  else if (name == "--mask-url")
    args.mask_url = value;
  else if (name == "--mask-file-id")
    args.mask_file_id = value;
  return TRUE;
}

// Paths are bytes in the file system's encoding: kept as they are.
gboolean
on_path (const gchar *option_name, const gchar *value, gpointer, GError **)
{
  CliArgs &args = state->args;
  std::string_view name (option_name);
  if (name == "--output")
    args.output = value;
  else if (name == "--env-file")
    args.env_file = value;
  else if (name == "--save-response")
    args.save_response = value;
  else if (name == "--image")
    args.images.emplace_back (value);
  else if (name == "--mask")
    args.mask = value;
  else if (name == "--input-image")
    args.input_images.push_back ({ InputImageRef::Kind::file, value });
  return TRUE;
}

gboolean
on_switch (const gchar *option_name, const gchar *, gpointer, GError **)
{
  std::string_view name (option_name);
  if (name == "--json")
    state->args.json = true;
  else if (name == "--dry-run")
    state->args.dry_run = true;
  else if (name == "--stream")
    state->stream = true;
  else if (name == "--no-stream")
    state->no_stream = true;
  return TRUE;
}

GOptionEntry
entry (const char *name, GOptionArgFunc callback, const char *description, const char *metavar)
{
  if (!metavar)
    state->switches.insert (std::string ("--") + name);
  // FILENAME: the callback gets the bytes as typed; NO_ARG for switches.
  int flags = metavar ? G_OPTION_FLAG_FILENAME : G_OPTION_FLAG_NO_ARG;
  return { name, 0, flags, G_OPTION_ARG_CALLBACK, reinterpret_cast<gpointer> (callback),
           description, metavar };
}

// "Rendering quality: low, …, or auto; xhigh, max: gpt-image-2.5, gpt-image-2.6
// (OPENAI_IMAGE_QUALITY, default high)"
std::string
row_help (const ParameterSpec &spec)
{
  std::string help = g_dgettext (GETTEXT_PACKAGE, std::string (spec.blurb).c_str ());
  if (std::string allowed = describe_allowed (spec); !allowed.empty ())
    help += ": " + allowed;
  std::string origin (spec.key);
  if (!spec.fallback.empty () && spec.storage != Storage::flag)
    origin += (origin.empty () ? "" : ", ")
              /* Translators: the value used when none is given, e.g. "default high" (kept in
                 English). */
              + printf_string (_("default %s"), std::string (spec.fallback).c_str ());
  if (!origin.empty ())
    help += " (" + origin + ")";
  return help;
}

std::string
metavar_of (const ParameterSpec &spec)
{
  if (!spec.metavar.empty ())
    return std::string (spec.metavar);
  std::string name (spec.cli);
  for (char &c : name)
    c = c == '-' ? '_' : g_ascii_toupper (c);
  return name;
}

// The rows of `kind` that the route takes, as options.
std::vector<GOptionEntry>
row_entries (Route route, Kind kind)
{
  std::vector<GOptionEntry> entries;
  for (const auto &spec : parameter_table ())
    {
      if (spec.cli.empty () || spec.kind != kind || !spec.on_route (route))
        continue;
      const char *name = keep (std::string (spec.cli));
      if (spec.storage == Storage::flag)
        {
          entries.push_back (entry (name, on_switch, keep (row_help (spec)), nullptr));
          entries.push_back (entry (keep ("no-" + std::string (spec.cli)), on_switch,
                                    /* Translators: %s is an option's name, e.g. stream. */
                                    keep (printf_string (_("Do not %s, whatever the "
                                                           "configuration says"),
                                                         std::string (spec.cli).c_str ())),
                                    nullptr));
          continue;
        }
      state->rows.emplace ("--" + std::string (spec.cli), spec.id);
      entries.push_back (entry (name, on_row_value, keep (row_help (spec)),
                                keep (metavar_of (spec))));
    }
  return entries;
}

// This front's own options: where files come from and go, and how the run reports.
std::vector<GOptionEntry>
own_entries (Route route)
{
  std::vector<GOptionEntry> entries = {
    /* Translators: keep {index} and {variant}: they are typed as they are. */
    entry ("output", on_path,
           _("Where to write images: a path, or a pattern with {index} and {variant}"), "PATH"),
    entry ("env-file", on_path, _("Read this .env file instead of searching for one"), "PATH"),
    entry ("save-response", on_path, _("Write the raw JSON body or the SSE events to this file"),
           "PATH"),
    entry ("json", on_switch, _("Print the summary as JSON"), nullptr),
    entry ("dry-run", on_switch, _("Print the request as JSON and send nothing"), nullptr),
  };
  switch (route)
    {
    case Route::generations:
      break;
    case Route::edits:
      entries.push_back (entry ("image", on_path,
                                _("Input image (png, webp, jpeg); repeat for up to 16"),
                                "PATH"));
      entries.push_back (entry ("mask", on_path,
                                _("PNG with alpha, same size as the first image; transparent = "
                                  "edit here"),
                                "PATH"));
      break;
    case Route::responses:
      entries.push_back (entry ("input-text", on_text, _("Text input; repeatable"), "TEXT"));
      entries.push_back (entry ("input-image", on_path,
                                _("Local image sent as a data: URL; repeatable"), "PATH"));
      entries.push_back (entry ("input-image-url", on_text, _("Image URL; repeatable"), "URL"));
      entries.push_back (entry ("input-image-data-url", on_text,
                                _("data:image/...;base64,... URL; repeatable"), "URL"));
      entries.push_back (entry ("input-image-file-id", on_text, _("Files API id; repeatable"),
                                "ID"));
      entries.push_back (entry ("mask", on_path,
                                _("Local PNG mask with alpha (input_image_mask)"), "PATH"));
      entries.push_back (entry ("mask-url", on_text, _("Mask as a URL or data: URL"), "URL"));
      entries.push_back (entry ("mask-file-id", on_text, _("Mask as a Files API id"), "ID"));
      break;
    }
  return entries;
}

// `title` heads the group's options in --help-all; `help_line` describes --help-NAME in --help.
void
add_group (GOptionContext *context, const char *name, const char *title, const char *help_line,
           std::vector<GOptionEntry> entries)
{
  entries.push_back (GOptionEntry {});
  GOptionGroup *group = g_option_group_new (name, title, help_line, nullptr, nullptr);
  g_option_group_add_entries (group, entries.data ());
  g_option_context_add_group (context, group); // the context owns the group
}

const char *
summary_for (Route route)
{
  switch (route)
    {
    case Route::generations:
      return _("Create images from a prompt: POST /v1/images/generations (JSON).");
    case Route::edits:
      return _("Edit images, optionally through a mask: POST /v1/images/edits (multipart).");
    case Route::responses:
      return _("Generate or edit through the Responses API image_generation tool: POST "
               "/v1/responses.");
    }
  return "";
}

// "--stream=no" would silently mean --stream.
Status
switches_without_values (const std::set<std::string, std::less<>> &switches,
                         const std::vector<char *> &argv)
{
  for (std::size_t i = 1; i < argv.size (); ++i)
    {
      std::string_view arg = argv[i];
      if (arg == "--")
        break;
      auto equals = arg.find ('=');
      if (!arg.starts_with ("--") || equals == std::string_view::npos
          || !switches.contains (arg.substr (0, equals)))
        continue;
      const std::string name (arg.substr (0, equals));
      Error e = Error::invalid (name, arg.substr (equals + 1), _("a switch takes no value"));
      e.kind = ErrorKind::usage;
      return e;
    }
  return {};
}

class StateScope
{
public:
  explicit StateScope (ParseState &s) { state = &s; }
  ~StateScope () { state = nullptr; }
  StateScope (const StateScope &) = delete;
  StateScope &operator= (const StateScope &) = delete;
};

} // namespace

std::string
top_level_help ()
{
  /* Translators: the help of `gpt-image --help`. Keep the commands, options and paths as they
     are, and the columns aligned; %s is the key's setting (OPENAI_API_KEY). */
  return printf_string (_("Usage:\n"
                          "  gpt-image COMMAND [OPTION...]\n"
                          "\n"
                          "Commands:\n"
                          "  generations   create images from a prompt (POST "
                          "/v1/images/generations)\n"
                          "  edits         edit images with an optional mask (POST "
                          "/v1/images/edits)\n"
                          "  responses     use the Responses API image_generation tool (POST "
                          "/v1/responses)\n"
                          "  store-key     store the API key read from standard input in the "
                          "desktop keyring\n"
                          "                (or, without one, in the config file, mode 0600)\n"
                          "\n"
                          "Options:\n"
                          "  -h, --help    show this help; `gpt-image COMMAND --help` shows a "
                          "command's options\n"
                          "  --version     print the version\n"
                          "\n"
                          "Configuration: flags > environment > .env > keyring (the key only) >\n"
                          "$XDG_CONFIG_HOME/gpt-image/config.ini > defaults. The API key comes "
                          "from %s; it is never printed.\n"),
                        config_key (Param::api_key));
}

Result<CliArgs>
parse_cli_args (int argc, char **argv)
{
  ParseState parsed;
  StateScope scope (parsed);
  CliArgs &args = parsed.args;
  if (argc < 2)
    return Error::usage_error (_("missing command: generations, edits or responses"));
  std::string command = argv[1];
  if (command == "generations")
    args.route = Route::generations;
  else if (command == "edits")
    args.route = Route::edits;
  else if (command == "responses")
    args.route = Route::responses;
  else
    /* Translators: %s is what was typed; the commands are kept in English. */
    return Error::usage_error (printf_string (_("unknown command \"%s\": expected generations, "
                                                "edits or responses"),
                                              command.c_str ()));

  OptionContextPtr context (g_option_context_new (nullptr));
  g_option_context_set_summary (context.get (), summary_for (args.route));
  g_option_context_set_help_enabled (context.get (), TRUE);

  std::vector<GOptionEntry> main_entries = own_entries (args.route);
  for (Kind kind : { Kind::input, Kind::setting })
    {
      auto rows = row_entries (args.route, kind);
      main_entries.insert (main_entries.end (), rows.begin (), rows.end ());
    }
  main_entries.push_back (GOptionEntry {});
  g_option_context_add_main_entries (context.get (), main_entries.data (), nullptr);
  add_group (context.get (), "image", _("Image options:"), _("Show the image options"),
             row_entries (args.route, Kind::option));

  // GOptionContext wants the program name first; drop the subcommand.
  std::vector<char *> rest;
  std::string program = "gpt-image " + command;
  rest.push_back (program.data ());
  for (int i = 2; i < argc; ++i)
    rest.push_back (argv[i]);
  if (Status plain = switches_without_values (parsed.switches, rest); !plain)
    return std::move (plain).error ();
  int rest_argc = static_cast<int> (rest.size ());
  char **rest_argv = rest.data ();
  ErrorOut error;
  if (!g_option_context_parse (context.get (), &rest_argc, &rest_argv, error.out ()))
    return Error::usage_error (error.message ());
  if (rest_argc > 1)
    /* Translators: %s is the extra word found on the command line. */
    return Error::usage_error (printf_string (_("unexpected argument \"%s\""), rest_argv[1]));

  if (parsed.stream && parsed.no_stream)
    return Error::usage_error (_("--stream and --no-stream contradict each other"), "stream");
  if (parsed.stream || parsed.no_stream)
    args.given[Param::stream] = parsed.stream ? "true" : "false";
  return std::move (parsed.args);
}

} // namespace gptimage::cli
