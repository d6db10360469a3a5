#include "command-runner.h"

#include "elapsed-display.h"
#include "image-writer.h"
#include "response-recorder.h"
#include "run-report.h"
#include "signal-watch.h"
#include "summary.h"
#include "test-hooks.h"

#include "gptimage/config.h"
#include "gptimage/image-codec.h"
#include "gptimage/output-target.h"
#include "gptimage/request.h"
#include "gptimage/transport.h"
#include "gptimage/validate.h"

#include <cstdio>

namespace gptimage::cli {

namespace {

// Forwards transport events to the writer, the recorder and the display.
class RunObserver : public TransportObserver
{
public:
  RunObserver (ImageWriter &writer, ResponseRecorder &recorder, ElapsedDisplay &display)
      : writer_ (writer), recorder_ (recorder), display_ (display)
  {
  }

  void on_partial_image (const GeneratedImage &image) override
  {
    writer_.on_partial_image (image);
  }
  void on_final_image (const GeneratedImage &image) override { writer_.on_final_image (image); }
  void on_response_body (int, GBytes *body) override { recorder_.record_body (body); }
  void on_sse_event (const SseEvent &event) override { recorder_.record_event (event); }
  void on_retry (int attempt, double delay_seconds, const Error &reason) override
  {
    char delay[32];
    g_snprintf (delay, sizeof delay, "%.1f", delay_seconds);
    display_.note ("gpt-image: " + reason.describe () + "; retry " + std::to_string (attempt)
                   + " in " + delay + " s");
  }

private:
  ImageWriter &writer_;
  ResponseRecorder &recorder_;
  ElapsedDisplay &display_;
};

void
warn (const std::string &message)
{
  std::fprintf (stderr, "gpt-image: warning: %s\n", message.c_str ());
}

// Without an explicit format, --output's extension decides (hero.png gets PNG bytes); with
// one, a differing extension is worth a warning.
void
reconcile_format_with_output (Settings &settings, const std::optional<std::string> &output)
{
  if (!output)
    return;
  ImageFormat from_path = image_format_from_path (*output);
  if (from_path == ImageFormat::unknown)
    return;
  if (settings.format_is_default)
    settings.image.output_format = std::string (image_format_name (from_path));
  else if (image_format_from_name (settings.image.output_format) != from_path)
    warn ("--output \"" + *output + "\" has a ." + std::string (image_file_extension (from_path))
          + " extension but the format is " + settings.image.output_format
          + "; the file will contain " + settings.image.output_format + " data");
}

Result<InputImageRef>
responses_mask (const CliArgs &args)
{
  int given = (args.mask ? 1 : 0) + (args.mask_url ? 1 : 0) + (args.mask_file_id ? 1 : 0);
  if (given > 1)
    return Error::usage_error ("give only one of --mask, --mask-url and --mask-file-id", "mask");
  if (args.mask)
    return InputImageRef { InputImageRef::Kind::file, *args.mask };
  if (args.mask_url)
    return InputImageRef { g_str_has_prefix (args.mask_url->c_str (), "data:")
                               ? InputImageRef::Kind::data_url
                               : InputImageRef::Kind::url,
                           *args.mask_url };
  return InputImageRef { InputImageRef::Kind::file_id, *args.mask_file_id };
}

// Validates and builds the request for the chosen route.
Result<HttpRequest>
prepare_request (const CliArgs &args, const Settings &settings,
                 std::vector<std::string> &warnings)
{
  ImageOptions image = settings.image;
  switch (args.route)
    {
    case Route::generations:
      {
        GenerationsParams params;
        params.model = settings.image_model;
        params.prompt = args.prompt.value_or ("");
        image.input_fidelity.reset (); // not a generations parameter
        params.image = image;
        if (Status valid = validate_generations (params, &warnings); !valid)
          return std::move (valid).error ();
        return build_generations_request (settings.base_url, params);
      }
    case Route::edits:
      {
        EditsParams params;
        params.model = settings.image_model;
        params.prompt = args.prompt.value_or ("");
        params.images.assign (args.images.begin (), args.images.end ());
        params.mask = args.mask;
        if (args.image_field_style)
          {
            auto style = parse_image_field_style (*args.image_field_style);
            if (!style)
              return Error::invalid ("image-field-style", *args.image_field_style,
                                     "must be simple, brackets or indexed");
            params.field_style = *style;
          }
        params.image = image;
        if (Status valid = validate_edits (params, &warnings); !valid)
          return std::move (valid).error ();
        return build_edits_request (settings.base_url, params, !args.dry_run);
      }
    case Route::responses:
      {
        ResponsesParams params;
        params.model = settings.responses_model;
        params.tool_model = settings.tool_model;
        params.input_texts = args.input_texts;
        params.input_images = args.input_images;
        if (args.mask || args.mask_url || args.mask_file_id)
          {
            auto mask = responses_mask (args);
            if (!mask)
              return std::move (mask).error ();
            params.mask = std::move (mask).value ();
          }
        params.action = args.action;
        params.tool_choice = settings.tool_choice;
        params.previous_response_id = args.previous_response_id;
        params.metadata_json = args.metadata_json;
        image.response_format.reset (); // Images API only
        image.n = 1;                    // the tool makes one image per call
        params.image = image;
        if (Status valid = validate_responses (params, &warnings); !valid)
          return std::move (valid).error ();
        return build_responses_request (settings.base_url, params);
      }
    }
  return Error::usage_error ("unknown command");
}

void
print_dry_run (const HttpRequest &request)
{
  std::string document = dry_run_document (request);
  std::fwrite (document.data (), 1, document.size (), stdout);
  if (document.empty () || document.back () != '\n')
    std::fputc ('\n', stdout);
}

} // namespace

int
run_command (const CliArgs &args)
{
  ConfigInputs inputs;
  inputs.flags = args.config_flags;
  inputs.env_file = args.env_file;
  auto values = load_config (inputs);
  if (!values)
    return report_error (values.error (), args.json);
  auto resolved = resolve_settings (values.value ());
  if (!resolved)
    return report_error (resolved.error (), args.json);
  Settings settings = std::move (resolved).value ();

  if (!args.dry_run && !args.output)
    return report_error (Error::usage_error ("--output is required: a file path, or a pattern "
                                             "such as out/image-{index}.png",
                                             "output"),
                         args.json);
  reconcile_format_with_output (settings, args.output);

  std::vector<std::string> warnings;
  auto request = prepare_request (args, settings, warnings);
  for (const auto &w : warnings)
    warn (w);
  if (!request)
    return report_error (request.error (), args.json);

  if (args.dry_run)
    {
      print_dry_run (request.value ());
      return exit_success;
    }

  if (!settings.api_key)
    return report_error (
        Error::config_error ("no API key: set OPENAI_API_KEY in the environment, a .env file or "
                             + default_config_file_path () + ", or pass --api-key",
                             "api-key"),
        args.json);

  TransportOptions transport = transport_options_for (settings, "gpt-image/" GPT_IMAGE_VERSION);

  // A billed image that cannot be written is lost: the output is checked before sending.
  bool single_final = args.route == Route::responses || settings.image.n <= 1;
  if (auto target = check_output_target (*args.output, single_final); !target)
    return report_error (target.error (), args.json);

  ObjectPtr<GCancellable> cancellable (g_cancellable_new ());
  SignalWatch signals (cancellable.get ()); // until the end: no signal kills a write

  ImageWriter writer (*args.output, { settings.image.output_format, settings.image.size });
  ResponseRecorder recorder;
  Result<ApiResult> outcome = Error::cancelled_error ();
  {
    ElapsedDisplay display ("gpt-image: waiting for " + request->url);
    RunObserver observer (writer, recorder, display);
    outcome = send_request (request.value (), transport, cancellable.get (), &observer);
  }

  // Keep what arrived, whatever happened afterwards.
  pause_before_writing_for_tests ();
  Status written = writer.write_finals ();
  Status saved;
  if (args.save_response && !recorder.empty ())
    saved = recorder.save (*args.save_response);
  return report_run (outcome, writer, written, saved, signals.caught (), args.json);
}

} // namespace gptimage::cli
