// Which proxy a request goes through, chosen the same way on every machine: the proxy setting
// (OPENAI_IMAGE_PROXY, --proxy), else the usual environment variables, and never whatever GIO
// proxy module (GNOME's settings, libproxy) happens to be installed.
//
//   https:// URLs: https_proxy, HTTPS_PROXY, all_proxy, ALL_PROXY (the first that is set)
//   http:// URLs:  http_proxy, HTTP_PROXY, all_proxy, ALL_PROXY
//   no_proxy (else NO_PROXY): hosts reached directly, comma-separated: example.com (and its
//   subdomains), .example.com, *.example.com, an IP address or CIDR range, HOST:PORT; * = all.
#pragma once

#include "gptimage/error.h"
#include "gptimage/glib-ptr.h"

#include <gio/gio.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gptimage {

// Reads one environment variable; null when it is unset.
using EnvironmentLookup = std::function<const char *(const char *name)>;

// g_getenv: the environment of this process.
const char *process_environment (const char *name);

struct ProxyChoice
{
  std::string url;    // http://HOST:PORT (user:password@ included); empty: connect directly
  std::string source; // the setting that chose it, e.g. "https_proxy"; for messages
  std::vector<std::string> bypass; // the no_proxy entries, each trimmed
};

// A proxy URL is http://HOST:PORT, optionally with user:password@; a bare HOST:PORT means
// http://. Returns the URL with its scheme, or Error::invalid naming `name` (which never shows
// the password).
Result<std::string> normalized_proxy_url (std::string_view name, std::string_view text);

// The proxy for a request to `request_url`. `configured` is the proxy setting, already
// normalized (empty: unset); it wins over the variables, and no_proxy applies to it too. A
// variable that holds no proxy URL is a config error naming it: https_proxy "…" (environment).
Result<ProxyChoice> choose_proxy (std::string_view request_url, std::string_view configured,
                                  const EnvironmentLookup &environment);

// A resolver that answers `choice` for every URL, and direct:// for the bypassed hosts. It
// gives the URL without credentials: see proxy_authorization.
ObjectPtr<GProxyResolver> make_proxy_resolver (const ProxyChoice &choice);

// The Proxy-Authorization value (Basic) for the user:password of the chosen proxy URL;
// nullopt when it has none. The transport sends it with each CONNECT and each http:// request
// that goes through the proxy, and never inside a tunnel, where the server would read it.
std::optional<std::string> proxy_authorization (const ProxyChoice &choice);

// The proxy `resolver` gives for `url`, without credentials; empty when it connects directly.
std::string proxy_in_use (GProxyResolver *resolver, const std::string &url);

// `url` with its password replaced by "****", for messages.
std::string without_password (std::string_view url);

} // namespace gptimage
