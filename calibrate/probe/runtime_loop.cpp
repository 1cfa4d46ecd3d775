#include "calibrate/probe/runtime_loop.h"

#include <nlohmann/json.hpp>

#include "calibrate/aws/http_client.h"
#include "model/diagnostics.h"

namespace breakeven::calibrate {

namespace {

const char kPrefix[] = "/2018-06-01/runtime";

std::string error_body(const std::string& type, const std::string& message) {
  return nlohmann::json{{"errorType", type}, {"errorMessage", message}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

RuntimeLoopStats run_runtime_loop(const std::string& api,
                                  const std::function<std::string(const std::string&)>& handler,
                                  std::int64_t max_invocations) {
  // `next` blocks until an invocation arrives (the environment is frozen meanwhile): no timeout.
  RetryPolicy retry;
  retry.max_attempts = 3;
  HttpClient http(retry, Timeouts{5, 0, 0});
  const std::string base = "http://" + api + kPrefix;
  RuntimeLoopStats stats;
  HttpRequest next_request;
  next_request.url = base + "/invocation/next";
  while (max_invocations == 0 || stats.responses + stats.errors < max_invocations) {
    const HttpResponse next = http.perform(next_request, Signing{});
    if (next.status != 200)
      throw RunError("Runtime API next: HTTP " + std::to_string(next.status) + " " + next.body);
    const std::string id = next.header("lambda-runtime-aws-request-id");
    if (id.empty()) throw RunError("Runtime API next: no Lambda-Runtime-Aws-Request-Id header");
    std::string answer, error;
    try {
      answer = handler(next.body);
    } catch (const std::exception& e) {
      error = e.what();
    }
    HttpRequest post;
    post.method = "POST";
    post.headers = {"Content-Type: application/json"};
    if (error.empty()) {
      post.url = base + "/invocation/" + id + "/response";
      post.body = answer;
      ++stats.responses;
    } else {
      post.url = base + "/invocation/" + id + "/error";
      post.headers.push_back("Lambda-Runtime-Function-Error-Type: Probe.Error");
      post.body = error_body("Probe.Error", error);
      ++stats.errors;
    }
    const HttpResponse r = http.perform(post, Signing{});
    if (r.status != 202)
      throw RunError("Runtime API " + post.url + ": HTTP " + std::to_string(r.status) + " " + r.body);
  }
  return stats;
}

void report_init_error(const std::string& api, const std::string& message) {
  HttpClient http(RetryPolicy{}, Timeouts{5, 10, 30});
  HttpRequest post;
  post.method = "POST";
  post.url = "http://" + api + kPrefix + "/init/error";
  post.headers = {"Content-Type: application/json", "Lambda-Runtime-Function-Error-Type: Probe.InitError"};
  post.body = error_body("Probe.InitError", message);
  http.perform(post, Signing{});
}

}  // namespace breakeven::calibrate
