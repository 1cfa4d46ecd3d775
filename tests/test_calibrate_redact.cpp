// Secrets never reach a message: redaction of whole secrets and of what a cut leaves of them, and every
// message that quotes an answer (function answers, API error bodies in JSON or not, long bodies cut to
// length) checked against a loopback Lambda that echoes the session token it was sent.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "calibrate/aws/lambda_client.h"
#include "calibrate/aws/redact.h"
#include "calibrate/probe_runner.h"
#include "calibrate_run_fixtures.h"
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

const char kSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETSECRET";
const char kKeyId[] = "AKIDTESTEXAMPLE1234";

// A session token as long as real STS tokens (828 characters in the reported case), with '/' and '+'.
std::string long_token() {
  std::string t = "FwoGZXIvYXdzEJr//////////wEaDN";
  for (int i = 0; t.size() < 828; ++i) t += static_cast<char>("ABCDEFGHabcdefgh0123456789+/"[(i * 7) % 28]);
  return t;
}

Credentials credentials() {
  return Credentials{kKeyId, kSecret, long_token(), "test"};
}

// No 16-character piece of `secret` appears in `text`: stricter than "the secret is absent", it also
// catches what a cut anywhere would leave.
bool holds_no_part_of(const std::string& text, const std::string& secret) {
  for (std::size_t i = 0; i + kRedactPartMinChars <= secret.size(); ++i)
    if (text.find(secret.substr(i, kRedactPartMinChars)) != std::string::npos) return false;
  return true;
}

void check_clean(const std::string& text) {
  CHECK(holds_no_part_of(text, long_token()));
  CHECK(holds_no_part_of(text, kSecret));
  CHECK(text.find(kKeyId) == std::string::npos);
}

RetryPolicy no_wait() {
  RetryPolicy r;
  r.sleep = [](double) {};
  return r;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const RunError& e) {
    return e.what();
  }
  FAIL("expected a RunError");
  return "";
}

}  // namespace

TEST_CASE("redact removes whole secrets, their JSON-escaped copies and the part a cut leaves") {
  const Credentials c = credentials();
  const std::string token = long_token();
  CHECK(redact("a " + token + " b", c) == "a <redacted> b");
  CHECK(redact("key " + std::string(kKeyId), c) == "key AKID...");
  // A message cut in the middle of the token: the 180 characters that remain are removed.
  CHECK(redact("denied: " + token.substr(0, 180), c) == "denied: <redacted>");
  // 16 characters are enough to be recognised; 15 are not (too short to tell from other text).
  CHECK(redact("x" + token.substr(0, 16), c) == "x<redacted>");
  CHECK(redact("x" + token.substr(0, 15), c) == "x" + token.substr(0, 15));
  // A JSON encoder that writes "\/" for "/".
  std::string escaped;
  for (char ch : std::string(kSecret)) escaped += ch == '/' ? std::string("\\/") : std::string(1, ch);
  CHECK(redact("{\"s\":\"" + escaped + "\"}", c) == "{\"s\":\"<redacted>\"}");
  // A secret shorter than 16 characters is removed when whole.
  const Credentials short_secret{"AKIDX", "tiny-secret", "", "test"};
  CHECK(redact("tiny-secret!", short_secret) == "<redacted>!");
}

TEST_CASE("excerpt redacts before it cuts, so no part of a secret survives the cut") {
  const Credentials c = credentials();
  const std::string body = std::string(480, '.') + long_token();
  const std::string e = excerpt(body, 500, c);
  CHECK(e == std::string(480, '.') + "<redacted>");  // 490 characters: nothing to cut after redaction
  check_clean(e);
  const std::string cut = excerpt(std::string(600, '.'), 500, c);
  CHECK(cut == std::string(500, '.') + "...");
}

TEST_CASE("an API error quoting the token is redacted: JSON message, non-JSON 403 and a long body") {
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  LoopbackHttpServer server([&](const LoopbackRequest& r) {
    std::string b = body;
    const std::string token =
        r.headers.count("x-amz-security-token") ? r.headers.at("x-amz-security-token") : "";
    for (auto at = b.find("TOKEN"); at != std::string::npos; at = b.find("TOKEN", at + token.size()))
      b.replace(at, 5, token);
    return LoopbackResponse{403, headers, b};
  });
  LambdaClient client(LambdaEndpoint{"us-east-1", server.url()}, credentials(), no_wait());
  auto invoke = [&] { client.invoke("fn", "{}"); };

  body = R"({"Message":"request with token TOKEN is not allowed"})";
  headers = {{"x-amzn-ErrorType", "AccessDeniedException"}};
  std::string e = error_of(invoke);
  CHECK(e == "Invoke fn: HTTP 403 AccessDeniedException: request with token <redacted> is not allowed");

  body = "<html>403 Forbidden: request with token TOKEN</html>";
  headers = {};
  e = error_of(invoke);
  CHECK(e == "Invoke fn: HTTP 403: <html>403 Forbidden: request with token <redacted></html>");

  // The token starts at character 400 of a body cut at 500: cutting first would keep 100 characters of it.
  body = std::string(400, 'x') + "TOKEN" + std::string(200, 'y');
  e = error_of(invoke);
  CHECK(e.find(std::string(400, 'x') + "<redacted>" + std::string(90, 'y') + "...") != std::string::npos);
  check_clean(e);
  CHECK(server.requests().size() == 3);  // a 403 is not retried
}

TEST_CASE("a function answer that echoes the token is redacted in the run's error message") {
  FakeLambda fake;
  LoopbackHttpServer server([&](const LoopbackRequest& r) { return fake.handle(r); });
  LambdaClient client(LambdaEndpoint{"us-east-1", server.url()}, credentials(), no_wait());
  client.sleep = [](double) {};
  const std::string dir = std::filesystem::path(test::write_scenario("")).parent_path().string();
  std::atomic<bool> stop{false};
  auto run = [&](const std::string& name) {
    RunOptions o{"probe-fn", "bucket", dir + "/" + name, 0.05, false, test::noop_plan(0)};
    return error_of([&] {
      run_calibration(o, client, test::probe_prices(), stop, [](const std::string& l) { check_clean(l); });
    });
  };
  SUBCASE("not the probe's JSON") {
    fake.answer_template = R"({"echo":"TOKEN"})";
    const std::string e = run("echo.jsonl");
    CHECK(e.find("answered {\"echo\":\"<redacted>") != std::string::npos);
    check_clean(e);
  }
  SUBCASE("not JSON at all: the parser's own message quotes it too") {
    fake.answer_template = "TOKEN";
    const std::string e = run("raw.jsonl");
    CHECK(e.find("not the probe's JSON") != std::string::npos);
    check_clean(e);
  }
  SUBCASE("a function error whose answer holds the token beyond the quoted length") {
    fake.function_error_at = 1;
    fake.answer_template = R"({"errorMessage":")" + std::string(250, 'z') + R"( TOKEN"})";
    const std::string e = run("error.jsonl");
    CHECK(e.find("the function failed (Unhandled)") != std::string::npos);
    check_clean(e);
  }
  CHECK(fake.memory_mb == 256);  // restored after each failure
}
