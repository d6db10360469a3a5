#include "gptimage/tls-trust.h"

#include "gptimage/i18n.h"

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
    /* Translators: %s is the system's reason. */
    return unusable_bundle (path, printf_string (_("cannot be read as PEM certificates: %s"),
                                                 // it quotes the path
                                                 display_value (error.message ()).c_str ()));
  bool empty = certificates == nullptr;
  g_list_free_full (certificates, g_object_unref);
  if (empty)
    return unusable_bundle (path, _("holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
  ObjectPtr<GTlsDatabase> database (g_tls_file_database_new (path.c_str (), error.out ()));
  if (!database)
    /* Translators: %s is the system's reason. */
    return unusable_bundle (path, printf_string (_("cannot be used as a CA bundle: %s"),
                                                 error.message ().c_str ()));
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
             ? std::string (_("it is not signed by a certificate authority this system trusts"))
             /* Translators: the CA bundle's path, then its setting (OPENAI_CA_BUNDLE). */
             : printf_string (_("it is not signed by a certificate authority in the CA bundle %s "
                                "(%s)"),
                              ca_bundle.c_str (), key.c_str ()));
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    add (_("it was issued for another host name"));
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    add (_("it is not valid yet"));
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    add (_("it has expired"));
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    add (_("it has been revoked"));
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    add (_("it uses an insecure algorithm"));
  const bool unexplained = reasons.empty ();
  if (unexplained)
    add (_("it failed verification"));
  /* Translators: a host name, then the reasons ("it has expired; …"). */
  Error e = Error::network_error (printf_string (_("the TLS certificate of %s is not trusted: %s"),
                                                 host.c_str (), reasons.c_str ()));
  // Only a private authority is fixed by a bundle; a wrong name or date is the server's to fix.
  if ((errors & G_TLS_CERTIFICATE_UNKNOWN_CA) || unexplained)
    {
      e.param = parameter (Param::ca_bundle).name;
      e.message += ca_bundle.empty ()
                       /* Translators: the setting (OPENAI_CA_BUNDLE), then the CLI flag. */
                       ? printf_string (_(". If the server or a TLS-inspecting proxy uses its own "
                                          "certificate authority, trust it with %s or %s (its PEM "
                                          "file)"),
                                        key.c_str (), flag.c_str ())
                       : std::string (_(". Put the authority that signed it in that file"));
    }
  return e;
}

} // namespace gptimage
