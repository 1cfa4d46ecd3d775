// Options that used to wrap, hang or stop a whole run: each is now an input error (exit 2) with a
// message, or, for one bad point of a sweep, a row of its own.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "calibrate/probe_record.h"
#include "cli/run.h"
#include "model/diagnostics.h"

namespace {

struct Result {
  int code;
  std::string out, err;
};

Result call(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = breakeven::cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

const std::string kSeed = "scenarios/thesis-movielens.yaml";

}  // namespace

TEST_CASE("a negative --seed, --jobs or --pretrain is refused instead of wrapping to a huge number") {
  auto r = call({"simulate", kSeed, "--seed", "-1"});
  CHECK(r.code == 2);
  CHECK(r.err == "--seed -1: expected a whole number from 0 to 18446744073709551615\n");
  r = call({"sweep", kSeed, "--mode", "des", "--seed", "-3", "--grid", "faas.memory_mb=1024"});
  CHECK(r.code == 2);
  r = call({"sweep", kSeed, "--grid", "faas.memory_mb=1024", "--jobs", "-1"});
  CHECK(r.code == 2);
  CHECK(r.err.find("expected 0 (every core) to 256 threads") != std::string::npos);
  // Before the check, -1 became 2^64 - 1 samples of pre-training: a run that never ended.
  r = call({"profile", "--learner", "biased_mf", "--pretrain", "-1", "--batch-sizes", "10,20"});
  CHECK(r.code == 2);
  CHECK(r.err.find("--pretrain") != std::string::npos);
}

TEST_CASE("sweep --mode des: a point the simulator cannot use is reported in its row and the sweep goes on") {
  const auto r = call({"sweep", kSeed, "--mode", "des", "--duration-h", "1", "--grid",
                       "workload.arrival=fixed,trace", "--no-break-even"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\n0,fixed,ok,") != std::string::npos);
  CHECK(r.out.find("\n1,trace,invalid,workload.arrival is trace") != std::string::npos);
}

TEST_CASE("sweep --mode des refuses to sweep the trace it replays at every point") {
  const auto r = call({"sweep", kSeed, "--mode", "des", "--grid", "workload.trace_file=a.csv,b.csv"});
  CHECK(r.code == 2);
  CHECK(r.err.find("cannot be swept") != std::string::npos);
}

TEST_CASE("sweep --mode des judges independent requests by the simulation, not the single-writer rule") {
  // SimFaaS's example: about 8 environments serve 0.9 requests/s in parallel. The analytic rule for one
  // training invocation at a time would call this infeasible; the simulator keeps up.
  const auto r = call({"sweep", "scenarios/simfaas-readme.yaml", "--mode", "des", "--duration-h", "1",
                       "--grid", "faas.keep_alive_s=60,600", "--no-break-even", "--format", "json"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\"faas_feasible\":false") == std::string::npos);
  CHECK(r.out.find("\"faas_feasible\":true") != std::string::npos);
}

TEST_CASE("calibrate fit refuses options that would write an unusable platform file") {
  auto r = call({"calibrate", "fit", "probes.jsonl", "--out", "x.yaml", "--mb-per-vcpu", "-5"});
  CHECK(r.code == 2);
  CHECK(r.err.find("--mb-per-vcpu") != std::string::npos);
  r = call({"calibrate", "fit", "probes.jsonl", "--out", "x.yaml", "--arch", "sparc"});
  CHECK(r.code == 2);
  CHECK(r.err.find("expected x86_64 or arm64") != std::string::npos);
  r = call({"calibrate", "fit", "probes.jsonl", "--out", "x.yaml", "--local-s-per-sample", "-1"});
  CHECK(r.code == 2);
  r = call({"calibrate", "plan", "--memory", "4294967808"});  // used to wrap to 512 MB
  CHECK(r.code == 2);
}

TEST_CASE("a probe line with a memory size beyond Lambda's limits or beyond int64 is refused, not wrapped") {
  const auto dir = std::filesystem::temp_directory_path() / "breakeven-option-errors";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "probes.jsonl").string();
  std::ofstream(path)
      << R"({"kind":"noop","memory_mb":4294967424,"cold":false,"client_ms":30,"duration_ms":2,"billed_ms":2,"init_ms":null,"handler_ms":0.1})"
      << "\n"
      << R"({"kind":"compute","memory_mb":1024,"cold":false,"n_samples":18446744073709551615,"client_ms":30,"duration_ms":2,"billed_ms":2,"init_ms":null,"handler_ms":1})"
      << "\n";
  std::string messages;
  try {
    breakeven::calibrate::read_probe_file(path);
  } catch (const breakeven::InputError& e) {
    for (const auto& d : e.diagnostics()) messages += breakeven::format_diagnostic(d) + "\n";
  }
  // 128..10240 MB: AWS Lambda quotas (data/platform/aws-default.yaml).
  CHECK(messages.find(":1:") != std::string::npos);
  CHECK(messages.find("4294967424 is above the largest allowed value 10240") != std::string::npos);
  CHECK(messages.find("18446744073709551615 is above the largest allowed value") != std::string::npos);
  std::filesystem::remove_all(dir);
}
