// What a refused certificate is told as: the reason, and the setting when a bundle fixes it.
#include "gptimage/tls-trust.h"

#include <gtest/gtest.h>

using namespace gptimage;

namespace {

std::string
message_of (const std::string &host, GTlsCertificateFlags errors, const std::string &ca_bundle)
{
  Error e = untrusted_certificate_error (host, errors, ca_bundle);
  EXPECT_EQ (e.kind, ErrorKind::network);
  // Named where a bundle is the fix, so that the GIMP plug-in points to its Settings.
  bool bundle_fixes = errors == G_TLS_CERTIFICATE_NO_FLAGS || (errors & G_TLS_CERTIFICATE_UNKNOWN_CA);
  EXPECT_EQ (e.param, bundle_fixes ? "ca_bundle" : "") << e.message;
  return e.message;
}

bool
contains (const std::string &text, const std::string &part)
{
  return text.find (part) != std::string::npos;
}

TEST (TlsTrust, AnUnknownAuthorityNamesTheSettingThatFixesIt)
{
  std::string message
      = message_of ("images.corp.example", G_TLS_CERTIFICATE_UNKNOWN_CA, "");
  EXPECT_EQ (message, "the TLS certificate of images.corp.example is not trusted: it is not "
                      "signed by a certificate authority this system trusts. If the server or a "
                      "TLS-inspecting proxy uses its own certificate authority, trust it with "
                      "OPENAI_IMAGE_CA_BUNDLE or --ca-bundle (its PEM file)");

  message = message_of ("h", G_TLS_CERTIFICATE_UNKNOWN_CA, "/etc/corp-ca.pem");
  EXPECT_TRUE (contains (message, "not signed by a certificate authority in the CA bundle "
                                  "/etc/corp-ca.pem (OPENAI_IMAGE_CA_BUNDLE)"))
      << message;
}

TEST (TlsTrust, OtherReasonsAreTheServersToFix)
{
  std::string message = message_of (
      "h", static_cast<GTlsCertificateFlags> (G_TLS_CERTIFICATE_BAD_IDENTITY
                                              | G_TLS_CERTIFICATE_EXPIRED),
      "");
  EXPECT_EQ (message, "the TLS certificate of h is not trusted: it was issued for another host "
                      "name; it has expired");
  EXPECT_TRUE (contains (message_of ("h", G_TLS_CERTIFICATE_NOT_ACTIVATED, ""),
                         "it is not valid yet"));
  EXPECT_TRUE (contains (message_of ("h", G_TLS_CERTIFICATE_REVOKED, ""),
                         "it has been revoked"));
  EXPECT_TRUE (contains (message_of ("h", G_TLS_CERTIFICATE_INSECURE, ""),
                         "insecure algorithm"));
  // No reason given: a bundle may still be the fix.
  EXPECT_TRUE (contains (message_of ("h", G_TLS_CERTIFICATE_NO_FLAGS, ""),
                         "it failed verification. If the server"));
}

TEST (TlsTrust, AnUnusableBundleIsAConfigErrorNamingIt)
{
  auto loaded = load_ca_bundle ("/nonexistent/gpt-image-ca.pem");
  ASSERT_FALSE (loaded);
  EXPECT_EQ (loaded.error ().kind, ErrorKind::config);
  EXPECT_EQ (loaded.error ().param, "ca_bundle");
  EXPECT_TRUE (contains (loaded.error ().message,
                         "ca_bundle \"/nonexistent/gpt-image-ca.pem\" is invalid: cannot be read"))
      << loaded.error ().message;
}

} // namespace
