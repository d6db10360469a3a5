#include "gptimage/proxy-choice.h"

#include "gptimage/config.h"
#include "gptimage/i18n.h"

#include <array>
#include <cstring>

namespace gptimage {

namespace {

constexpr const char *kProxyRule
    /* Translators: keep http://, : and @; HOST, PORT, user and password name the parts of the
       URL to type. */
    = N_("must be an HTTP proxy URL, http://HOST:PORT (user:password@ allowed)");

// `text` without the white space around it.
std::string
stripped (std::string_view text)
{
  std::string copy (text);
  g_strstrip (copy.data ());
  copy.resize (std::strlen (copy.c_str ()));
  return copy;
}

// An empty variable counts as unset, as with every other setting.
const char *
variable (const EnvironmentLookup &environment, const char *name)
{
  const char *value = environment (name);
  return value && !stripped (value).empty () ? value : nullptr;
}

std::vector<std::string>
bypass_entries (const char *no_proxy)
{
  std::vector<std::string> entries;
  StrvPtr parts (g_strsplit (no_proxy ? no_proxy : "", ",", -1));
  for (char **part = parts.get (); *part; ++part)
    if (*g_strstrip (*part))
      entries.emplace_back (*part);
  return entries;
}

} // namespace

const char *
process_environment (const char *name)
{
  return g_getenv (name);
}

std::string
without_password (std::string_view url)
{
  auto scheme_end = url.find ("://");
  std::size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  auto at = url.find ('@', start);
  auto slash = url.find ('/', start);
  if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at))
    return std::string (url);
  auto colon = url.find (':', start);
  if (colon == std::string_view::npos || colon > at)
    return std::string (url);
  return std::string (url.substr (0, colon + 1)) + "****" + std::string (url.substr (at));
}

Result<std::string>
normalized_proxy_url (std::string_view name, std::string_view text)
{
  auto invalid = [&] {
    return Error::invalid (std::string (name), without_password (text), _(kProxyRule));
  };
  std::string url = stripped (text);
  for (char c : url)
    if (g_ascii_isspace (c) || g_ascii_iscntrl (c))
      return invalid ();
  if (url.find ("://") == std::string::npos)
    url = "http://" + url;
  UriPtr uri (g_uri_parse (url.c_str (), G_URI_FLAGS_NONE, nullptr));
  if (!uri)
    return invalid ();
  const char *host = g_uri_get_host (uri.get ());
  const char *path = g_uri_get_path (uri.get ());
  // Only HTTP proxies: the ones this project tests (GIO would take socks too).
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri.get ()), "http") != 0 || !host || !*host
      || g_uri_get_port (uri.get ()) <= 0 || (path && *path && g_strcmp0 (path, "/") != 0)
      || g_uri_get_query (uri.get ()) || g_uri_get_fragment (uri.get ()))
    return invalid ();
  while (url.ends_with ('/'))
    url.pop_back ();
  return url;
}

Result<ProxyChoice>
choose_proxy (std::string_view request_url, std::string_view configured,
              const EnvironmentLookup &environment)
{
  ProxyChoice choice;
  const char *no_proxy = variable (environment, "no_proxy");
  if (!no_proxy)
    no_proxy = variable (environment, "NO_PROXY");
  choice.bypass = bypass_entries (no_proxy);
  for (const auto &entry : choice.bypass)
    if (entry == "*")
      {
        choice.bypass.clear ();
        return choice; // every host directly
      }

  if (!configured.empty ())
    {
      choice.url = configured;
      choice.source = config_key (Param::proxy);
      return choice;
    }
  bool https = g_ascii_strncasecmp (std::string (request_url).c_str (), "https:", 6) == 0;
  const std::array<const char *, 4> names
      = https ? std::array<const char *, 4> { "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" }
              : std::array<const char *, 4> { "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY" };
  for (const char *name : names)
    if (const char *value = variable (environment, name))
      {
        auto url = normalized_proxy_url (name, value);
        if (!url)
          {
            Error e = std::move (url).error ().renamed (name, "environment");
            e.kind = ErrorKind::config;
            return e;
          }
        choice.url = std::move (url).value ();
        choice.source = name;
        break;
      }
  return choice;
}

// libsoup 3.2 answers a proxy's 407 with the credentials of the proxy URL, but then sends the
// request to the proxy's own URL, and without its body: the transport sends them at once.
ObjectPtr<GProxyResolver>
make_proxy_resolver (const ProxyChoice &choice)
{
  std::vector<const char *> ignore;
  for (const auto &entry : choice.bypass)
    ignore.push_back (entry.c_str ());
  ignore.push_back (nullptr);
  std::string url;
  if (!choice.url.empty ())
    {
      UriPtr uri (g_uri_parse (choice.url.c_str (), G_URI_FLAGS_ENCODED, nullptr));
      url = uri ? take_string (g_uri_to_string_partial (uri.get (), G_URI_HIDE_USERINFO))
                : choice.url;
    }
  return ObjectPtr<GProxyResolver> (g_simple_proxy_resolver_new (
      url.empty () ? nullptr : url.c_str (), const_cast<char **> (ignore.data ())));
}

std::optional<std::string>
proxy_authorization (const ProxyChoice &choice)
{
  if (choice.url.empty ())
    return std::nullopt;
  UriPtr uri (g_uri_parse (choice.url.c_str (), G_URI_FLAGS_HAS_PASSWORD, nullptr));
  if (!uri || !g_uri_get_user (uri.get ()))
    return std::nullopt;
  const char *password = g_uri_get_password (uri.get ());
  std::string pair = std::string (g_uri_get_user (uri.get ())) + ":" + (password ? password : "");
  return "Basic "
         + take_string (g_base64_encode (reinterpret_cast<const guchar *> (pair.data ()),
                                         pair.size ()));
}

std::string
proxy_in_use (GProxyResolver *resolver, const std::string &url)
{
  StrvPtr proxies (g_proxy_resolver_lookup (resolver, url.c_str (), nullptr, nullptr));
  if (!proxies || !proxies.get ()[0] || g_str_equal (proxies.get ()[0], "direct://"))
    return {};
  return without_password (proxies.get ()[0]);
}

} // namespace gptimage
