// A fake AWS Lambda API on loopback (Invoke, GetFunctionConfiguration, UpdateFunctionConfiguration) with
// knobs for the failure cases: throttling (429), function errors, a stop signal after N invocations, and
// an error message that echoes the session token (to prove it is redacted).
#pragma once

#include <atomic>
#include <cmath>
#include <csignal>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "calibrate/aws/base64.h"
#include "loopback_http_server.h"

namespace breakeven::test {

class FakeLambda {
 public:
  // Knobs (set before the run).
  int throttle_invocations = 0;  // answer this many invocations with 429 first
  int function_error_at = -1;    // invocation number (1-based) that fails with X-Amz-Function-Error
  int stop_after = -1;           // set *stop_flag after this many successful invocations
  std::atomic<bool>* stop_flag = nullptr;
  bool echo_token_in_config_error = false;  // GET configuration answers 403 quoting x-amz-security-token
  int in_progress_polls = 1;                // GETs that still say InProgress after an update
  int sigint_after = -1;                    // raise SIGINT (as Ctrl-C would) during this invocation
  int config_503s = 0;                      // answer this many configuration GETs with 503 first
  bool update_fails = false;                // LastUpdateStatus Failed after an update
  // When set, the body of every invocation's answer, with each "TOKEN" replaced by the session token
  // the request carried (an answer that quotes a secret).
  std::string answer_template;
  int bad_report_at = -1;          // invocation number (1-based) whose REPORT line says...
  std::string bad_billed = "nan";  // ...this as its Billed Duration
  std::string bad_memory;          // ...and, when set, this as its Memory Size

  // State.
  int memory_mb = 256;
  int timeout_s = 3;  // the function's Timeout in GetFunctionConfiguration
  std::string description = "original description";
  int invocations = 0;
  int updates = 0;

  LoopbackResponse handle(const LoopbackRequest& r) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::string prefix = "/2015-03-31/functions/probe-fn";
    if (r.target == prefix + "/configuration" && r.method == "GET") {
      if (echo_token_in_config_error) {
        auto it = r.headers.find("x-amz-security-token");
        return {403,
                {{"x-amzn-ErrorType", "AccessDeniedException"}},
                nlohmann::json{
                    {"Message", "token " + (it == r.headers.end() ? "" : it->second) + " is not allowed"}}
                    .dump()};
      }
      if (config_503s > 0) {
        --config_503s;
        return {503, {{"x-amzn-ErrorType", "ServiceException"}}, R"({"Message":"try again"})"};
      }
      std::string status = polls_until_successful_ > 0 ? "InProgress" : "Successful";
      if (update_fails && updates > 0) status = "Failed";
      if (polls_until_successful_ > 0) --polls_until_successful_;
      return {200,
              {},
              nlohmann::json{{"MemorySize", memory_mb},
                             {"Description", description},
                             {"State", "Active"},
                             {"LastUpdateStatus", status},
                             {"LastUpdateStatusReason", update_fails ? "EniLimitExceeded" : ""},
                             {"Architectures", {"x86_64"}},
                             {"Timeout", timeout_s}}
                  .dump()};
    }
    if (r.target == prefix + "/configuration" && r.method == "PUT") {
      const auto j = nlohmann::json::parse(r.body);
      memory_mb = j.at("MemorySize").get<int>();
      description = j.value("Description", description);
      ++updates;
      polls_until_successful_ = in_progress_polls;
      fresh_environment_ = true;
      env_invocations_ = 0;
      return {200, {}, "{}"};
    }
    if (r.target == prefix + "/invocations" && r.method == "POST") {
      if (throttle_invocations > 0) {
        --throttle_invocations;
        return {429, {{"x-amzn-ErrorType", "TooManyRequestsException"}}, R"({"message":"Rate exceeded"})"};
      }
      ++invocations;
      ++env_invocations_;
      const bool cold = fresh_environment_;
      fresh_environment_ = false;
      const auto payload = nlohmann::json::parse(r.body);
      const std::string kind = payload.at("kind");
      // Synthetic platform: compute 0.5 us per sample at one vCPU; storage 30 ms + bytes at 80 MB/s.
      double handler_ms = 0.01;
      if (kind == "compute")
        handler_ms = 0.0005 * payload.at("n_samples").get<double>() / std::min(memory_mb / 1769.0, 1.0);
      if (kind == "storage_get" || kind == "storage_put")
        handler_ms = 30 + payload.at("bytes").get<double>() / 80e3;
      const double duration_ms = handler_ms + 1.25;
      std::string report = "REPORT RequestId: req-" + std::to_string(invocations) +
                           "\tDuration: " + std::to_string(duration_ms) + " ms\tBilled Duration: " +
                           std::to_string(static_cast<int>(std::ceil(duration_ms + (cold ? 120.5 : 0)))) +
                           " ms\tMemory Size: " + std::to_string(memory_mb) + " MB\tMax Memory Used: 40 MB\t";
      if (cold) report += "Init Duration: 120.50 ms\t";
      if (invocations == bad_report_at) {
        const auto billed = report.find("Billed Duration: ") + 17;
        report.replace(billed, report.find(" ms", billed) - billed, bad_billed);
        if (!bad_memory.empty()) {
          const auto memory = report.find("Memory Size: ") + 13;
          report.replace(memory, report.find(" MB", memory) - memory, bad_memory);
        }
      }
      const std::string log = "START RequestId: req\nEND RequestId: req\n" + report + "\n";
      if (stop_flag && invocations == stop_after) stop_flag->store(true);
      if (invocations == sigint_after) std::raise(SIGINT);
      if (!answer_template.empty()) {
        std::string body = answer_template;
        const auto it = r.headers.find("x-amz-security-token");
        const std::string token = it == r.headers.end() ? "" : it->second;
        for (auto at = body.find("TOKEN"); at != std::string::npos;
             at = body.find("TOKEN", at + token.size()))
          body.replace(at, 5, token);
        std::vector<std::pair<std::string, std::string>> headers = {
            {"X-Amz-Log-Result", calibrate::base64_encode(log)}};
        if (invocations == function_error_at) headers.push_back({"X-Amz-Function-Error", "Unhandled"});
        return {200, headers, body};
      }
      if (invocations == function_error_at)
        return {200,
                {{"X-Amz-Function-Error", "Unhandled"}, {"X-Amz-Log-Result", calibrate::base64_encode(log)}},
                R"({"errorType":"Probe.Error","errorMessage":"boom in the handler"})"};
      return {200,
              {{"X-Amz-Log-Result", calibrate::base64_encode(log)}},
              nlohmann::json{{"kind", kind},
                             {"handler_ms", handler_ms},
                             {"cold", cold},
                             {"env_invocations", env_invocations_},
                             {"cores_seen", 2},
                             {"threads", 1}}
                  .dump()};
    }
    return {404, {}, R"({"message":"no such route"})"};
  }

 private:
  std::mutex mutex_;
  int polls_until_successful_ = 0;
  bool fresh_environment_ = true;
  int env_invocations_ = 0;
};

}  // namespace breakeven::test
