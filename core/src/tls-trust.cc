#include "gptimage/tls-trust.h"

#include "gptimage/config.h"
#include "gptimage/display-text.h"

namespace gptimage {

namespace {

Error
unusable_bundle (const std::string &path, std::string rule)
{
  Error e = Error::invalid (std::string (parameter (Param::ca_bundle).name), path, rule);
  e.kind = ErrorKind::config;
  return e;
}

} // namespace

Result<ObjectPtr<GTlsDatabase>>
load_ca_bundle (const std::string &path)
{
  ErrorOut error;
  GList *certificates = g_tls_certificate_list_new_from_file (path.c_str (), error.out ());
  if (error)
    return unusable_bundle (path, "cannot be read as PEM certificates: "
                                    + display_value (error.message ())); // it quotes the path
  bool empty = certificates == nullptr;
  g_list_free_full (certificates, g_object_unref);
  if (empty)
    return unusable_bundle (path, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  ObjectPtr<GTlsDatabase> database (g_tls_file_database_new (path.c_str (), error.out ()));
  if (!database)
    return unusable_bundle (path, "cannot be used as a CA bundle: " + error.message ());
  return database;
}

Error
untrusted_certificate_error (const std::string &host, GTlsCertificateFlags errors,
                             const std::string &ca_bundle)
{
  const std::string key = config_key (Param::ca_bundle);
  const std::string flag = "--" + std::string (parameter (Param::ca_bundle).cli);
  std::string reasons;
  auto add = [&reasons] (const std::string &reason) {
    reasons += (reasons.empty () ? "" : "; ") + reason;
  };
  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    add (ca_bundle.empty ()
             ? "it is not signed by a certificate authority this system trusts"
             : "it is not signed by a certificate authority in the CA bundle " + ca_bundle + " ("
                   + key + ")");
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    add ("it was issued for another host name");
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    add ("it is not valid yet");
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    add ("it has expired");
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    add ("it has been revoked");
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    add ("it uses an insecure algorithm");
  if (reasons.empty ())
    add ("it failed verification");
  Error e = Error::network_error ("the TLS certificate of " + host + " is not trusted: "
                                  + reasons);
  // Only a private authority is fixed by a bundle; a wrong name or date is the server's to fix.
  if ((errors & G_TLS_CERTIFICATE_UNKNOWN_CA) || reasons == "it failed verification")
    {
      e.param = parameter (Param::ca_bundle).name;
      e.message += ca_bundle.empty ()
                       ? ". If the server or a TLS-inspecting proxy uses its own certificate "
                         "authority, trust it with "
                             + key + " or " + flag + " (its PEM file)"
                       : ". Put the authority that signed it in that file";
    }
  return e;
}

} // namespace gptimage
