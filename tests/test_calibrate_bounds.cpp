// What AWS answers and probe files hold is checked before it is used: a REPORT line with a billed
// duration that is NaN, negative or huge, or a memory size no int holds, is refused (the probe fails and
// is charged at its worst case, so the budget cap still holds); no probe line is written that the
// reader cannot read back; a number beyond a double and a foreign last line are input errors.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "calibrate/aws/lambda_client.h"
#include "calibrate/aws/report_line.h"
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

namespace {

std::string report(const std::string& billed, const std::string& memory) {
  return "REPORT RequestId: r\tDuration: 3.71 ms\tBilled Duration: " + billed +
         " ms\tMemory Size: " + memory + " MB\tMax Memory Used: 38 MB\t\n";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

struct Fake {
  FakeLambda fake;
  LoopbackHttpServer server{[this](const LoopbackRequest& r) { return fake.handle(r); }};
  RunOutcome run(const std::string& path, double budget_usd) {
    RetryPolicy retry;
    retry.sleep = [](double) {};
    LambdaClient client(LambdaEndpoint{"us-east-1", server.url()},
                        Credentials{"AKIDTEST1", "secret-of-the-test", "", "test"}, retry);
    client.sleep = [](double) {};
    RunOptions o{"probe-fn", "bucket", path, budget_usd, false, test::noop_plan(4)};
    std::atomic<bool> stop{false};
    return run_calibration(o, client, test::probe_prices(), stop, [](const std::string&) {});
  }
};

}  // namespace

TEST_CASE("a REPORT line with a billed duration or memory size that cannot be is refused, with the reason") {
  CHECK(parse_report_line(report("4", "128"))->refused.empty());
  CHECK(parse_report_line(report("nan", "128"))->refused ==
        "Billed Duration nan ms is not a time from 0 to 1e+07 ms");
  CHECK(parse_report_line(report("-5", "128"))->refused ==
        "Billed Duration -5 ms is not a time from 0 to 1e+07 ms");
  CHECK(parse_report_line(report("inf", "128"))->refused.find("Billed Duration inf ms") == 0);
  // 1e20 MB used to be cast to int and shown as -2147483648 MB.
  CHECK(parse_report_line(report("4", "1e20"))->refused ==
        "Memory Size 1e+20 MB is not a whole number from 1 to 1048576");
  CHECK(parse_report_line(report("4", "nan"))->refused.find("Memory Size nan MB") == 0);
  CHECK(parse_report_line(report("4", "512.5"))->refused.find("Memory Size 512.5 MB") == 0);
  // The JSON log format goes through the same checks.
  const auto json = parse_report_line(
      R"({"type":"platform.report","record":{"requestId":"c","metrics":)"
      R"({"durationMs":7.5,"billedDurationMs":130,"memorySizeMB":1e20,"maxMemoryUsedMB":44}}})");
  REQUIRE(json);
  CHECK(json->refused.find("Memory Size 1e+20 MB") == 0);
}

TEST_CASE(
    "a NaN or negative billed duration fails its probe, is charged at the worst case and never written") {
  for (const std::string bad : {"nan", "-1e12"}) {
    CAPTURE(bad);
    Fake f;
    f.fake.bad_report_at = 2;
    f.fake.bad_billed = bad;
    const std::string path = test::temp_path("bad-" + std::to_string(bad.size()) + ".jsonl");
    const RunOutcome out = f.run(path, 0.05);
    CHECK(out.failed == 1);
    CHECK(out.written == 4);
    // Every line reads back, and no value is null.
    const ProbeFile file = read_probe_file(path);
    CHECK(file.probes.size() == 4);
    CHECK(slurp(path).find("\"billed_ms\":null") == std::string::npos);
    // Spend: the 4 written probes at their billed durations, plus the failed one at its worst case, by hand:
    // 0.5 GB x (3 s timeout + 10 s Init) x $0.0000166667 per GB-s + $0.0000002 per request.
    double written_usd = 0;
    for (const auto& p : file.probes) written_usd += probe_cost_usd(p, test::probe_prices());
    const double worst_usd = 0.5 * 13 * 0.0000166667 + 0.0000002;
    CHECK(out.spent_usd == doctest::Approx(written_usd + worst_usd).epsilon(1e-12));
    CHECK(out.spent_usd > 0);
  }
}

TEST_CASE("the worst-case charge of a refused REPORT line stops the run at its budget") {
  Fake f;
  f.fake.bad_report_at = 2;
  f.fake.bad_billed = "-1e12";  // made the spend $-3.5e+05 before, so the cap never triggered
  // The plan's estimate (one cold start and four no-ops at 512 MB) is below 0.0001; the worst case of the
  // failed probe (0.000109, worked out above) is not.
  const RunOutcome out = f.run(test::temp_path("capped.jsonl"), 0.0001);
  CHECK(out.failed == 1);
  CHECK(out.budget_reached);
  CHECK(out.written == 1);
  CHECK(f.fake.invocations == 2);
}

TEST_CASE("a REPORT line with a wild memory size fails its probe instead of a misleading mismatch") {
  Fake f;
  f.fake.bad_report_at = 3;
  f.fake.bad_billed = "2";
  f.fake.bad_memory = "1e20";
  const RunOutcome out = f.run(test::temp_path("memory.jsonl"), 0.05);
  CHECK(out.failed == 1);
  CHECK(out.written == 4);
}

TEST_CASE("calibrate fit on a number beyond a double is an input error at its line and column") {
  const std::string path = test::write_scenario(
      "{\"kind\":\"noop\",\"memory_mb\":512,\"cold\":false,\"client_ms\":30,\"duration_ms\":2,"
      "\"billed_ms\":1e400,\"handler_ms\":0.1}\n");
  std::ostringstream out, err;
  const int code = cli::run({"calibrate", "fit", path, "--out", path + ".yaml"}, out, err);
  CHECK(code == 2);
  // "billed_ms":1e400 -- the number starts at column 88 (counted from the line above).
  CHECK(err.str().rfind(path + ":1:88: the number 1e400 is too large for a double", 0) == 0);
}

TEST_CASE("a probe file's times above Lambda's longest invocation are refused when read") {
  const std::string path = test::write_scenario(
      "{\"kind\":\"noop\",\"memory_mb\":512,\"cold\":false,\"client_ms\":30,\"duration_ms\":2,"
      "\"billed_ms\":1e300,\"handler_ms\":0.1}\n");
  CHECK_THROWS_WITH_AS(read_probe_file(path), doctest::Contains("is above the largest allowed value 1e+07"),
                       InputError);
}

TEST_CASE("--resume onto a file whose last line is not a probe line cut short is refused") {
  Fake f;
  const std::string path = test::temp_path("foreign.jsonl");
  f.run(path, 0.05);
  const std::string before = slurp(path);
  std::ofstream(path, std::ios::app) << "99999,ok,bogus";
  RetryPolicy retry;
  LambdaClient client(LambdaEndpoint{"us-east-1", f.server.url()},
                      Credentials{"AKIDTEST1", "secret-of-the-test", "", "test"}, retry);
  RunOptions o{"probe-fn", "bucket", path, 0.05, true, test::noop_plan(4)};
  std::atomic<bool> stop{false};
  try {
    run_calibration(o, client, test::probe_prices(), stop, [](const std::string&) {});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.diagnostics().at(0).place.line == 7);  // header + 5 probes, then the foreign line
    CHECK(e.diagnostics().at(0).message.find("is not a probe line cut short") != std::string::npos);
  }
  CHECK(slurp(path) == before + "99999,ok,bogus");  // the user's file is left as it was

  // A line of ours cut short by a kill is still dropped, and the run resumes.
  std::ofstream(path, std::ios::trunc) << before << "{\"kind\":\"no";
  o.plan.warm_noop_per_memory = 4;
  const RunOutcome out = run_calibration(o, client, test::probe_prices(), stop, [](const std::string&) {});
  CHECK(out.already_done == 5);
  CHECK(out.written == 0);
  CHECK(slurp(path) == before);
}
