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
  std::string arch;  // x86_64 or arm64 (first of Architectures)
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
  LambdaClient(LambdaEndpoint endpoint, Credentials credentials, RetryPolicy retry = {});

  // Synchronous invocation with X-Amz-Log-Type: Tail. Throws RunError on an API error (4xx other than
  // 429, or 429/5xx after the retries); a function error is returned in `function_error`.
  InvokeResult invoke(const std::string& function, const std::string& payload);

  FunctionConfiguration get_configuration(const std::string& function);

  // Sets memory and description (a new description also retires warm environments, giving a cold start).
  void update_configuration(const std::string& function, int memory_mb, const std::string& description);

  // Polls GetFunctionConfiguration until LastUpdateStatus is Successful; throws RunError on Failed or
  // after `timeout_s`. Returns the configuration it ended with.
  FunctionConfiguration wait_until_updated(const std::string& function, double timeout_s = 180,
                                           double poll_s = 1);

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
