#include "gptimage/error.h"

#include <gtest/gtest.h>

using namespace gptimage;

TEST (Error, InvalidNamesParameterValueAndRule)
{
  Error e = Error::invalid ("size", "1000x1000", "both edges must be multiples of 16");
  EXPECT_EQ (e.kind, ErrorKind::validation);
  EXPECT_EQ (e.param, "size");
  EXPECT_EQ (e.message, "size \"1000x1000\" is invalid: both edges must be multiples of 16");
  EXPECT_TRUE (e.is_user_error ());
}

TEST (Error, DescribeApiErrorCarriesStatusCodeAndRequestId)
{
  Error e;
  e.kind = ErrorKind::api;
  e.http_status = 400;
  e.message = "Your request was rejected by the safety system.";
  e.type = "image_generation_user_error";
  e.code = "moderation_blocked";
  e.request_id = "req_123";
  EXPECT_EQ (e.describe (), "HTTP 400: Your request was rejected by the safety system. "
                            "(type image_generation_user_error, code moderation_blocked, "
                            "request id req_123)");
  EXPECT_FALSE (e.is_user_error ());
}

// Every piece may come from the server; none may clear the screen or start a second line.
TEST (Error, DescribeEscapesControlCharactersInEveryServerPiece)
{
  Error e;
  e.kind = ErrorKind::api;
  e.http_status = 400;
  e.message = "Bad \x1b]0;pwned\x07 request\x1b[2J\nsecond line \xc2\x9b" "31m \xff";
  e.type = "invalid_request_error\x1b[8m";
  e.code = "hostile\ncode";
  e.param = "prompt\r";
  e.request_id = "req_\t1\x7f";
  EXPECT_EQ (e.describe (), "HTTP 400: Bad \\x1b]0;pwned\\x07 request\\x1b[2J\\nsecond line "
                            "\\u009b31m \xef\xbf\xbd (type invalid_request_error\\x1b[8m, "
                            "code hostile\\ncode, param prompt\\r, request id req_\\t1\\x7f)");
}

TEST (Error, DescribeEscapesOtherKindsToo)
{
  // A protocol error can quote the model's own text, a network error a server's reason.
  Error e;
  e.kind = ErrorKind::protocol;
  e.message = "the response contained no image; the model said: one\ntwo";
  e.request_id = "req_1";
  EXPECT_EQ (e.describe (),
             "the response contained no image; the model said: one\\ntwo (request id req_1)");
}

TEST (Result, HoldsValueOrError)
{
  Result<int> good (7);
  ASSERT_TRUE (good.ok ());
  EXPECT_EQ (good.value (), 7);
  Result<int> bad (Error::io_error ("nope"));
  ASSERT_FALSE (bad.ok ());
  EXPECT_EQ (bad.error ().message, "nope");
  Status fine;
  EXPECT_TRUE (fine.ok ());
}
