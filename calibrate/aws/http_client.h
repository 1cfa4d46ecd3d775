// HTTP requests through libcurl, signed with AWS Signature Version 4 by libcurl itself
// (CURLOPT_AWS_SIGV4), retried with exponential backoff on 429, 5xx and connection failures.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "calibrate/aws/credentials.h"

namespace breakeven::calibrate {

struct HttpRequest {
  std::string method = "GET";  // GET, PUT, POST
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  double elapsed_ms = 0;  // client round trip of the last attempt (steady clock)
  int attempts = 0;
  std::string header(const std::string& lower_name) const;
};

struct RetryPolicy {
  int max_attempts = 5;
  double base_delay_s = 0.2;  // delay before retry k is base * 2^(k-1), capped
  double max_delay_s = 5;
  std::function<void(double seconds)> sleep;  // empty = really sleep
};

// What the signer needs: libcurl's "aws:amz:<region>:<service>" and the credentials.
struct Signing {
  const Credentials* credentials = nullptr;
  std::string region;
  std::string service;  // "lambda" or "s3"
};

class HttpClient {
 public:
  explicit HttpClient(RetryPolicy retry = {}, double timeout_s = 120);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Performs `request`, signed when `signing` has credentials; retries 429, 5xx and transport failures.
  // Returns the last response (any status); throws RunError when every attempt failed in transport.
  // Messages never contain a secret (see redact()).
  HttpResponse perform(const HttpRequest& request, const Signing& signing);

  // Called after each attempt with a line that is safe to print (method, URL, status, attempt).
  std::function<void(const std::string&)> on_attempt;

 private:
  void* curl_;  // CURL*
  RetryPolicy retry_;
  double timeout_s_;
};

// Whether an HTTP status is worth retrying (throttling and server errors).
bool is_retryable_status(long status);

}  // namespace breakeven::calibrate
