// `breakeven calibrate` from the command line: plan's cost by hand, run -> fit -> report -> a scenario
// that includes the calibrated file, byte-stable fits, and bad probe files with their line numbers.
#include <doctest/doctest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "cli/run.h"
#include "fake_lambda.h"
#include "loopback_http_server.h"
#include "scenario_files.h"
#include "synthetic_probes.h"

using namespace breakeven;

namespace {

std::tuple<int, std::string, std::string> call(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

}  // namespace

TEST_CASE("calibrate plan prices a single cold probe as worked out by hand") {
  // One cold no-op at 1,024 MB: billed 20 ms (no-op) + 1,000 ms (Init), both pessimistic assumptions ->
  // 1.02 s x 1 GB x 0.0000166667 USD/GB-s (us-east-1 x86_64 tier 1) + 0.0000002 USD per request
  // = 0.0000170000 + 0.0000002 = 0.0000172 USD.
  const auto [code, out, err] = call({"calibrate", "plan", "--memory", "1024", "--cold-per-memory", "1",
                                      "--warm-per-memory", "0", "--compute-repeats", "0", "--storage-repeats",
                                      "0", "--pricing", test::source_dir() + "/data/pricing/aws.yaml"});
  CHECK(code == 0);
  CHECK(out.find("0     noop               1024  yes            0           0          1,020 $0.0000172\n") !=
        std::string::npos);
  CHECK(out.find("1 probes, 1 configuration updates (free), estimated total $0.0000172\n") !=
        std::string::npos);

  const auto [bad, out2, err2] = call({"calibrate", "plan", "--memory", "512,64000"});
  CHECK(bad == 2);
  CHECK(err2 == "--memory: 64000 MB is outside Lambda's 128..10240 MB\n");
  const auto [bad2, out3, err3] = call({"calibrate", "plna"});
  CHECK(bad2 == 2);
  CHECK(err3 == "calibrate: unknown subcommand 'plna' (did you mean 'plan'?)\n");
}

TEST_CASE("run, fit, report and a scenario that includes the calibrated file") {
  test::FakeLambda fake;
  fake.in_progress_polls = 0;  // the command line waits 1 s between polls; the library tests cover InProgress
  test::LoopbackHttpServer server([&](const test::LoopbackRequest& r) { return fake.handle(r); });
  const std::string dir = std::filesystem::path(test::write_scenario("")).parent_path().string();
  ::setenv("AWS_ACCESS_KEY_ID", "AKIDCLI", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "cli-secret", 1);
  const std::string pricing = test::source_dir() + "/data/pricing/aws.yaml";
  auto [code, out, err] = call({"calibrate",
                                "run",
                                "--function",
                                "probe-fn",
                                "--bucket",
                                "b",
                                "--memory",
                                "512,1769",
                                "--cold-per-memory",
                                "2",
                                "--warm-per-memory",
                                "3",
                                "--compute-samples",
                                "10000,40000",
                                "--compute-repeats",
                                "2",
                                "--storage-bytes",
                                "1000,1000000",
                                "--storage-repeats",
                                "2",
                                "--endpoint-url",
                                server.url(),
                                "--pricing",
                                pricing,
                                "--out",
                                dir + "/probes.jsonl"});
  ::unsetenv("AWS_ACCESS_KEY_ID");
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
  REQUIRE(code == 0);
  // Residuals: 30 warm overheads, 4 cold extras, 8 compute, 8 + 8 storage = 58.
  // Per memory: 2 cold + 3 warm + 2 x 2 compute + 2 x 2 x 2 storage = 17 probes; 34 in all.
  CHECK(out.rfind("wrote 34 probes to " + dir + "/probes.jsonl (0 from before)", 0) == 0);
  CHECK(fake.updates == 5);  // 4 cold starts + the restore

  const std::string base = test::source_dir() + "/data/platform/aws-default.yaml";
  const std::vector<std::string> fit = {
      "calibrate", "fit", dir + "/probes.jsonl", "--out", dir + "/cal.yaml", "--local-s-per-sample", "2.5e-7",
      "--base",    base};
  std::tie(code, out, err) = call(fit);
  REQUIRE(code == 0);
  CHECK(out == "wrote " + dir + "/cal.yaml (34 probes, 58 residuals)\n");
  const std::string first = slurp(dir + "/cal.yaml");
  std::tie(code, out, err) = call(fit);
  CHECK(slurp(dir + "/cal.yaml") == first);  // same probes, same bytes
  CHECK(first.find("region: \"us-east-1\"\n  arch: \"x86_64\"") != std::string::npos);
  CHECK(first.find("base: \"") != std::string::npos);
  CHECK(first.find("  cores_seen_by_memory_mb: {512: 2, 1769: 2}\n") !=
        std::string::npos);  // the fake says 2

  // A chart name that would end gnuplot's string and run a command is written as a plain file name.
  std::tie(code, out, err) =
      call({"calibrate", "report", dir + "/cal.yaml", "--png", dir + "/x'; system('touch pwned'); '.png"});
  CHECK(code == 0);
  CHECK_FALSE(std::filesystem::exists(dir + "/pwned"));
  CHECK_FALSE(std::filesystem::exists("pwned"));
  std::tie(code, out, err) =
      call({"calibrate", "report", dir + "/cal.yaml", "--png", dir + "/residuals.png"});
  REQUIRE(code == 0);
  // The fake Lambda's constants: 0.0005 ms per sample at one vCPU -> speed factor 0.0005 / 0.00025 = 2;
  // storage 80 MB/s; 1.25 ms of Duration beyond the handler's work.
  auto number_after = [&](const std::string& label) {
    const auto at = out.find("  " + label + ": ");
    REQUIRE(at != std::string::npos);
    return std::stod(out.substr(at + label.size() + 4));
  };
  CHECK(number_after("compute.speed_factor") == doctest::Approx(2).epsilon(1e-6));
  CHECK(number_after("storage_get.bandwidth_mb_s") == doctest::Approx(80).epsilon(1e-6));
  CHECK(number_after("compute.fixed_ms") == doctest::Approx(1.25).epsilon(1e-5));
  CHECK(out.find("residuals (observed - fitted, ms):\n  cold_extra     n 4") != std::string::npos);
  const std::string png = slurp(dir + "/residuals.png");
  REQUIRE(png.size() > 1000);
  CHECK(png.substr(1, 3) == "PNG");

  // A scenario that includes the calibrated file instead of aws-default.yaml.
  const std::string scenario = dir + "/calibrated-scenario.yaml";
  std::ofstream(scenario) << "schema_version: 1\ninclude:\n  pricing: " << pricing
                          << "\n  platform: cal.yaml\n"
                          << test::valid_body();
  std::tie(code, out, err) = call({"whatif", scenario, "--format", "json"});
  CHECK(code == 0);
  CHECK(out.find("\"role\": \"platform base\"") != std::string::npos);
}

TEST_CASE("calibrate fit reports a bad probe file with file:line:column and exits 2") {
  const std::string path = test::write_scenario(
      "{\"kind\":\"noop\",\"memory_mb\":512,\"cold\":false,\"client_ms\":30,\"duration_ms\":2,\"billed_ms\":"
      "2,"
      "\"init_ms\":null,\"handler_ms\":0.1}\n"
      "{\"kind\":\"noop\",\"memory_mb\":512,\"cold\":false,\"client_ms\":30,\"duration_ms\":2,\"billed_ms\":"
      "2,"
      "\"handler_ms\":0.1,\"handler_mss\":1}\n");
  const auto [code, out, err] = call({"calibrate", "fit", path, "--out", path + ".yaml"});
  CHECK(code == 2);
  CHECK(err == path + ":2:107: handler_mss: unknown field 'handler_mss' (did you mean 'handler_ms'?)\n");
  CHECK_FALSE(std::filesystem::exists(path + ".yaml"));
}

TEST_CASE("calibrate run wants a function name, not an ARN, and the options it needs") {
  auto [code, out, err] =
      call({"calibrate", "run", "--function", "arn:aws:lambda:us-east-1:123456789012:function:p", "--bucket",
            "b", "--out", "p.jsonl"});
  CHECK(code == 2);
  CHECK(err.find("expected the function's name (letters, digits, - and _), not its ARN") !=
        std::string::npos);
  std::tie(code, out, err) = call({"calibrate", "run", "--function", "p"});
  CHECK(code == 2);
  CHECK(err == "calibrate run: expected --function NAME, --bucket BUCKET and --out FILE (see --help)\n");
}

TEST_CASE("the cost of the default plan quoted in docs/calibration.md is what calibrate plan prints") {
  const auto [code, out, err] =
      call({"calibrate", "plan", "--pricing", test::source_dir() + "/data/pricing/aws.yaml"});
  REQUIRE(code == 0);
  const auto at = out.find("estimated total $");
  REQUIRE(at != std::string::npos);
  const std::string total = out.substr(at + 16, out.find('\n', at) - at - 16);
  CHECK(out.find("156 probes,") != std::string::npos);
  const std::string doc = slurp(test::source_dir() + "/docs/calibration.md");
  CHECK(doc.find("estimated total **" + total + "**") != std::string::npos);
  CHECK(doc.find("The default plan is 156 probes") != std::string::npos);
}

TEST_CASE("Ctrl-C stops calibrate run after the current probe, keeps what it wrote and restores memory") {
  test::FakeLambda fake;
  fake.in_progress_polls = 0;
  fake.sigint_after = 3;
  test::LoopbackHttpServer server([&](const test::LoopbackRequest& r) { return fake.handle(r); });
  const std::string dir = std::filesystem::path(test::write_scenario("")).parent_path().string();
  ::setenv("AWS_ACCESS_KEY_ID", "AKIDCLI", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "cli-secret", 1);
  const auto before = std::signal(SIGINT, SIG_DFL);
  std::signal(SIGINT, before);
  const auto [code, out, err] = call(
      {"calibrate", "run", "--function", "probe-fn", "--bucket", "b", "--memory", "512", "--endpoint-url",
       server.url(), "--pricing", test::source_dir() + "/data/pricing/aws.yaml", "--out", dir + "/p.jsonl"});
  ::unsetenv("AWS_ACCESS_KEY_ID");
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
  CHECK(code == 130);  // interrupted by Ctrl-C, as shells and the AWS CLI report it
  CHECK(out.find("wrote 3 probes") != std::string::npos);
  CHECK(out.find("interrupted: run again with --resume to continue") != std::string::npos);
  CHECK(fake.memory_mb == 256);
  CHECK(fake.description == "original description");
  // The process's own SIGINT handling is back: the command installed its handler only for the run.
  const bool handler_restored = std::signal(SIGINT, before) == before;
  CHECK(handler_restored);
}

TEST_CASE("the sample probe file is the synthetic probes of seed 2026, and fit and report run on it") {
  // data/calibrated/sample-probes.jsonl: a run header and the 232 probes synthetic_probes(2026) makes
  // (tests/synthetic_probes.h: known constants plus seeded noise). Set BREAKEVEN_WRITE_SAMPLE=1 to
  // write it again after a change of the generator or the format.
  std::string text = calibrate::header_to_json_line(calibrate::RunHeader{
                         "sample-synthetic", "us-east-1", "x86_64", 128,
                         "synthetic probes of tests/synthetic_probes.h, seed 2026: not a measurement",
                         "2026-12-02T00:00:00Z"}) +
                     "\n";
  std::int64_t index = 0;
  for (calibrate::ProbeRecord p : test::synthetic_probes(2026).probes) {
    p.plan_index = index++;
    p.time_utc = "2026-12-02T00:00:00Z";
    text += calibrate::probe_to_json_line(p) + "\n";
  }
  const std::string path = test::source_dir() + "/data/calibrated/sample-probes.jsonl";
  if (std::getenv("BREAKEVEN_WRITE_SAMPLE")) std::ofstream(path, std::ios::binary) << text;
  CHECK(slurp(path) == text);

  const std::string dir = std::filesystem::path(test::write_scenario("")).parent_path().string();
  auto [code, out, err] =
      call({"calibrate", "fit", path, "--out", dir + "/sample.yaml", "--base",
            test::source_dir() + "/data/platform/aws-default.yaml", "--local-s-per-sample", "2e-7"});
  CHECK(code == 0);
  std::tie(code, out, err) = call({"calibrate", "report", dir + "/sample.yaml", "--no-chart"});
  CHECK(code == 0);
  CHECK(out.find("calibration " + dir + "/sample.yaml") == 0);
  CHECK(out.find("residuals (observed - fitted, ms):") != std::string::npos);
}

TEST_CASE("calibrate plan in us-east-2 takes S3 request prices from us-east-1 and says so") {
  // data/pricing/aws.yaml has us-east-2 Lambda prices but no sourced us-east-2 S3 request prices.
  const auto [code, out, err] = call({"calibrate", "plan", "--region", "us-east-2"});
  CHECK(code == 0);
  CHECK(out.find("(us-east-2, x86_64, tier 1: ") != std::string::npos);
  CHECK(out.find("; S3 request prices unknown for us-east-2 in the pricing file, us-east-1's used") !=
        std::string::npos);
}
