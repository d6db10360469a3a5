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
