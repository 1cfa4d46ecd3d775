// The three Lambda API calls calibration needs (API version 2015-03-31): Invoke with the log tail,
// GetFunctionConfiguration, and UpdateFunctionConfiguration with a wait until the update is done.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "calibrate/aws/http_client.h"
#include "calibrate/aws/report_line.h"

namespace breakeven::calibrate {

struct FunctionConfiguration {
  int memory_mb = 0;
  std::string description;
  std::string state;               // Pending, Active, Inactive, Failed
  std::string last_update_status;  // InProgress, Successful, Failed
  std::string last_update_reason;
  std::string arch;        // x86_64 or arm64 (first of Architectures)
  double timeout_s = 900;  // the function's Timeout; Lambda's largest (900 s) when the answer has none
};

struct InvokeResult {
  long status = 0;
  std::string function_error;  // X-Amz-Function-Error: "Unhandled" or "Handled"; empty on success
  std::string payload;         // the function's response (or error object)
  std::string log_tail;        // decoded X-Amz-Log-Result (last 4 KB of the log)
  std::optional<ReportLine> report;
  double client_ms = 0;  // round trip of the successful attempt
  int attempts = 0;
};

struct LambdaEndpoint {
  std::string region;
  std::string endpoint_url;  // empty = https://lambda.<region>.amazonaws.com
};

class LambdaClient {
 public:
  LambdaClient(LambdaEndpoint endpoint, Credentials credentials, RetryPolicy retry = {},
               Timeouts timeouts = {});

  // Synchronous invocation with X-Amz-Log-Type: Tail, waiting at most `timeout_s` for the answer (0 =
  // the client's attempt limit; give the function's timeout plus a margin). Throws RunError on an API
  // error (4xx other than 429, or 429/5xx after the retries) and TransportError when no answer came; an
  // Invoke that may have reached the function is never sent again (it would run and be billed twice).
  // A function error is returned in `function_error`.
  InvokeResult invoke(const std::string& function, const std::string& payload, double timeout_s = 0);

  FunctionConfiguration get_configuration(const std::string& function);

  // Sets memory and description (a new description also retires warm environments, giving a cold start).
  void update_configuration(const std::string& function, int memory_mb, const std::string& description);

  // Polls GetFunctionConfiguration until LastUpdateStatus is Successful; throws RunError on Failed or
  // after `timeout_s`. Returns the configuration it ended with.
  FunctionConfiguration wait_until_updated(const std::string& function, double timeout_s = 180,
                                           double poll_s = 1);

  // `text` without any secret of this client's credentials, whole (redact) or cut (excerpt): for
  // messages that quote what the function or the API answered.
  std::string redact(const std::string& text) const;
  std::string excerpt(const std::string& text, std::size_t max_chars) const;

  // Lines safe to print about each request (for --verbose).
  void set_log(std::function<void(const std::string&)> log);

  // How this client waits between polls (injectable for tests).
  std::function<void(double)> sleep;

 private:
  std::string function_url(const std::string& function) const;
  [[noreturn]] void api_error(const std::string& what, const HttpResponse& r) const;

  LambdaEndpoint endpoint_;
  Credentials credentials_;
  HttpClient http_;
};

}  // namespace breakeven::calibrate
