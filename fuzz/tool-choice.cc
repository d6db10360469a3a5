// The tool_choice option on any text: validated as the fronts validate it, and where
// validation lets it through, the request must build (the builder parses it again) into a
// JSON body.
#include "gptimage/glib-ptr.h"
#include "gptimage/request.h"
#include "gptimage/validate.h"

#include <json-glib/json-glib.h>

#include <cstdio>
#include <cstdlib>

extern "C" int
LLVMFuzzerTestOneInput (const std::uint8_t *data, std::size_t size)
{
  gptimage::ResponsesParams params;
  params.model = "gpt-5.4";
  params.input_texts = { "a red fox" };
  params.image.tool_choice.assign (reinterpret_cast<const char *> (data), size);
  if (!gptimage::validate_responses (params))
    return 0;
  auto request = gptimage::build_responses_request ("http://127.0.0.1:9/v1", params);
  if (!request)
    {
      std::fprintf (stderr, "validated, but the request does not build: %s\n",
                    request.error ().message.c_str ());
      std::abort ();
    }
  gsize body_size = 0;
  const auto *body
      = static_cast<const char *> (g_bytes_get_data (request->body.get (), &body_size));
  gptimage::ObjectPtr<JsonParser> parser (json_parser_new ());
  if (!json_parser_load_from_data (parser.get (), body, static_cast<gssize> (body_size), nullptr))
    {
      std::fprintf (stderr, "the request body is not JSON\n");
      std::abort ();
    }
  return 0;
}
