// HTTP requests through libcurl, signed with AWS Signature Version 4 by libcurl itself
// (CURLOPT_AWS_SIGV4), retried as the AWS SDKs' "standard" retry mode does: 3 attempts by default,
// exponential backoff with full jitter, only throttling (429), server errors (5xx) and transport errors.
// A request that must not run twice (Invoke) is never sent again once it may have reached the server.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "calibrate/aws/credentials.h"
#include "model/diagnostics.h"

namespace breakeven::calibrate {

struct HttpRequest {
  std::string method = "GET";  // GET, PUT, POST
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  // False for a request with an effect that must not happen twice (Lambda Invoke): after a transport
  // error that may have come once the request was sent (a timeout, a connection closed before the
  // answer), it is not sent again and TransportError says so. Errors before sending are retried.
  bool may_resend = true;
  double attempt_timeout_s = 0;  // this request's limit for one attempt; 0 = the client's
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  double elapsed_ms = 0;  // client round trip of the last attempt (steady clock)
  int attempts = 0;
  std::string header(const std::string& lower_name) const;
};

// The AWS SDKs' standard retry mode: before retry k (k = 1, 2, ...) a wait drawn uniformly from
// [0, min(max_delay_s, base_delay_s * 2^(k-1))] ("full jitter"); base 1 s and cap 20 s as in the SDKs.
struct RetryPolicy {
  int max_attempts = 3;  // AWS_MAX_ATTEMPTS / --max-attempts; the first attempt counts
  double base_delay_s = 1;
  double max_delay_s = 20;
  std::uint64_t jitter_seed = 0x6272656b;     // fixed: the same waits on every run
  std::function<void(double seconds)> sleep;  // empty = really sleep
  std::function<double()> now_s;              // a steady clock in seconds; empty = std::chrono's
};

// Limits of one request: connecting, one attempt (sending and the whole answer), and every attempt and
// wait together (the deadline; at least one attempt's limit).
struct Timeouts {
  double connect_s = 5;
  double attempt_s = 30;
  double total_s = 120;
};

// What the signer needs: libcurl's "aws:amz:<region>:<service>" and the credentials.
struct Signing {
  const Credentials* credentials = nullptr;
  std::string region;
  std::string service;  // "lambda", "s3" or "sts"
};

// A request that got no answer. `may_have_arrived` is true when the request may have reached the
// server (sent before the error), so its effect may have happened.
class TransportError : public RunError {
 public:
  TransportError(const std::string& message, bool may_have_arrived)
      : RunError(message), may_have_arrived(may_have_arrived) {}
  bool may_have_arrived;
};

class HttpClient {
 public:
  explicit HttpClient(RetryPolicy retry = {}, Timeouts timeouts = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Performs `request`, signed when `signing` has credentials; retries 429, 5xx and transport failures
  // within the attempts and the deadline. Returns the last response (any status); throws
  // TransportError when no attempt got an answer. Messages never contain a secret (see redact()).
  HttpResponse perform(const HttpRequest& request, const Signing& signing);

  // Called after each attempt with a line that is safe to print (method, URL, status, attempt).
  std::function<void(const std::string&)> on_attempt;

  const Timeouts& timeouts() const { return timeouts_; }

 private:
  struct Attempt;
  Attempt attempt_once(const HttpRequest& request, const Signing& signing, double timeout_s,
                       HttpResponse& response);
  double now_s() const;
  double backoff_s(int retry);

  void* curl_;  // CURL*
  RetryPolicy retry_;
  Timeouts timeouts_;
  std::uint64_t jitter_state_;
};

// Whether an HTTP status is worth retrying (throttling and server errors).
bool is_retryable_status(long status);

// Percent-encodes everything but RFC 3986's unreserved characters: a URL path segment (a function name
// or ARN, ':' encoded as the AWS SDKs do), a query value or a form value.
std::string percent_encode(const std::string& s);

}  // namespace breakeven::calibrate
