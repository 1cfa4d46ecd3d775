// `breakeven simulate` as a user meets it: output bytes per seed, the simulation fields, errors.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/run.h"

using breakeven::cli::run;

namespace {
struct Result {
  int code;
  std::string out, err;
};
Result call(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = run(args, out, err);
  return {code, out.str(), err.str()};
}
const std::string kScenario = "scenarios/thesis-movielens.yaml";
}  // namespace

TEST_CASE("simulate: the same seed gives the same bytes, another seed different ones") {
  const std::vector<std::string> base = {"simulate",     kScenario, "--set",    "workload.arrival=poisson",
                                         "--duration-h", "48",      "--format", "json"};
  auto with_seed = [&](const char* seed) {
    auto args = base;
    args.push_back("--seed");
    args.push_back(seed);
    return call(args);
  };
  const Result a = with_seed("7"), b = with_seed("7"), c = with_seed("8");
  REQUIRE(a.code == 0);
  CHECK(a.out == b.out);
  CHECK(a.out != c.out);
}

TEST_CASE("simulate JSON keeps the whatif fields and adds the simulation's") {
  const Result r = call({"simulate", kScenario, "--duration-h", "24", "--format", "json"});
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["tool"]["command"] == "simulate");
  CHECK(j.contains("break_even_interval_s"));
  CHECK(j["faas"].contains("cost_usd_per_hour"));
  const auto& sim = j["simulation"];
  CHECK(sim["seed"] == 1);
  CHECK(sim["duration_h"] == 24);
  // One batch a minute for 24 h, fixed arrivals: 1,440 batches on each side, every one processed.
  CHECK(sim["faas"]["arrivals"] == 1440);
  CHECK(sim["iaas"]["invocations"] == 1440);
  for (const char* key : {"cost_by_item", "latency_s", "freshness_s", "cold_start_rate", "cache_hit_rate",
                          "utilisation", "queue_length_max", "queue_length_mean", "keeps_up"})
    CHECK(sim["faas"].contains(key));
  CHECK(sim["iaas"]["cost_by_item"].contains("ec2_instance_usd"));
  // Fixed arrivals and constants: the simulated cost per hour is the analytic one (10 digits printed).
  CHECK(sim["faas"]["cost_usd_per_hour"] == j["faas"]["cost_usd_per_hour"]);
  CHECK(sim["iaas"]["cost_usd_per_hour"] == j["iaas"]["cost_usd_per_hour"]);
}

TEST_CASE("simulate replays an Azure 2019 trace chosen by function hash") {
  // fn-bursty: 30 invocations in minute 2 and 12 in minute 5 (tests/data/azure2019-two-functions.csv).
  const Result r = call({"simulate", kScenario, "--set", "workload.arrival=trace", "--set",
                         "workload.trace_file=../tests/data/azure2019-two-functions.csv", "--set",
                         "workload.trace_format=azure2019", "--set", "workload.trace_function=fn-bursty",
                         "--set", "workload.kind=requests", "--duration-h", "1", "--format", "json"});
  REQUIRE(r.code == 0);
  const auto sim = nlohmann::json::parse(r.out)["simulation"];
  CHECK(sim["faas"]["arrivals"] == 42);
  // Minute 5 spreads 12 arrivals in 5 s slots centred at 242.5 .. 297.5 s.
  CHECK(sim["notes"].dump().find("the trace ends at 297.5 s") != std::string::npos);
}

TEST_CASE("simulate: bad options exit 2 with a message, and a run that cannot keep up says so") {
  Result r = call({"simulate", kScenario, "--learner", "lve"});
  CHECK(r.code == 2);
  CHECK(r.err.find("did you mean 'live'") != std::string::npos);
  r = call({"simulate", kScenario, "--duration-h", "-1"});
  CHECK(r.code == 2);
  // 1e-12 h is 3.6 ns: a window below 1 s is refused instead of printing "utilisation -nan %".
  r = call({"simulate", kScenario, "--duration-h", "1e-12"});
  CHECK(r.code == 2);
  CHECK(r.err.find("the simulated window must be at least 1 s") != std::string::npos);
  CHECK(r.out.find("nan") == std::string::npos);
  r = call({"simulate", kScenario, "--format", "jsn"});
  CHECK(r.code == 2);
  CHECK(r.err.find("did you mean 'json'") != std::string::npos);
  r = call({"simulate", kScenario, "--set", "workload.interval_s=2", "--duration-h", "2"});
  CHECK(r.code == 0);
  CHECK(r.out.find("FaaS cannot keep up") != std::string::npos);
}

TEST_CASE("the SimFaaS example scenario loads and runs, and says the analytic fields do not apply") {
  const Result r =
      call({"simulate", "scenarios/simfaas-readme.yaml", "--duration-h", "5", "--format", "json"});
  REQUIRE(r.code == 0);
  const auto sim = nlohmann::json::parse(r.out)["simulation"];
  CHECK(sim["faas"]["keeps_up"] == true);
  CHECK(sim["iaas"]["keeps_up"] == false);  // one VM serving 0.9 requests/s of 1.991 s each
  CHECK(sim["notes"].dump().find("only the simulation applies") != std::string::npos);
}

TEST_CASE("simulate is listed in --help and has its own help") {
  Result r = call({"--help"});
  CHECK(r.out.find("simulate") != std::string::npos);
  r = call({"simulate", "--help"});
  CHECK(r.code == 0);
  CHECK(r.out.rfind("usage: breakeven simulate SCENARIO", 0) == 0);
  CHECK(r.out.find("--duration-h") != std::string::npos);
}

TEST_CASE("simulate: a writer that falls behind is busy at most 100% of the window") {
  // thesis-movielens with batches every 3 s: an invocation takes about 6.36 s on FaaS, so the writer is
  // busy without a break from time 0 to the window's end (utilisation 1) and cannot keep up; before
  // busy time was clipped to the window it showed 211.87%.
  const Result r = call(
      {"simulate", kScenario, "--set", "workload.interval_s=3", "--duration-h", "1", "--format", "json"});
  REQUIRE(r.code == 0);
  const auto sim = nlohmann::json::parse(r.out)["simulation"];
  CHECK(sim["faas"]["utilisation"].get<double>() == doctest::Approx(1.0).epsilon(1e-9));
  CHECK(sim["faas"]["keeps_up"] == false);
  CHECK(sim["iaas"]["utilisation"].get<double>() <= 1.0);
  // Every invocation lasts the same: p50 is the exact (maximum) duration, not a bucket midpoint above it.
  CHECK(sim["faas"]["latency_s"]["p50"].get<double>() == sim["faas"]["latency_s"]["max"].get<double>());
}

TEST_CASE("simulate refuses before it starts a window that implies more than 10^9 arrivals") {
  // 24 h at one batch every 10 us is 86400 / 1e-5 = 8.64e9 arrivals: it used to run for hours (and an
  // interval below the 1 us clock never ended). The limit gives the longest window at this interval:
  // 1e9 x 1e-5 s = 1e4 s = 2.78 h.
  Result r = call({"simulate", kScenario, "--set", "workload.interval_s=0.00001", "--duration-h", "24"});
  CHECK(r.code == 2);
  CHECK(r.err.find("about 8.64e+09 arrivals, more than the 1e+09 a simulation runs; simulate a shorter "
                   "window (--duration-h 2.78 or less)") != std::string::npos);
  r = call({"simulate", kScenario, "--set", "workload.interval_s=1e-9"});
  CHECK(r.code == 2);
  CHECK(r.err.find("workload.interval_s: 1e-09 is below the minimum 1e-06") != std::string::npos);
}

TEST_CASE("simulate runs to the end when an invocation is longer than the clock can hold") {
  // 1e300 s per sample x 1000 samples: every duration saturates beyond the window (to_us), so the run
  // ends with neither side keeping up instead of casting 1e306 s to an integer.
  const Result r = call({"simulate", kScenario, "--set", "learner.train_s_per_sample=1e300", "--duration-h",
                         "1", "--format", "json"});
  CHECK(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["simulation"]["iaas"]["keeps_up"] == false);
}
