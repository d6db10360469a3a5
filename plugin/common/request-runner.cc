#include "request-runner.h"

#include "arrived-results.h"
#include "bench-timer.h"
#include "cost-confirmation.h"
#include "cost-preview.h"
#include "i18n.h"
#include "progress-words.h"
#include "prompt-history.h"
#include "requested-size.h"

#include "gptimage/glib-ptr.h"
#include "gptimage/provenance.h"
#include "gptimage/results-folder.h"
#include "gptimage/secret-redaction.h"
#include "gptimage/transport.h"

#include <algorithm>

namespace gptimage::plugin {

namespace {

// Keeps the status bar moving while streamed previews arrive.
class StatusBarObserver : public TransportObserver
{
public:
  StatusBarObserver (RequestHost &host, int expected_partials, TransportObserver &also)
      : host_ (host), expected_ (expected_partials), also_ (also)
  {
  }

  void on_partial_image (const GeneratedImage &image) override
  {
    ++partials_;
    /* Translators: %d counts the preview images received so far. */
    host_.progress_text (printf_string (_("GPT Image: preview %d received"), image.index + 1));
    host_.progress_fraction (expected_ > 0 ? std::min (0.9, 0.9 * partials_ / expected_) : -1);
  }
  void on_final_image (const GeneratedImage &image) override
  {
    host_.progress_fraction (1.0);
    also_.on_final_image (image);
  }
  void on_retry (int attempt, double delay_seconds, const Error &reason) override
  {
    /* Translators: %s says the retry in words, e.g. "Server busy, retrying in 8 s". */
    host_.progress_text (printf_string (_("GPT Image: %s"),
                                        retry_words (attempt, delay_seconds, reason).c_str ()));
  }

private:
  RequestHost &host_;
  int expected_;
  int partials_ = 0;
  TransportObserver &also_;
};

// Each image's provenance, and the JSON of it that its sidecar and its layer keep.
struct ImagesProvenance
{
  std::vector<Provenance> records;
  std::vector<std::string> texts;
};

// Writes the sidecar of every image of `images` that `arrived` saved. Failures are added to
// `failures`.
ImagesProvenance
save_provenance (const PreparedRun &run, const ApiResult &result,
                 const std::vector<GeneratedImage> &images, const ArrivedResults &arrived,
                 std::string &failures)
{
  ImagesProvenance made;
  for (const GeneratedImage &image : images)
    {
      made.records.push_back (make_provenance (run, result, image, plugin_generator ()));
      made.texts.push_back (provenance_json (made.records.back (), false));
      const std::string path = arrived.saved_path (image.index);
      if (path.empty ())
        continue;
      if (auto saved = save_sidecar (path, made.texts.back ()); !saved)
        failures += (failures.empty () ? "" : "; ") + saved.error ().message;
    }
  return made;
}

// Where the images that arrived before `error` went, added to its message: the results folder
// they were saved to as they arrived (with their sidecars), else the rescue folder for the
// usable ones. One copy is enough: the rescue folder is only for a run that saved nothing.
Error
with_rescued (Error error, const ArrivedResults &arrived, const PreparedRun &run,
              bool sidecars_written = false)
{
  if (arrived.images ().empty () || error.kind == ErrorKind::cancelled)
    return error;
  std::vector<std::string> saved;
  for (const GeneratedImage &image : arrived.images ())
    if (std::string path = arrived.saved_path (image.index); !path.empty ())
      saved.push_back (path);
  std::string note;
  if (saved.empty ())
    note = rescue_usable_results (arrived.images (),
                                  { run.settings.image.output_format, run.settings.image.size });
  else
    {
      if (!sidecars_written)
        {
          ApiResult partial; // no usage or ids: the answer never completed
          partial.request_id = error.request_id;
          std::string failures;
          save_provenance (run, partial, arrived.images (), arrived, failures);
        }
      std::string paths;
      for (const std::string &path : saved)
        paths += (paths.empty () ? "" : ", ") + path;
      /* Translators: how many images were saved, then the folder or files. */
      note = printf_string (g_dngettext (GETTEXT_PACKAGE, "%d image that arrived was saved to %s",
                                         "%d images that arrived were saved to %s",
                                         saved.size ()),
                            static_cast<int> (saved.size ()), paths.c_str ());
    }
  if (!arrived.save_failures ().empty ())
    note += (note.empty () ? "" : "; ") + arrived.save_failures ();
  if (!note.empty ())
    error.message += "; " + note;
  return error;
}

} // namespace

ConfigInputs
plugin_config ()
{
  ConfigInputs inputs;
  inputs.search_env_file = false;
  return inputs;
}

Result<Settings>
load_plugin_settings ()
{
  return load_settings (plugin_config (), Front::gimp);
}

Result<PreparedRun>
prepare_plugin_run (RunInputs inputs)
{
  inputs.front = Front::gimp;
  std::map<Param, std::string> given = std::move (inputs.config.given);
  inputs.config = plugin_config ();
  inputs.config.given = std::move (given);
  return prepare_run (inputs);
}

std::string
plugin_generator ()
{
  return "gpt-image-gimp " GPT_IMAGE_VERSION;
}

Result<ApiResult>
run_request (const Settings &settings, const HttpRequest &request,
             const std::string &progress_label, int expected_partials, RequestHost &host,
             ArrivedResults &arrived)
{
  if (settings.api_key.empty ())
    return Error::config_error (_("no API key configured"), "api_key");

  TransportOptions transport
      = transport_options_for (settings, "gpt-image-gimp/" GPT_IMAGE_VERSION);

  Result<ApiResult> result = Error::cancelled_error ();
  if (host.has_window ())
    {
      result = host.send_in_window (request, transport, progress_label, expected_partials,
                                    arrived);
      if (!result && result.error ().kind == ErrorKind::cancelled)
        host.note_user_cancelled ();
    }
  else
    {
      host.progress_start (progress_label);
      ObjectPtr<GCancellable> cancellable (g_cancellable_new ());
      StatusBarObserver observer (host, expected_partials, arrived);
      result = send_request (request, transport, cancellable.get (), &observer);
      host.progress_end ();
    }
  if (!result)
    return std::move (result).error ();
  if (result->images.empty ())
    return Error { ErrorKind::protocol, _("the response contained no image"), {}, 0, {}, {},
                   result->request_id };
  return result;
}

Result<std::vector<RgbaImage>>
decode_results (const ApiResult &result, const RequestedImage &requested)
{
  std::vector<RgbaImage> decoded;
  for (const GeneratedImage &image : result.images)
    {
      // The same check as the CLI's before it saves: the bytes decode as the format claimed.
      auto checked = check_result_image (image, requested);
      if (!checked)
        return Error { ErrorKind::protocol,
                       /* Translators: the image's number, then why it could not be decoded. */
                       printf_string (_("result image %d could not be decoded: %s"),
                                      image.index + 1, checked.error ().message.c_str ()),
                       {}, 0, {}, {}, result.request_id };
      decoded.push_back (std::move (checked->pixels));
    }
  return decoded;
}

std::string
explain_error (const Error &error)
{
  const std::string detail = error.describe ();
  const char *details = detail.c_str ();
  if (error.kind == ErrorKind::config && error.param == "api_key")
    /* Translators: the config key (OPENAI_API_KEY), then the config file's path. */
    return printf_string (_("GPT Image: no OpenAI API key is configured. Set one with Filters > "
                            "AI > GPT Image > Settings…, or put %s=… in %s (or in the "
                            "environment GIMP starts with)."),
                          config_key (Param::api_key), default_config_file_path ().c_str ());
  if (error.code == "moderation_blocked")
    /* Translators: %s is the error's details from the API (kept in English). */
    return printf_string (_("GPT Image: the prompt was refused by OpenAI's safety system "
                            "(moderation_blocked). Rephrase the prompt. (%s)"),
                          details);
  if (error.http_status == 429 && error.code == "insufficient_quota")
    /* Translators: %s is the error's details from the API (kept in English). */
    return printf_string (_("GPT Image: the account has no quota left; check billing. (%s)"),
                          details);
  if (error.http_status == 429)
    /* Translators: %s is the error's details from the API (kept in English). */
    return printf_string (_("GPT Image: rate limited by the API even after retries; wait a "
                            "moment and try again. (%s)"),
                          details);
  if (error.http_status == 401)
    /* Translators: %s is the error's details from the API (kept in English). */
    return printf_string (_("GPT Image: the API key was rejected; set a valid key with GPT "
                            "Image > Settings…. (%s)"),
                          details);
  if (error.code == "model_not_found" || (error.http_status == 404 && error.param == "model"))
    /* Translators: %s is the error's details from the API (kept in English). */
    return printf_string (_("GPT Image: unknown model; check the model argument. (%s)"),
                          details);
  if (error.kind == ErrorKind::network && error.param == parameter (Param::ca_bundle).name)
    /* Translators: %s is the error's details. */
    return printf_string (_("GPT Image: the server's TLS certificate is not trusted. If the "
                            "server or a proxy uses its own certificate authority, choose that "
                            "authority's PEM file as the CA bundle in GPT Image > Settings…. "
                            "(%s)"),
                          details);
  switch (error.kind)
    {
    case ErrorKind::network:
      /* Translators: %s is the error's details. */
      return printf_string (_("GPT Image: could not reach the API (network down or connection "
                              "dropped): %s"),
                            details);
    case ErrorKind::timeout:
      /* Translators: the timeout's message, then its config key (OPENAI_IMAGE_TIMEOUT). */
      return printf_string (_("GPT Image: %s (raise the timeout with GPT Image > Settings… or "
                              "%s)"),
                            details, config_key (Param::timeout));
    case ErrorKind::cancelled:
      return _("GPT Image: cancelled; the image was not changed.");
    case ErrorKind::usage:
    case ErrorKind::validation:
      /* Translators: %s is the refusal, naming the argument and the rule. */
      return printf_string (_("GPT Image: %s"), details);
    case ErrorKind::config:
      /* Translators: %s is the configuration problem. */
      return printf_string (_("GPT Image: configuration error: %s"), details);
    default:
      /* Translators: %s is the error's details. */
      return printf_string (_("GPT Image: the request failed: %s"), details);
    }
}

Result<DecodedAnswer>
send_and_decode (const Result<PreparedRun> &run, const std::string &progress_label,
                 RequestHost &host)
{
  if (!run)
    return run.error ();
  auto folder = results_folder (run->settings);
  if (!folder)
    return folder.error ();
  if (Status confirmed = confirm_run_cost (run.value (), host); !confirmed)
    return confirmed.error ();
  // Recorded as it is sent (a key is needed for that), whatever the answer: a prompt the
  // server refused is the one the user most wants back.
  if (auto prompt = run->values.get (Param::prompt); prompt && !run->settings.api_key.empty ())
    {
      // A history that cannot be written stops no run.
      (void) remember_prompt (prompt_history_path (), *prompt, run->settings.api_key);
    }
  const int expected_partials = run->settings.image.partial_images.value_or (0);
  ArrivedResults arrived (std::move (folder).value ());
  // The exact size asked for, so that the user sees what "match the image" chose.
  const std::string label
      /* Translators: the progress label, then the size asked for: "Generating (1536x1024)". */
      = printf_string (_("%s (%s)"), progress_label.c_str (),
                       size_for_display (run->settings.image.size).c_str ());
  auto result = run_request (run->settings, run->request, label, expected_partials, host,
                             arrived);
  if (!result)
    return with_rescued (std::move (result).error (), arrived, run.value ());
  bench_start (kBenchResult);
  std::string failures = arrived.save_failures ();
  ImagesProvenance provenance
      = save_provenance (run.value (), *result, result->images, arrived, failures);
  if (!failures.empty ())
    /* Translators: %s says which results could not be saved, and why. */
    g_message (_("GPT Image: a result could not be saved to the results folder: %s"),
               failures.c_str ());
  const ImageOptions &asked = run->settings.image;
  auto decoded = decode_results (result.value (), { asked.output_format, asked.size });
  if (!decoded)
    return with_rescued (std::move (decoded).error (), arrived, run.value (), true);
  if (host.has_window () && !provenance.records.empty ())
    {
      // The cost is of the whole request: the first image's provenance holds it.
      const Provenance &first = provenance.records.front ();
      host.report_outcome (cost_outcome_text (first.cost, first.estimate));
    }
  // A prompt that quotes the key must not carry it into a layer name (and so into an XCF).
  const std::string prompt = run->values.get (Param::prompt).value_or ("");
  return DecodedAnswer { std::move (decoded).value (), std::move (provenance.texts),
                         std::move (result->response_id),
                         redact_secret (prompt, run->settings.api_key).value_or (prompt) };
}

} // namespace gptimage::plugin
