// Builds the exact HTTP request for each route from validated parameters. Only keys that are
// set are sent (never "input_fidelity": null).
#pragma once

#include "gptimage/error.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/options.h"
#include "gptimage/response-limits.h"

#include <string>
#include <vector>

namespace gptimage {

struct FormField
{
  std::string name;
  std::string value;
};

struct FormFile
{
  std::string field;     // image, image[], image[0], ..., mask
  std::string path;      // local path as given
  std::string filename;  // basename sent in Content-Disposition
  std::string mime_type; // from the file's magic bytes
};

struct HttpRequest
{
  Route route = Route::generations;
  std::string url;          // base URL + route path
  bool stream = false;      // the response will be text/event-stream
  std::string content_type; // application/json, or multipart/form-data; boundary=...
  BytesPtr body;            // the exact bytes to send; null when built without a body
  ResponseLimits limits;    // what the answer may bring: the images asked for, and no more
  // Edits only, in the order the parts are sent (for --dry-run and the test server's checks).
  std::vector<FormField> form_fields;
  std::vector<FormFile> form_files;
};

// `base_url` has no trailing slash, e.g. https://api.openai.com/v1.
Result<HttpRequest> build_generations_request (const std::string &base_url,
                                               const GenerationsParams &params);
// with_body=false skips reading the files (for --dry-run): form_fields/form_files are still set,
// each file's MIME type then taken from its extension instead of its magic bytes.
Result<HttpRequest> build_edits_request (const std::string &base_url, const EditsParams &params,
                                         bool with_body = true);
// Local input images and masks are read and sent as data: URLs.
Result<HttpRequest> build_responses_request (const std::string &base_url,
                                             const ResponsesParams &params);

// The --dry-run document: {"command", "url", "stream", "request"}. For JSON routes `request`
// is the body; for edits it is {"fields": [[name, value], ...], "files": [{"field", "path"}]}.
std::string dry_run_document (const HttpRequest &request);

} // namespace gptimage
