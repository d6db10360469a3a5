#include "gptimage/pipeline.h"

#include "gptimage/i18n.h"

#include "gptimage/cost.h"

#include "gptimage/glib-ptr.h"
#include "gptimage/header-value.h"
#include "gptimage/image-codec.h"
#include "gptimage/proxy-choice.h"
#include "gptimage/tls-trust.h"
#include "gptimage/validate.h"

#include <glib.h>

namespace gptimage {

namespace {

// The 1-based line of the last `KEY=` (or `export KEY=`) in a .env or config file, in the
// [gpt-image] group for the latter; 0 when not found.
int
line_of_key (const std::string &path, std::string_view key, bool key_file)
{
  gchar *raw = nullptr;
  gsize length = 0;
  if (!g_file_get_contents (path.c_str (), &raw, &length, nullptr))
    return 0;
  CharPtr contents (raw);
  std::string_view text (raw, length);
  int line = 0, found = 0;
  bool in_group = !key_file;
  while (!text.empty ())
    {
      ++line;
      auto end = text.find ('\n');
      std::string_view current = text.substr (0, end);
      text = end == std::string_view::npos ? std::string_view () : text.substr (end + 1);
      while (!current.empty () && g_ascii_isspace (current.front ()))
        current.remove_prefix (1);
      if (key_file && current.starts_with ('['))
        in_group = current.starts_with ("[gpt-image]");
      if (!key_file && current.starts_with ("export "))
        current.remove_prefix (7);
      if (!in_group || !current.starts_with (key))
        continue;
      current.remove_prefix (key.size ());
      while (!current.empty () && (current.front () == ' ' || current.front () == '\t'))
        current.remove_prefix (1);
      if (current.starts_with ('='))
        found = line;
    }
  return found;
}

std::string
file_and_line (const std::string &path, std::string_view key, bool key_file)
{
  int line = line_of_key (path, key, key_file);
  /* Translators: where a setting was made: a file's path and a line number. */
  return line > 0 ? printf_string (_("%s, line %d"), path.c_str (), line) : path;
}

// A parameter outside the table, as the front calls it: the CLI's flags are the names with
// dashes (input_image -> --input-image).
std::string
front_name (std::string_view param, Front front)
{
  if (front == Front::gimp)
    return std::string (param);
  if (param == "mask_data_url")
    return "--mask-url";
  std::string flag = "--" + std::string (param);
  for (char &c : flag)
    if (c == '_')
      c = '-';
  return flag;
}

Error
named_for_user (Error error, const ConfigValues &values, Front front, Route route)
{
  if (error.param.empty () || error.kind == ErrorKind::io)
    return error;
  const ParameterSpec *spec = error.param == "model" ? &parameter (model_parameter (route))
                                                     : find_parameter (error.param);
  if (!spec)
    return error.renamed (front_name (error.param, front));
  ShownName shown = shown_name (*spec, values, front);
  Error renamed = error.renamed (shown.name, shown.where, spec->secret);
  renamed.param = shown.name;
  return renamed;
}

// resolve_settings, then the rows sent as HTTP headers; errors named for the user.
Result<Settings>
checked_settings (const ConfigValues &values, Front front, Route route)
{
  auto named = [&] (Error error) {
    return named_for_user (std::move (error), values, front, route);
  };
  auto settings = resolve_settings (values);
  if (!settings)
    return named (std::move (settings).error ());
  // Headers are checked here too, so that the error names the setting as it was given.
  for (const auto &spec : parameter_table ())
    if (auto text = values.get (spec.id); text && spec.header)
      if (Status clean = check_header_value (spec.name, *text, spec.secret); !clean)
        {
          Error error = std::move (clean).error ();
          // A front's own value is the user's input, not the configuration's.
          if (values.source (spec.id) == ConfigSource::flag)
            error.kind = ErrorKind::validation;
          return named (std::move (error));
        }
  return settings;
}

// Without a configured format, --output's extension decides (hero.png gets PNG bytes); with
// one, a differing extension is worth a warning.
void
reconcile_format_with_output (Settings &settings, const std::string &output,
                              std::vector<std::string> &warnings)
{
  ImageFormat from_path = image_format_from_path (output);
  if (from_path == ImageFormat::unknown)
    return;
  std::string &format = settings.image.output_format;
  if (settings.format_is_default)
    format = std::string (image_format_name (from_path));
  else if (image_format_from_name (format) != from_path)
    /* Translators: '--output "a.png" has a .png extension but the format is jpeg; the file
       will contain jpeg data': the path, its extension, the format twice. */
    warnings.push_back (printf_string (_("--output \"%s\" has a .%s extension but the format is "
                                         "%s; the file will contain %s data"),
                                       output.c_str (),
                                       std::string (image_file_extension (from_path)).c_str (),
                                       format.c_str (), format.c_str ()));
}

Result<HttpRequest>
validated_request (const RunInputs &inputs, const Settings &settings, const ConfigValues &values,
                   std::vector<std::string> &warnings)
{
  const std::string prompt = values.get (Param::prompt).value_or ("");
  switch (inputs.route)
    {
    case Route::generations:
      {
        GenerationsParams params { settings.image_model, prompt, settings.image };
        if (Status valid = validate_generations (params, &warnings); !valid)
          return std::move (valid).error ();
        return build_generations_request (settings.base_url, params);
      }
    case Route::edits:
      {
        EditsParams params;
        params.model = settings.image_model;
        params.prompt = prompt;
        params.images = inputs.images;
        params.mask = inputs.mask;
        params.image = settings.image;
        const std::string style = values.get (Param::image_field_style).value_or ("");
        if (Status valid = check_parameter_value (parameter (Param::image_field_style), style);
            !valid)
          return std::move (valid).error ();
        params.field_style = parse_image_field_style (style).value_or (ImageFieldStyle::brackets);
        if (Status valid = validate_edits (params, &warnings); !valid)
          return std::move (valid).error ();
        return build_edits_request (settings.base_url, params, !inputs.dry_run);
      }
    case Route::responses:
      {
        ResponsesParams params;
        params.model = settings.responses_model;
        if (!settings.tool_model.empty ())
          params.tool_model = settings.tool_model;
        // The prompt is checked as the prompt; with no input text either, it is the one
        // missing (the GIMP front has no other text).
        if (prompt.empty () && inputs.input_texts.empty ())
          return Error::invalid ("prompt", prompt,
                                 _("must not be empty: the request needs a prompt or an input "
                                   "text"));
        if (!prompt.empty ())
          {
            if (Status valid = validate_prompt (prompt); !valid)
              return std::move (valid).error ();
            params.input_texts.push_back (prompt);
          }
        params.input_texts.insert (params.input_texts.end (), inputs.input_texts.begin (),
                                   inputs.input_texts.end ());
        params.input_images = inputs.input_images;
        params.mask = inputs.input_mask;
        params.image = settings.image;
        if (Status valid = validate_responses (params, &warnings); !valid)
          return std::move (valid).error ();
        return build_responses_request (settings.base_url, params);
      }
    }
  return Error::usage_error ("unknown route");
}

// The proxy and the CA bundle the transport will use, checked before anything is sent. The
// proxy variables come from the environment the configuration was read from.
Status
check_connection (const RunInputs &inputs, const Settings &settings, const std::string &url)
{
  if (!settings.ca_bundle.empty ())
    if (auto bundle = load_ca_bundle (settings.ca_bundle); !bundle)
      return std::move (bundle).error ();
  const auto &given = inputs.config.environment;
  EnvironmentLookup environment = process_environment;
  if (given)
    environment = [&given] (const char *name) -> const char * {
      auto it = given->find (name);
      return it == given->end () ? nullptr : it->second.c_str ();
    };
  if (auto proxy = choose_proxy (url, settings.proxy, environment); !proxy)
    return std::move (proxy).error ();
  return {};
}

} // namespace

ShownName
shown_name (const ParameterSpec &spec, const ConfigValues &values, Front front)
{
  std::string key (spec.key);
  switch (values.source (spec.id))
    {
    case ConfigSource::environment:
      return { key, _("environment") };
    case ConfigSource::env_file:
      return { key, file_and_line (values.env_file_path, key, false) };
    case ConfigSource::keyring:
      return { key, _("keyring") };
    case ConfigSource::config_file:
      return { key, file_and_line (values.config_file_path, key, true) };
    case ConfigSource::default_value:
      return { key.empty () ? std::string (spec.name) : key, _("built-in default") };
    case ConfigSource::flag:
    case ConfigSource::unset:
      break;
    }
  if (front == Front::gimp)
    return { std::string (spec.gimp.empty () ? spec.name : spec.gimp), {} };
  return { spec.cli.empty () ? std::string (spec.name) : "--" + std::string (spec.cli), {} };
}

Result<ConfigValues>
load_values (const ConfigInputs &config, Front front)
{
  auto values = load_config (config);
  if (!values)
    return named_for_user (std::move (values).error (), ConfigValues (), front,
                           Route::generations);
  return values;
}

Result<Settings>
load_settings (const ConfigInputs &config, Front front)
{
  auto values = load_values (config, front);
  if (!values)
    return std::move (values).error ();
  return checked_settings (values.value (), front, Route::generations);
}

Status
check_values_to_save (const std::map<Param, std::string> &given, Front front)
{
  ConfigValues values;
  for (const auto &[id, value] : given)
    values.set (id, value, ConfigSource::flag);
  auto settings = checked_settings (values, front, Route::generations);
  if (!settings)
    return std::move (settings).error ();
  // Read only by the plug-in's interactive runs, so a bad amount is caught where it is set.
  if (auto threshold = confirm_threshold (*settings); !threshold)
    {
      Error error = std::move (threshold).error ();
      error.param = parameter (Param::confirm_above).name; // named as the front calls it
      return named_for_user (std::move (error), values, front, Route::generations);
    }
  return {};
}

Status
check_run_options (const RunInputs &inputs)
{
  auto values = load_values (inputs.config, inputs.front);
  if (!values)
    return std::move (values).error ();
  auto settings = checked_settings (*values, inputs.front, inputs.route);
  if (!settings)
    return std::move (settings).error ();
  std::vector<std::string> warnings;
  Status checked;
  if (inputs.route == Route::edits)
    {
      // The images come later (the front reads them once the options are accepted).
      EditsParams params;
      params.model = settings->image_model;
      params.prompt = values->get (Param::prompt).value_or ("");
      params.image = settings->image;
      checked = validate_edit_options (params, &warnings);
    }
  else if (auto request = validated_request (inputs, *settings, *values, warnings); !request)
    checked = std::move (request).error ();
  if (!checked)
    return named_for_user (std::move (checked).error (), *values, inputs.front, inputs.route);
  return {};
}

Result<PreparedRun>
prepare_run (const RunInputs &inputs)
{
  PreparedRun run;
  auto values = load_values (inputs.config, inputs.front);
  if (!values)
    return std::move (values).error ();
  run.values = std::move (values).value ();
  run.warnings = run.values.warnings;
  auto named = [&] (Error error) {
    return named_for_user (std::move (error), run.values, inputs.front, inputs.route);
  };

  auto settings = checked_settings (run.values, inputs.front, inputs.route);
  if (!settings)
    return std::move (settings).error ();
  run.settings = std::move (settings).value ();
  if (inputs.output_path)
    reconcile_format_with_output (run.settings, *inputs.output_path, run.warnings);

  auto request = validated_request (inputs, run.settings, run.values, run.warnings);
  if (!request)
    return named (std::move (request).error ());
  run.request = std::move (request).value ();
  // Errors about the proxy variables already name them (they are not rows).
  if (Status connection = check_connection (inputs, run.settings, run.request.url); !connection)
    return connection.error ().param == parameter (Param::ca_bundle).name
               ? named (std::move (connection).error ())
               : std::move (connection).error ();

  if (!inputs.dry_run && run.settings.api_key.empty ())
    return Error::config_error ("no API key", "api_key");
  return run;
}

} // namespace gptimage
