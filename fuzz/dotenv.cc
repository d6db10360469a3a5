// A .env file, any bytes: parsed, then its values resolved as load_config gives them to
// resolve_settings (numbers, booleans and the base URL converted).
#include "gptimage/config.h"
#include "gptimage/dotenv.h"
#include "gptimage/parameter.h"

extern "C" int
LLVMFuzzerTestOneInput (const std::uint8_t *data, std::size_t size)
{
  auto parsed = gptimage::parse_dotenv (
      std::string_view (reinterpret_cast<const char *> (data), size), "fuzz.env");
  if (!parsed)
    return 0;
  gptimage::ConfigValues values;
  for (const auto &[key, value] : *parsed)
    if (const gptimage::ParameterSpec *spec = gptimage::find_parameter_by_key (key))
      values.set (spec->id, value, gptimage::ConfigSource::env_file);
  (void) gptimage::resolve_settings (values);
  return 0;
}
