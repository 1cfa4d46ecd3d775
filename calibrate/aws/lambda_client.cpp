#include "calibrate/aws/lambda_client.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "calibrate/aws/base64.h"
#include "calibrate/aws/redact.h"
#include "model/diagnostics.h"

namespace breakeven::calibrate {

LambdaClient::LambdaClient(LambdaEndpoint endpoint, Credentials credentials, RetryPolicy retry,
                           Timeouts timeouts)
    : endpoint_(std::move(endpoint)),
      credentials_(std::move(credentials)),
      http_(std::move(retry), timeouts) {
  if (endpoint_.endpoint_url.empty())
    endpoint_.endpoint_url = "https://lambda." + endpoint_.region + ".amazonaws.com";
  while (!endpoint_.endpoint_url.empty() && endpoint_.endpoint_url.back() == '/')
    endpoint_.endpoint_url.pop_back();
}

void LambdaClient::set_log(std::function<void(const std::string&)> log) {
  http_.on_attempt = std::move(log);
}

std::string LambdaClient::function_url(const std::string& function) const {
  return endpoint_.endpoint_url + "/2015-03-31/functions/" + percent_encode(function);
}

void LambdaClient::api_error(const std::string& what, const HttpResponse& r) const {
  // AWS error bodies are {"Type": ..., "message": ...} or {"Message": ...}; the error type is also in a
  // header.
  std::string message = r.body;
  try {
    const auto j = nlohmann::json::parse(r.body);
    for (const char* key : {"message", "Message"})
      if (j.contains(key) && j[key].is_string()) message = j[key].get<std::string>();
  } catch (const std::exception&) {
  }
  const std::string type = r.header("x-amzn-errortype");
  // Redacted before it is cut (excerpt), so no part of a secret the body quotes survives the cut.
  throw RunError(redact(what + ": HTTP " + std::to_string(r.status) + (type.empty() ? "" : " " + type) +
                        (message.empty() ? "" : ": " + excerpt(message, 500)) +
                        (r.attempts > 1 ? " (after " + std::to_string(r.attempts) + " attempts)" : "")));
}

std::string LambdaClient::redact(const std::string& text) const {
  return calibrate::redact(text, credentials_);
}

std::string LambdaClient::excerpt(const std::string& text, std::size_t max_chars) const {
  return calibrate::excerpt(text, max_chars, credentials_);
}

InvokeResult LambdaClient::invoke(const std::string& function, const std::string& payload, double timeout_s) {
  HttpRequest req;
  req.method = "POST";
  req.url = function_url(function) + "/invocations";
  req.headers = {"Content-Type: application/json", "X-Amz-Invocation-Type: RequestResponse",
                 "X-Amz-Log-Type: Tail"};
  req.body = payload;
  req.may_resend = false;
  req.attempt_timeout_s = timeout_s;
  const HttpResponse r = http_.perform(req, Signing{&credentials_, endpoint_.region, "lambda"});
  if (r.status != 200) api_error("Invoke " + function, r);
  InvokeResult out;
  out.status = r.status;
  out.function_error = r.header("x-amz-function-error");
  out.payload = r.body;
  out.client_ms = r.elapsed_ms;
  out.attempts = r.attempts;
  if (auto log = base64_decode(r.header("x-amz-log-result"))) out.log_tail = *log;
  out.report = parse_report_line(out.log_tail);
  return out;
}

FunctionConfiguration LambdaClient::get_configuration(const std::string& function) {
  HttpRequest req;
  req.url = function_url(function) + "/configuration";
  const HttpResponse r = http_.perform(req, Signing{&credentials_, endpoint_.region, "lambda"});
  if (r.status != 200) api_error("GetFunctionConfiguration " + function, r);
  FunctionConfiguration c;
  try {
    const auto j = nlohmann::json::parse(r.body);
    c.memory_mb = j.value("MemorySize", 0);
    c.description = j.value("Description", "");
    c.state = j.value("State", "");
    c.last_update_status = j.value("LastUpdateStatus", "");
    c.last_update_reason = j.value("LastUpdateStatusReason", "");
    if (j.contains("Architectures") && j["Architectures"].is_array() && !j["Architectures"].empty())
      c.arch = j["Architectures"][0].get<std::string>();
    else
      c.arch = "x86_64";
    if (j.contains("Timeout") && j["Timeout"].is_number() && j["Timeout"].get<double>() > 0 &&
        j["Timeout"].get<double>() <= 900)
      c.timeout_s = j["Timeout"].get<double>();
  } catch (const std::exception& e) {
    throw RunError("GetFunctionConfiguration " + function + ": unexpected answer (" + std::string(e.what()) +
                   ")");
  }
  return c;
}

void LambdaClient::update_configuration(const std::string& function, int memory_mb,
                                        const std::string& description) {
  HttpRequest req;
  req.method = "PUT";
  req.url = function_url(function) + "/configuration";
  req.headers = {"Content-Type: application/json"};
  req.body = nlohmann::json{{"MemorySize", memory_mb}, {"Description", description}}.dump();
  const HttpResponse r = http_.perform(req, Signing{&credentials_, endpoint_.region, "lambda"});
  if (r.status != 200) api_error("UpdateFunctionConfiguration " + function, r);
}

FunctionConfiguration LambdaClient::wait_until_updated(const std::string& function, double timeout_s,
                                                       double poll_s) {
  double waited_s = 0;
  while (true) {
    const FunctionConfiguration c = get_configuration(function);
    if (c.last_update_status == "Failed")
      throw RunError("UpdateFunctionConfiguration " + function + " failed: " + c.last_update_reason);
    if (c.last_update_status == "Successful" || c.last_update_status.empty()) return c;
    if (waited_s >= timeout_s)
      throw RunError("UpdateFunctionConfiguration " + function + ": still " + c.last_update_status +
                     " after " + std::to_string(static_cast<int>(timeout_s)) + " s");
    if (sleep)
      sleep(poll_s);
    else
      std::this_thread::sleep_for(std::chrono::duration<double>(poll_s));
    waited_s += poll_s;
  }
}

}  // namespace breakeven::calibrate
