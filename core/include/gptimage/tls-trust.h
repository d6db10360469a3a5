// Which certificate authorities a connection trusts: the system's, or only those of the CA
// bundle setting (OPENAI_IMAGE_CA_BUNDLE, --ca-bundle), for self-hosted servers and
// TLS-inspecting proxies. Certificate verification itself is never turned off: no setting
// does that.
#pragma once

#include "gptimage/error.h"
#include "gptimage/glib-ptr.h"

#include <gio/gio.h>

#include <string>

namespace gptimage {

// The CA bundle at `path` as a TLS database. A file that cannot be read or holds no PEM
// certificate is a config error naming ca_bundle, the path and why.
Result<ObjectPtr<GTlsDatabase>> load_ca_bundle (const std::string &path);

// A network error that says why the certificate of `host` was refused (`errors` as the TLS
// connection reported them) and what fixes it; `ca_bundle` is the bundle in use, empty for the
// system's. Its param is ca_bundle when a bundle may be the fix (an unknown authority), so
// that a front can point to where it sets one.
Error untrusted_certificate_error (const std::string &host, GTlsCertificateFlags errors,
                                   const std::string &ca_bundle);

} // namespace gptimage
