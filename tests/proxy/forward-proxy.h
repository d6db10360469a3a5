// A loopback HTTP forward proxy for tests: it takes absolute-URI requests (how clients send
// http:// URLs through a proxy) and CONNECT tunnels (https:// URLs), passes them on, and
// records what went through it. It can demand Basic proxy credentials.
//
// One thread per client connection, blocking I/O; an absolute-URI request is forwarded with
// "Connection: close" and needs a Content-Length body (as libsoup sends one). Never for
// anything but loopback tests.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gptimage::testing {

class ForwardProxy
{
public:
  struct Options
  {
    // Non-empty: every request needs Proxy-Authorization: Basic user:password, else 407.
    std::string user {};
    std::string password {};
  };

  struct Record
  {
    std::string method;  // "CONNECT", "POST", ...
    std::string target;  // "127.0.0.1:PORT" for CONNECT, else the absolute URI
    int status = 0;      // what the proxy itself answered: 200 tunnel, 407, 502; 0 forwarded
    bool had_credentials = false; // a Proxy-Authorization header came
  };

  // Listens on 127.0.0.1, any free port. Null (with a warning) when it cannot.
  static std::unique_ptr<ForwardProxy> start (Options options);
  ~ForwardProxy (); // stops listening, ends the open connections, joins their threads

  ForwardProxy (const ForwardProxy &) = delete;
  ForwardProxy &operator= (const ForwardProxy &) = delete;

  std::string url () const; // http://127.0.0.1:PORT
  std::vector<Record> requests () const;

  struct State;

private:
  ForwardProxy ();
  std::unique_ptr<State> state_;
};

} // namespace gptimage::testing
