#include "reply.h"

#include "api-error.h"

namespace gptimage::testing {

Reply
json_reply (std::string body, int status)
{
  Reply reply;
  reply.status = status;
  reply.body = std::move (body);
  return reply;
}

Reply
error_reply (const Error &error, JsonObject *extra)
{
  return json_reply (error_body (error, extra), error.http_status > 0 ? error.http_status : 400);
}

Reply
server_error_reply (const Error &cause)
{
  return error_reply (api_error (500, "server_error", {}, {},
                                 "The server had an error while processing your request: "
                                     + cause.message));
}

} // namespace gptimage::testing
