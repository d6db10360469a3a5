#include "command-runner.h"

#include "elapsed-display.h"
#include "image-writer.h"
#include "response-recorder.h"
#include "run-report.h"
#include "signal-watch.h"
#include "summary.h"
#include "test-hooks.h"

#include "gptimage/i18n.h"
#include "gptimage/config.h"
#include "gptimage/output-target.h"
#include "gptimage/pipeline.h"
#include "gptimage/transport.h"

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
    /* Translators: the reason, the retry's number, then seconds ("2.0"). */
    display_.note ("gpt-image: " + printf_string (_("%s; retry %d in %s s"),
                                                  reason.describe ().c_str (), attempt, delay));
  }

private:
  ImageWriter &writer_;
  ResponseRecorder &recorder_;
  ElapsedDisplay &display_;
};

void
warn (const std::string &message)
{
  std::fprintf (stderr, "gpt-image: %s\n",
                /* Translators: %s is the warning itself. */
                printf_string (_("warning: %s"), message.c_str ()).c_str ());
}

Result<std::optional<InputImageRef>>
responses_mask (const CliArgs &args)
{
  int given = (args.mask ? 1 : 0) + (args.mask_url ? 1 : 0) + (args.mask_file_id ? 1 : 0);
  if (given > 1)
    return Error::usage_error (_("give only one of --mask, --mask-url and --mask-file-id"),
                               "mask");
  if (args.mask)
    return std::optional<InputImageRef> (InputImageRef { InputImageRef::Kind::file, *args.mask });
  if (args.mask_url)
    return std::optional<InputImageRef> (
        InputImageRef { g_str_has_prefix (args.mask_url->c_str (), "data:")
                            ? InputImageRef::Kind::data_url
                            : InputImageRef::Kind::url,
                        *args.mask_url });
  if (args.mask_file_id)
    return std::optional<InputImageRef> (
        InputImageRef { InputImageRef::Kind::file_id, *args.mask_file_id });
  return std::optional<InputImageRef> ();
}

// What the command line gave, as the core pipeline takes it.
Result<RunInputs>
run_inputs (const CliArgs &args)
{
  RunInputs inputs;
  inputs.front = Front::cli;
  inputs.route = args.route;
  inputs.config.given = args.given;
  inputs.config.env_file = args.env_file;
  inputs.output_path = args.output;
  inputs.dry_run = args.dry_run;
  if (args.route == Route::edits)
    {
      inputs.images.assign (args.images.begin (), args.images.end ());
      if (args.mask)
        inputs.mask = ImageSource (*args.mask);
    }
  if (args.route == Route::responses)
    {
      inputs.input_texts = args.input_texts;
      inputs.input_images = args.input_images;
      auto mask = responses_mask (args);
      if (!mask)
        return std::move (mask).error ();
      inputs.input_mask = std::move (mask).value ();
    }
  return inputs;
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
  if (!args.dry_run && !args.output)
    return report_error (Error::usage_error (_("--output is required: a file path, or a "
                                               "pattern such as out/image-{index}.png"),
                                             "output"),
                         args.json);
  auto inputs = run_inputs (args);
  if (!inputs)
    return report_error (inputs.error (), args.json);
  auto prepared = prepare_run (inputs.value ());
  if (prepared)
    for (const auto &w : prepared->warnings)
      warn (w);
  if (!prepared)
    {
      const Error &error = prepared.error ();
      if (error.kind == ErrorKind::config && error.param == "api_key")
        return report_error (
            /* Translators: the key's setting (OPENAI_API_KEY), then the config file's path. */
            Error::config_error (printf_string (_("no API key: set %s in the environment, a .env "
                                                  "file or %s, store one with `gpt-image "
                                                  "store-key`, or pass --api-key"),
                                                config_key (Param::api_key),
                                                default_config_file_path ().c_str ()),
                                 "api-key"),
            args.json);
      return report_error (error, args.json);
    }
  const Settings &settings = prepared->settings;
  const HttpRequest &request = prepared->request;

  if (args.dry_run)
    {
      print_dry_run (request);
      return exit_success;
    }

  TransportOptions transport = transport_options_for (settings, "gpt-image/" GPT_IMAGE_VERSION);
  transport.check_while_receiving = true; // the writer checks with KeepPixels::no

  // A billed image that cannot be written is lost: the output is checked before sending.
  bool single_final = args.route == Route::responses || settings.image.n.value_or (1) <= 1;
  if (auto target = check_output_target (*args.output, single_final); !target)
    return report_error (target.error (), args.json);
  // The response is billed too: it must have somewhere to go before it is asked for.
  if (args.save_response)
    if (Status usable = check_file_target ("--save-response", *args.save_response); !usable)
      return report_error (usable.error (), args.json);

  ObjectPtr<GCancellable> cancellable (g_cancellable_new ());
  SignalWatch signals (cancellable.get ()); // until the end: no signal kills a write

  ImageWriter writer (*args.output, { settings.image.output_format, settings.image.size },
                      args.json);
  ResponseRecorder recorder (args.save_response.has_value ());
  Result<ApiResult> outcome = Error::cancelled_error ();
  {
    ElapsedDisplay display ("gpt-image: "
                            /* Translators: %s is the URL the request was sent to. */
                            + printf_string (_("waiting for %s"), request.url.c_str ()));
    RunObserver observer (writer, recorder, display);
    outcome = send_request (request, transport, cancellable.get (), &observer);
  }

  // Keep what arrived, whatever happened afterwards.
  pause_before_writing_for_tests ();
  Status written = writer.write_finals ();
  Status saved;
  if (args.save_response && !recorder.empty ())
    saved = recorder.save (*args.save_response);
  return report_run (prepared.value (), outcome, writer, written, saved, signals.caught (),
                     args.json);
}

} // namespace gptimage::cli
