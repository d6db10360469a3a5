// An HTTP error body, any bytes: the error must have a message a person can read (not empty,
// valid UTF-8), whatever the body was.
#include "gptimage/response-parser.h"

#include <fuzzer/FuzzedDataProvider.h>
#include <glib.h>

#include <cstdio>
#include <cstdlib>

extern "C" int
LLVMFuzzerTestOneInput (const std::uint8_t *data, std::size_t size)
{
  FuzzedDataProvider provider (data, size);
  int status = provider.ConsumeIntegralInRange<int> (400, 599);
  std::string body = provider.ConsumeRemainingBytesAsString ();
  gptimage::Error e = gptimage::parse_api_error (status, body.data (), body.size (), "req_fuzz");
  if (e.message.empty () || !g_utf8_validate (e.message.data (), e.message.size (), nullptr))
    {
      std::fprintf (stderr, "the error message is empty or not UTF-8\n");
      std::abort ();
    }
  return 0;
}
