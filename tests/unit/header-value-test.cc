#include "gptimage/header-value.h"

#include <gtest/gtest.h>

using namespace gptimage;

namespace {

const char *kRule = "must not contain control characters such as a line break";

} // namespace

TEST (HeaderValue, OrdinaryValuesPass)
{
  EXPECT_TRUE (check_header_value ("OPENAI_API_KEY", "fake-key-proj-abc_DEF-123", true).ok ());
  EXPECT_TRUE (check_header_value ("OPENAI_ORGANIZATION", "org-XyZ 42", false).ok ());
  EXPECT_TRUE (check_header_value ("OPENAI_PROJECT", "", false).ok ());
  // Not a control character: left to the server to judge.
  EXPECT_TRUE (check_header_value ("OPENAI_PROJECT", "caf\xc3\xa9", false).ok ());
}

TEST (HeaderValue, EveryControlCharacterFails)
{
  for (const std::string &bad : { std::string ("a\nb"), std::string ("a\r\nb"),
                                 std::string ("a\rb"), std::string ("a\tb"),
                                 std::string ("a\0b", 3), std::string ("\x1b[2J"),
                                 std::string ("a\x7f"), std::string ("trailing\n") })
    {
      SCOPED_TRACE (bad);
      Status status = check_header_value ("OPENAI_PROJECT", bad, false);
      ASSERT_FALSE (status.ok ());
      EXPECT_EQ (status.error ().kind, ErrorKind::config);
      EXPECT_TRUE (status.error ().is_user_error ());
      EXPECT_EQ (status.error ().param, "OPENAI_PROJECT");
      EXPECT_NE (status.error ().message.find ("OPENAI_PROJECT"), std::string::npos);
      EXPECT_NE (status.error ().message.find (kRule), std::string::npos);
      EXPECT_EQ (status.error ().message.find_first_of ("\r\n\t\x1b\x7f"), std::string::npos)
        << status.error ().message;
    }
}

TEST (HeaderValue, PlainValuesAreShownEscaped)
{
  Status status = check_header_value ("OPENAI_ORGANIZATION", "org-1\r\nX-Evil: 1", false);
  ASSERT_FALSE (status.ok ());
  EXPECT_EQ (status.error ().message,
             std::string ("OPENAI_ORGANIZATION \"org-1\\r\\nX-Evil: 1\" is invalid: ") + kRule);
}

TEST (HeaderValue, SecretsAreNeverShownNotEvenInPart)
{
  const std::string first = "fake-key-Qz7kW9pXvJ";
  const std::string second = "Vb3mR8tLyHq2";
  Status status = check_header_value ("OPENAI_API_KEY", first + "\n" + second, true);
  ASSERT_FALSE (status.ok ());
  const std::string &message = status.error ().message;
  EXPECT_EQ (status.error ().param, "OPENAI_API_KEY");
  EXPECT_EQ (message.rfind ("OPENAI_API_KEY", 0), 0u) << message;
  EXPECT_NE (message.find (kRule), std::string::npos);
  // No run of three characters of the key appears in the message.
  for (const std::string &half : { first, second })
    for (std::size_t i = 0; i + 3 <= half.size (); ++i)
      EXPECT_EQ (message.find (half.substr (i, 3)), std::string::npos)
        << half.substr (i, 3) << " in: " << message;
}
