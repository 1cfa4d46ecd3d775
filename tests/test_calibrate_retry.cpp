// Retries as the AWS SDKs' standard mode makes them, against loopback endpoints that misbehave: a
// function that hangs, a connection closed mid-answer, throttling and server errors before success, and
// an endpoint that never answers. The server counts the invocations it received, to prove that an Invoke
// that may have reached the function is never sent again.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>

#include "calibrate/aws/lambda_client.h"
#include "calibrate/probe_runner.h"
#include "calibrate_run_fixtures.h"
#include "cli/run.h"
#include "fake_lambda.h"
#include "loopback_http_server.h"
#include "model/diagnostics.h"
#include "scenario_files.h"

using namespace breakeven;
using namespace breakeven::calibrate;
using breakeven::test::FakeLambda;
using breakeven::test::LoopbackHttpServer;
using breakeven::test::LoopbackRequest;
using breakeven::test::LoopbackResponse;

namespace {

Credentials credentials() {
  return Credentials{"AKIDTESTEXAMPLE1234", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETSECRET", "", "test"};
}

// Standard mode with the waits recorded instead of slept.
RetryPolicy recorded(std::vector<double>* delays, int attempts = 3) {
  RetryPolicy r;
  r.max_attempts = attempts;
  r.sleep = [delays](double s) {
    if (delays) delays->push_back(s);
  };
  return r;
}

// Short limits so a misbehaving endpoint costs the test well under a second per attempt.
Timeouts short_limits() {
  return Timeouts{1, 0.4, 3};
}

// A port that accepts connections (the kernel completes them) and never reads or answers.
struct SilentEndpoint {
  int fd = -1;
  int port = 0;
  SilentEndpoint() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd, 16) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  ~SilentEndpoint() { ::close(fd); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

// The fake Lambda behind hooks for Invoke request number n (1-based, counted by the server over every
// Invoke request it received): `instead` answers without running the function (throttling, a front-end
// error), `change` alters the function's answer (delay it, cut it).
struct MisbehavingLambda {
  FakeLambda fake;
  std::atomic<int> invoke_requests{0};
  std::function<std::optional<LoopbackResponse>(int n)> instead;
  std::function<void(int n, LoopbackResponse&)> change;
  LoopbackHttpServer server{[this](const LoopbackRequest& r) {
    if (r.target.find("/invocations") == std::string::npos) return fake.handle(r);
    const int n = ++invoke_requests;
    if (instead)
      if (auto answer = instead(n)) return *answer;
    LoopbackResponse answer = fake.handle(r);
    if (change) change(n, answer);
    return answer;
  }};
};

RunOutcome run_five(MisbehavingLambda& m, const std::string& path, double budget_usd = 0.05) {
  LambdaClient client(LambdaEndpoint{"us-east-1", m.server.url()}, credentials(), recorded(nullptr),
                      Timeouts{1, 5, 10});
  client.sleep = [](double) {};
  RunOptions o{"probe-fn", "bucket", path, budget_usd, false, test::noop_plan(4)};
  o.invoke_margin_s = 0.3;  // with the fake's 1 s Timeout, an Invoke waits 1.3 s
  m.fake.timeout_s = 1;
  std::atomic<bool> stop{false};
  return run_calibration(o, client, test::probe_prices(), stop, [](const std::string&) {});
}

}  // namespace

TEST_CASE(
    "backoff waits are drawn with full jitter below 1 s, 2 s, 4 s, capped at 20 s, and repeat by seed") {
  SilentEndpoint refused;  // closed below: connections to its port are refused at once
  const std::string url = refused.url();
  ::close(refused.fd);
  refused.fd = ::socket(AF_INET, SOCK_STREAM, 0);
  auto waits = [&](std::uint64_t seed) {
    std::vector<double> delays;
    RetryPolicy r = recorded(&delays, 8);
    r.jitter_seed = seed;
    HttpClient http(r, Timeouts{1, 1, 1000});
    HttpRequest req;
    req.url = url + "/";
    CHECK_THROWS_AS(http.perform(req, Signing{}), TransportError);
    return delays;
  };
  const std::vector<double> a = waits(1), b = waits(1), c = waits(2);
  REQUIRE(a.size() == 7);  // 8 attempts, 7 waits between them
  // Standard mode: wait k is uniform in [0, min(20, 1 * 2^(k-1))].
  const double caps[] = {1, 2, 4, 8, 16, 20, 20};
  for (std::size_t k = 0; k < a.size(); ++k) {
    CHECK(a[k] >= 0);
    CHECK(a[k] < caps[k]);
  }
  CHECK(a == b);  // the same seed gives the same waits
  CHECK(a != c);
}

TEST_CASE("a refused connection is retried up to the attempts allowed: 3 by default") {
  SilentEndpoint closed;
  const std::string url = closed.url();
  ::close(closed.fd);
  closed.fd = ::socket(AF_INET, SOCK_STREAM, 0);
  std::vector<double> delays;
  HttpClient http(recorded(&delays), short_limits());
  int attempts = 0;
  http.on_attempt = [&](const std::string&) { ++attempts; };
  HttpRequest req;
  req.method = "POST";
  req.url = url + "/2015-03-31/functions/fn/invocations";
  req.may_resend = false;  // never sent: retrying cannot run the function twice
  try {
    http.perform(req, Signing{});
    FAIL("expected a TransportError");
  } catch (const TransportError& e) {
    CHECK_FALSE(e.may_have_arrived);
    CHECK(std::string(e.what()).find("no answer after 3 attempts") != std::string::npos);
  }
  CHECK(attempts == 3);
  CHECK(delays.size() == 2);
}

TEST_CASE("a silent endpoint ends at the attempt limit and the deadline with a clear message") {
  SilentEndpoint silent;
  RetryPolicy quick = recorded(nullptr, 20);
  quick.base_delay_s = 0.01;  // waits too short to matter next to the 1 s deadline
  HttpClient http(quick, Timeouts{1, 0.2, 1});
  int attempts = 0;
  http.on_attempt = [&](const std::string&) { ++attempts; };
  HttpRequest req;
  req.url = silent.url() + "/2015-03-31/functions/fn/configuration";
  try {
    http.perform(req, Signing{});
    FAIL("expected a TransportError");
  } catch (const TransportError& e) {
    const std::string m = e.what();
    CHECK(m.find("GET " + req.url + ": no answer after") != std::string::npos);
    CHECK(m.find("(limits: 0.2 s per attempt, 1 s in all)") != std::string::npos);
    CHECK(m.find("Check the endpoint, the region and the network") != std::string::npos);
  }
  // 1 s in all at 0.2 s per attempt: the deadline, not the 20 attempts allowed, ended it.
  CHECK(attempts >= 2);
  CHECK(attempts < 20);

  // The run stops at its first request with that message, after seconds, not minutes.
  LambdaClient client(LambdaEndpoint{"us-east-1", silent.url()}, credentials(), recorded(nullptr),
                      Timeouts{1, 0.2, 1});
  RunOptions o{"probe-fn", "bucket", test::temp_path("silent.jsonl"), 0.05, false, test::noop_plan(4)};
  std::atomic<bool> stop{false};
  CHECK_THROWS_WITH_AS(run_calibration(o, client, test::probe_prices(), stop, [](const std::string&) {}),
                       doctest::Contains("no answer after"), RunError);
}

TEST_CASE("throttling and server errors are retried, and the Invoke then succeeds") {
  MisbehavingLambda m;
  m.instead = [](int n) -> std::optional<LoopbackResponse> {
    if (n == 2) return LoopbackResponse{429, {{"x-amzn-ErrorType", "TooManyRequestsException"}}, "{}"};
    if (n == 3) return LoopbackResponse{503, {{"x-amzn-ErrorType", "ServiceException"}}, "{}"};
    return std::nullopt;
  };
  const RunOutcome out = run_five(m, test::temp_path("throttled.jsonl"));
  CHECK(out.written == 5);
  CHECK(out.failed == 0);
  // The server received 7 Invoke requests; the function ran once per probe: 5.
  CHECK(m.invoke_requests == 7);
  CHECK(m.fake.invocations == 5);
}

TEST_CASE("an Invoke whose function hangs is not sent again: the probe fails and the run goes on") {
  MisbehavingLambda m;
  m.change = [](int n, LoopbackResponse& r) {
    if (n == 2) r.delay_ms = 1800;  // past the 1.3 s the client waits
  };
  const std::string path = test::temp_path("hung.jsonl");
  const RunOutcome out = run_five(m, path);
  CHECK(out.failed == 1);
  CHECK(out.written == 4);
  CHECK(m.invoke_requests == 5);  // one request per probe: the hung one was never re-sent
  CHECK(read_probe_file(path).probes.size() == 4);
  CHECK(m.fake.memory_mb == 256);  // restored
}

TEST_CASE("an Invoke whose connection closes mid-answer is not sent again") {
  MisbehavingLambda m;
  m.change = [](int n, LoopbackResponse& r) {
    if (n == 3) r.cut_after_bytes = 40;  // the status line and part of the headers
  };
  const RunOutcome out = run_five(m, test::temp_path("cut.jsonl"));
  CHECK(out.failed == 1);
  CHECK(out.written == 4);
  CHECK(m.invoke_requests == 5);
}

TEST_CASE("three failed probes in a row stop the run with the last reason") {
  MisbehavingLambda m;
  m.change = [](int n, LoopbackResponse& r) {
    if (n >= 2) r.cut_after_bytes = 40;
  };
  CHECK_THROWS_WITH_AS(run_five(m, test::temp_path("cuts.jsonl")),
                       doctest::Contains("stopped after 3 failed probes in a row"), RunError);
  CHECK(m.invoke_requests == 4);
  CHECK(m.fake.memory_mb == 256);
}

TEST_CASE("--max-attempts and AWS_MAX_ATTEMPTS are checked: a whole number from 1 to 20") {
  // Through the command line: the value is refused before any request (no endpoint is needed).
  ::setenv("AWS_ACCESS_KEY_ID", "AKIDTESTEXAMPLE1234", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "secret-of-the-test", 1);
  auto run = [](std::vector<std::string> extra) {
    std::vector<std::string> args = {"calibrate",      "run",
                                     "--function",     "fn",
                                     "--bucket",       "b",
                                     "--out",          test::temp_path("never.jsonl"),
                                     "--endpoint-url", "http://127.0.0.1:9"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::ostringstream out, err;
    const int code = cli::run(args, out, err);
    return std::make_pair(code, err.str());
  };
  auto [code, err] = run({"--max-attempts", "0"});
  CHECK(code == 2);
  CHECK(err.find("--max-attempts 0") != std::string::npos);
  ::setenv("AWS_MAX_ATTEMPTS", "three", 1);
  std::tie(code, err) = run({});
  CHECK(code == 2);
  CHECK(err.find("AWS_MAX_ATTEMPTS=three") != std::string::npos);
  ::unsetenv("AWS_MAX_ATTEMPTS");
  std::tie(code, err) = run({"--deadline-s", "nan"});
  CHECK(code == 2);
  ::unsetenv("AWS_ACCESS_KEY_ID");
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
}
