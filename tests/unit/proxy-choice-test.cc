// The proxy of a request comes from the proxy setting and the usual variables, in a fixed
// order, and GIO's resolver answers what was chosen.
#include "gptimage/proxy-choice.h"

#include <gtest/gtest.h>

#include <map>

using namespace gptimage;

namespace {

class ProxyChoiceTest : public ::testing::Test
{
protected:
  Result<ProxyChoice> choose (const char *url, std::string configured = {}) const
  {
    return choose_proxy (url, configured, [this] (const char *name) -> const char * {
      auto it = env.find (name);
      return it == env.end () ? nullptr : it->second.c_str ();
    });
  }

  // Where GIO's resolver, built from the choice, sends `url`.
  std::string resolved (const char *url, std::string configured = {}) const
  {
    auto choice = choose (url, configured);
    EXPECT_TRUE (choice) << choice.error ().message;
    return choice ? proxy_in_use (make_proxy_resolver (*choice).get (), url) : "<error>";
  }

  std::map<std::string, std::string> env;
};

TEST_F (ProxyChoiceTest, NothingSetMeansDirect)
{
  EXPECT_EQ (resolved ("https://api.openai.com/v1/images/generations"), "");
  EXPECT_EQ (resolved ("http://127.0.0.1:8080/v1/images/generations"), "");
}

TEST_F (ProxyChoiceTest, EachSchemeHasItsVariablesLowerCaseFirstThenAllProxy)
{
  env = { { "HTTPS_PROXY", "http://upper-s:1" }, { "https_proxy", "http://lower-s:2" },
          { "HTTP_PROXY", "http://upper:3" },    { "http_proxy", "http://lower:4" },
          { "ALL_PROXY", "http://upper-all:5" }, { "all_proxy", "http://lower-all:6" } };
  EXPECT_EQ (resolved ("https://api.example/v1"), "http://lower-s:2");
  EXPECT_EQ (resolved ("http://api.example/v1"), "http://lower:4");
  EXPECT_EQ (choose ("https://api.example/v1")->source, "https_proxy");

  env.erase ("https_proxy");
  env.erase ("http_proxy");
  EXPECT_EQ (resolved ("https://api.example/v1"), "http://upper-s:1");
  EXPECT_EQ (resolved ("http://api.example/v1"), "http://upper:3");

  env.erase ("HTTPS_PROXY");
  env["HTTP_PROXY"] = "   "; // empty counts as unset
  EXPECT_EQ (resolved ("https://api.example/v1"), "http://lower-all:6");
  EXPECT_EQ (resolved ("http://api.example/v1"), "http://lower-all:6");
  env.erase ("all_proxy");
  EXPECT_EQ (resolved ("https://api.example/v1"), "http://upper-all:5");
  EXPECT_EQ (choose ("https://api.example/v1")->source, "ALL_PROXY");
}

TEST_F (ProxyChoiceTest, TheSettingWinsAndNoProxyStillApplies)
{
  env = { { "https_proxy", "http://from-env:1" }, { "no_proxy", "internal.example" } };
  EXPECT_EQ (resolved ("https://api.example/v1", "http://from-setting:2"),
             "http://from-setting:2");
  EXPECT_EQ (choose ("https://api.example/v1", "http://from-setting:2")->source,
             "OPENAI_IMAGE_PROXY");
  EXPECT_EQ (resolved ("https://internal.example/v1", "http://from-setting:2"), "");
}

TEST_F (ProxyChoiceTest, NoProxyListsHostsDomainsAddressesAndAll)
{
  env = { { "https_proxy", "http://proxy:3128" },
          { "no_proxy", " localhost, .corp.example,10.0.0.0/8 ,, example.org" } };
  EXPECT_EQ (resolved ("https://localhost/v1"), "");
  EXPECT_EQ (resolved ("https://images.corp.example/v1"), "");
  EXPECT_EQ (resolved ("https://10.1.2.3:8443/v1"), "");
  EXPECT_EQ (resolved ("https://example.org/v1"), "");
  EXPECT_EQ (resolved ("https://api.example.org/v1"), ""); // subdomains too
  EXPECT_EQ (resolved ("https://api.openai.com/v1"), "http://proxy:3128");
  EXPECT_EQ (resolved ("https://11.0.0.1/v1"), "http://proxy:3128");

  env["no_proxy"] = "";
  env["NO_PROXY"] = "api.openai.com";
  EXPECT_EQ (resolved ("https://api.openai.com/v1"), "");
  env["NO_PROXY"] = "*";
  EXPECT_EQ (resolved ("https://anything.example/v1"), "");
}

TEST_F (ProxyChoiceTest, ProxyUrlsAreHttpWithAPort)
{
  EXPECT_EQ (normalized_proxy_url ("proxy", "proxy.example:3128").value (),
             "http://proxy.example:3128");
  EXPECT_EQ (normalized_proxy_url ("proxy", " HTTP://proxy.example:3128/ ").value (),
             "HTTP://proxy.example:3128");
  EXPECT_EQ (normalized_proxy_url ("proxy", "http://ada:pw@[::1]:3128").value (),
             "http://ada:pw@[::1]:3128");
  for (const char *bad : { "proxy.example", "http://proxy.example", "socks5://proxy:1080",
                           "https://proxy:443", "http://proxy:3128/path", "http://:3128",
                           "http://proxy:3128?x=1", "not a url:1" })
    {
      auto url = normalized_proxy_url ("proxy", bad);
      ASSERT_FALSE (url) << bad;
      EXPECT_EQ (url.error ().param, "proxy");
      EXPECT_NE (url.error ().message.find ("must be an HTTP proxy URL, http://HOST:PORT"),
                 std::string::npos)
          << url.error ().message;
    }
}

TEST_F (ProxyChoiceTest, ABadVariableIsNamedWithoutItsPassword)
{
  env = { { "https_proxy", "http://ada:hunter2@proxy.example" } };
  auto choice = choose ("https://api.example/v1");
  ASSERT_FALSE (choice);
  EXPECT_EQ (choice.error ().kind, ErrorKind::config);
  EXPECT_EQ (choice.error ().message,
             "https_proxy \"http://ada:****@proxy.example\" (environment) is invalid: must be an "
             "HTTP proxy URL, http://HOST:PORT (user:password@ allowed)");
  // A variable for the other scheme is not read.
  EXPECT_TRUE (choose ("http://api.example/v1"));
}

TEST_F (ProxyChoiceTest, PasswordsAreHiddenInMessages)
{
  EXPECT_EQ (without_password ("http://ada:pw@proxy:1"), "http://ada:****@proxy:1");
  EXPECT_EQ (without_password ("http://ada@proxy:1"), "http://ada@proxy:1");
  EXPECT_EQ (without_password ("http://proxy:1/a@b"), "http://proxy:1/a@b");
  EXPECT_EQ (without_password ("ada:pw@proxy:1"), "ada:****@proxy:1");
}

TEST_F (ProxyChoiceTest, CredentialsAreKeptApartFromTheResolvedUrl)
{
  env = { { "http_proxy", "http://ada%40corp:p%3Aw@proxy:1" } };
  EXPECT_EQ (resolved ("http://api.example/v1"), "http://proxy:1");
  // Basic, of the decoded "ada@corp:p:w".
  EXPECT_EQ (proxy_authorization (choose ("http://api.example/v1").value ()),
             "Basic YWRhQGNvcnA6cDp3");
  env = { { "http_proxy", "http://proxy:1" } };
  EXPECT_FALSE (proxy_authorization (choose ("http://api.example/v1").value ()));
}

} // namespace
