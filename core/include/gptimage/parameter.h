// What a row of the parameter table says, and lookups over the table (gptimage/parameter-table.h).
#pragma once

#include "gptimage/error.h"
#include "gptimage/route.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

// Marks a blurb for translation; the GIMP plug-in translates it in its own domain.
#ifndef N_
#define N_(String) (String)
#endif

namespace gptimage {

struct ModelCapabilities;

// The longest identifier accepted (a model, a user, an organization, a response or file id).
// Our own bound, not the API's: real ids are far shorter; it keeps a pasted file out of a
// header or a request field.
inline constexpr int kMaxIdChars = 256;

// Which routes a parameter belongs to.
inline constexpr unsigned kGenerationsRoute = 1u << 0;
inline constexpr unsigned kEditsRoute = 1u << 1;
inline constexpr unsigned kResponsesRoute = 1u << 2;
inline constexpr unsigned kImagesRoutes = kGenerationsRoute | kEditsRoute;
inline constexpr unsigned kAllRoutes = kImagesRoutes | kResponsesRoute;

unsigned route_bit (Route route);

// Which macro of the table declared a row, and so where its value lives.
enum class Kind
{
  setting, // Settings: connection and models
  option,  // ImageOptions: what a request carries
  input,   // the route parameters (the prompt, the edit form's field style)
};

enum class Storage
{
  text,   // std::string; empty = unset
  number, // std::optional<int>
  flag,   // bool
};

// The capability of gptimage/models.h that narrows a row's values for one model.
enum class ModelRule
{
  none,
  size,                   // ModelCapabilities::size_rule
  quality,                // ModelCapabilities::qualities
  transparent_background, // "transparent" only where ModelCapabilities::transparent_background
  input_fidelity,         // only where ModelCapabilities::input_fidelity
  complexity,             // only where ModelCapabilities::complexity
  not_gpt_image,          // never for GPT image models (response_format)
};

// Where the Responses route carries a value: in the request itself or in the image_generation
// tool object.
enum class Place
{
  top,
  tool,
};

// Every parameter by name, in table order.
enum class Param
{
#define GPT_IMAGE_SETTING(id, storage, ...) id,
#define GPT_IMAGE_OPTION(id, storage, ...) id,
#define GPT_IMAGE_INPUT(id, storage, ...) id,
#include "gptimage/parameter-table.h"
#undef GPT_IMAGE_SETTING
#undef GPT_IMAGE_OPTION
#undef GPT_IMAGE_INPUT
};

struct ParameterSpec
{
  Param id = Param::prompt;
  std::string_view name {};          // the row's id as text, e.g. "output_compression"
  Kind kind = Kind::option;
  Storage storage = Storage::text;
  std::string_view api {};           // the request field; empty: not sent as a field
  std::string_view cli {};           // the CLI flag without "--"; empty: no flag
  std::string_view gimp {};          // the GIMP procedure argument; empty: none
  std::string_view key {};           // the configuration key; empty: not configurable
  std::string_view fallback {};      // the built-in default; empty: unset
  std::string_view gimp_fallback {}; // the GIMP argument's default where it differs
  std::string_view gimp_none {};     // the GIMP argument's word for "none" where empty means more
  std::string_view metavar {};       // the value's name in --help; empty: from the flag
  std::string_view choices {};       // allowed values, "a|b|c" (the union over all models)
  int min = 0;                       // numbers: the range; text: max characters when max > 0
  int max = 0;
  ModelRule per_model = ModelRule::none;
  unsigned routes = kAllRoutes;
  Place place = Place::top;
  bool secret = false;               // never shown, not even in errors
  bool header = false;               // sent as an HTTP header: no control characters
  bool json_object = false;          // besides the choices, a JSON object is accepted
  const char *blurb = "";            // one line for --help and GIMP (translatable)
  const char *label = "";            // the GIMP dialog's label (translatable)
  const char *labels = "";           // the choices' labels in the dialog, "A|B|C" (translatable)
  std::string_view examples {};      // common values to offer beside a free entry, "a|b|c"

  bool on_route (Route route) const { return (routes & route_bit (route)) != 0; }
  bool has_range () const { return storage == Storage::number; }
};

// All rows, in table order.
std::span<const ParameterSpec> parameter_table ();
const ParameterSpec &parameter (Param id);
// The row whose name is `name` (e.g. "quality"); null when there is none.
const ParameterSpec *find_parameter (std::string_view name);
// The row configured by `key` (e.g. "OPENAI_IMAGE_N"); null when there is none.
const ParameterSpec *find_parameter_by_key (std::string_view key);

// The model row of a route: image_model on the Images routes, responses_model on Responses.
Param model_parameter (Route route);

// The row's choices as a list, e.g. { "low", "medium", ... }.
std::vector<std::string_view> choice_list (const ParameterSpec &spec);
// "a|b|c" as { "a", "b", "c" }.
std::vector<std::string_view> split_bars (std::string_view text);
// The values of `spec` that `model` accepts: the row's choices narrowed by the capability
// table; all choices for a model that is not in the table.
std::vector<std::string_view> choices_for_model (const ParameterSpec &spec,
                                                 std::string_view model);
// "low, medium or high"
std::string join_choices (const std::vector<std::string_view> &values);
// The allowed values or the range as --help shows them, with the models that narrow them,
// e.g. "low, medium, high, xhigh, max or auto; xhigh, max: gpt-image-2.5, gpt-image-2.6".
std::string describe_allowed (const ParameterSpec &spec);

// An invalid () error for the row's value; a secret row's value is left out of it.
Error invalid_value (const ParameterSpec &spec, std::string_view text, std::string_view rule);

// Whether the value is text at all (valid UTF-8), whatever the row.
Status check_text (const ParameterSpec &spec, std::string_view text);

// Checks one value against its row alone: whether it is text, the choices the model accepts
// (any model when `model` is empty), the range, the length. Rules between parameters are
// validation's.
Status check_parameter_value (const ParameterSpec &spec, std::string_view text,
                              std::string_view model = {});

} // namespace gptimage
