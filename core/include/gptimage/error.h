// Errors are values inside the core. Fronts convert them at their edge: the CLI into a
// message and an exit code, the GIMP plug-in into a GError and a PDB status.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace gptimage {

enum class ErrorKind
{
  usage,      // a flag or argument is malformed or missing
  validation, // a parameter breaks an API or model rule (caught before any network I/O)
  config,     // configuration could not be read or has a bad value
  io,         // a local file could not be read or written
  network,    // connection refused, DNS, TLS, dropped connection
  timeout,    // the configured timeout elapsed
  http,       // a non-2xx status without a parseable API error body
  api,        // a non-2xx status, an SSE `error` event or `response.failed` with an API error
  protocol,   // the server answered 2xx but the body could not be understood
  cancelled,  // the caller cancelled (Ctrl-C, Cancel button)
};

struct Error
{
  ErrorKind kind = ErrorKind::usage;
  std::string message; // human-readable, one line
  std::string param;   // the parameter at fault, when known
  int http_status = 0; // 0 when no HTTP response was received
  std::string type;    // API error type, e.g. "invalid_request_error"
  std::string code;    // API error code, e.g. "moderation_blocked"
  std::string request_id; // the failing response's x-request-id
  // For invalid (): the value (as display_value shows it) and the rule, so that an edge can
  // name the parameter the way the user gave it (--n, OPENAI_IMAGE_N, the GIMP argument n).
  std::string value {};
  std::string rule {};

  // `param` "value" rule, e.g. invalid("size", "1000x1000", "both edges must be multiples of 16")
  // gives: size "1000x1000" is invalid: both edges must be multiples of 16
  static Error invalid (std::string param, std::string_view value, std::string_view rule);
  static Error usage_error (std::string message, std::string param = {});
  static Error config_error (std::string message, std::string param = {});
  static Error io_error (std::string message);
  static Error network_error (std::string message);
  static Error protocol_error (std::string message);
  static Error cancelled_error ();

  // The same error with the parameter named `shown` in its message, e.g. "--n" for "n", and
  // where the value came from when that is not the front itself, e.g. "environment".
  // `hide_value` leaves the value out (the API key).
  Error renamed (std::string_view shown, std::string_view where = {}, bool hide_value = false) const;

  // Usage, validation and config errors are the user's to fix (CLI exit code 2).
  bool is_user_error () const;
  // One line for people: status, API message, code, param and request id where known, with
  // control characters escaped (see display_text).
  std::string describe () const;
};

std::string_view error_kind_name (ErrorKind kind);

template <typename T>
class [[nodiscard]] Result
{
public:
  Result (T value) : state_ (std::in_place_index<0>, std::move (value)) {}
  Result (Error error) : state_ (std::in_place_index<1>, std::move (error)) {}

  bool ok () const noexcept { return state_.index () == 0; }
  explicit operator bool () const noexcept { return ok (); }

  T &value () & { return std::get<0> (state_); }
  const T &value () const & { return std::get<0> (state_); }
  T &&value () && { return std::get<0> (std::move (state_)); }
  T *operator-> () { return &value (); }
  const T *operator-> () const { return &value (); }
  T &operator* () & { return value (); }

  const Error &error () const & { return std::get<1> (state_); }
  Error &&error () && { return std::get<1> (std::move (state_)); }

private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void>
{
public:
  Result () = default;
  Result (Error error) : error_ (std::move (error)), ok_ (false) {}

  bool ok () const noexcept { return ok_; }
  explicit operator bool () const noexcept { return ok_; }
  const Error &error () const & { return error_; }
  Error &&error () && { return std::move (error_); }

private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

} // namespace gptimage
