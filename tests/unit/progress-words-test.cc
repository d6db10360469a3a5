#include "progress-words.h"

#include <gtest/gtest.h>

using namespace gptimage;
using namespace gptimage::plugin;

namespace {

Error
http_error (int status)
{
  Error error = Error::network_error ("HTTP 503 Service Unavailable");
  error.kind = ErrorKind::http;
  error.http_status = status;
  return error;
}

TEST (ProgressWords, BusyServerIsSaidPlainly)
{
  EXPECT_EQ (retry_words (1, 8.0, http_error (503)), "Server busy, retrying in 8 s (retry 1)");
  EXPECT_EQ (retry_words (2, 0.2, http_error (429)), "Server busy, retrying in 1 s (retry 2)");
}

TEST (ProgressWords, NoHttpTextIsShown)
{
  const std::string words = retry_words (1, 2.5, http_error (502));
  EXPECT_EQ (words, "Server error, retrying in 3 s (retry 1)");
  EXPECT_EQ (words.find ("HTTP"), std::string::npos);
  EXPECT_EQ (retry_words (3, 4, Error::network_error ("connection reset")),
             "Connection lost, retrying in 4 s (retry 3)");
  Error timeout = Error::network_error ("timed out");
  timeout.kind = ErrorKind::timeout;
  EXPECT_EQ (retry_words (1, 1, timeout),
             "No answer in time, retrying in 1 s (retry 1)");
}

} // namespace
