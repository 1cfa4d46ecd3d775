// The scenario key learner.profile: a measured profile stands in for the learner's cost keys.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "model/analytic.h"
#include "model/report.h"
#include "tests/scenario_files.h"

using namespace breakeven;
using namespace breakeven::test;

namespace {

// A scenario body without the learner's cost keys; lines 5 to 15 after the 4-line header.
std::string body_with_profile(const std::string& extra_learner = "", const std::string& extra_faas = "") {
  return "workload:\n"
         "  interval_s: 60\n"
         "  batch_size: 1000\n"
         "  sample_bytes: 100\n"
         "learner:\n"
         "  profile: profile.json\n" +
         extra_learner +
         "faas:\n"
         "  memory_mb: 1024\n"
         "  region: us-east-1\n" +
         extra_faas +
         "iaas:\n"
         "  instance: t3.small\n";
}

const char* kProfile = R"({"schema_version": 1, "kind": "breakeven-learner-profile", "learner": "biased_mf",
  "fit": {"train_s_fixed": 0.001, "train_s_per_sample": 2e-06, "infer_s_per_sample": 5e-07},
  "model_bytes": 5000000, "serialize_s": 0.01, "deserialize_s": 0.02,
  "deltas": [{"batch_size": 100, "delta_bytes": 1000, "delta_encode_s": 0.001, "delta_decode_s": 0.002},
             {"batch_size": 10000, "delta_bytes": 90000, "delta_encode_s": 0.003, "delta_decode_s": 0.004}]})";

// Writes the scenario and a profile.json beside it; returns the scenario path.
std::string write_with_profile(const std::string& scenario, const std::string& profile) {
  const std::string path = write_scenario(scenario);
  std::ofstream(std::filesystem::path(path).parent_path() / "profile.json") << profile;
  return path;
}

std::vector<std::string> errors_of(const std::string& path) {
  std::vector<std::string> out;
  try {
    load_scenario(path, {});
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) {
      std::string line = format_diagnostic(d);
      const auto dir = std::filesystem::path(path).parent_path().string() + "/";
      for (std::size_t at; (at = line.find(dir)) != std::string::npos;) line.erase(at, dir.size());
      out.push_back(line);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("learner.profile fills the learner's cost keys from the profile beside the scenario") {
  const auto s = load_scenario(write_with_profile(header_lines() + body_with_profile(), kProfile), {});
  CHECK(s.spec.learner.train_s_per_sample == 2e-06);
  CHECK(s.spec.learner.train_s_fixed == 0.001);
  CHECK(s.spec.learner.infer_s_per_sample == 5e-07);
  CHECK(s.spec.learner.model_bytes == 5000000);
  CHECK(s.spec.learner.serialize_s == 0.01);
  CHECK(s.spec.learner.deserialize_s == 0.02);
  CHECK(s.spec.faas.delta_bytes == 0);  // delta encoding is off: the deltas are not used
  CHECK(s.data_files.back().role == "profile");
  // Host time scales like the keys it replaces: training a batch of 1000 with threads 1 on a t3.small (1 of
  // its 2 vCPUs) takes (0.001 + 2e-6 x 1000) x speed_factor 1 / 1 vCPU = 3 ms.
  const auto in = model_input(s);
  CHECK(evaluate_iaas(in, 60).phases.training_s == doctest::Approx(0.003));
}

TEST_CASE("with delta encoding, the profile's delta at the closest batch size is used") {
  // batch_size 1000 is equally far (x10) from 100 and 10000 in ratio; the first listed wins ties, so
  // use batch_size 3000, closer to 10000 (ratio 3.3) than to 100 (ratio 30).
  std::string body = body_with_profile("", "  delta_encoding: true\n");
  body.replace(body.find("batch_size: 1000"), 16, "batch_size: 3000");
  const auto s = load_scenario(write_with_profile(header_lines() + body, kProfile), {});
  CHECK(s.spec.faas.delta_bytes == 90000);
  CHECK(s.spec.faas.delta_encode_s == 0.003);
  CHECK(s.spec.faas.delta_decode_s == 0.004);
}

TEST_CASE("learner.profile and a key it supplies together are an error naming both") {
  const auto errors = errors_of(
      write_with_profile(header_lines() + body_with_profile("  train_s_per_sample: 0.001\n"), kProfile));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "scenario.yaml:11:23: learner.train_s_per_sample: set either learner.profile or "
        "learner.train_s_per_sample, not both (the profile supplies it; remove one)");
}

TEST_CASE("a missing or foreign profile file is reported at the key that names it") {
  const std::string path = write_scenario(header_lines() + body_with_profile());
  const auto missing = errors_of(path);
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].find("learner.profile: (named at ") != std::string::npos);
  CHECK(missing[0].find("profile.json") != std::string::npos);
  const auto foreign =
      errors_of(write_with_profile(header_lines() + body_with_profile(), R"({"kind": "other"})"));
  REQUIRE(foreign.size() == 1);
  CHECK(foreign[0] ==
        "scenario.yaml:10:12: learner.profile: profile.json: not a learner profile (kind is not "
        "breakeven-learner-profile); expected the JSON written by `breakeven profile --out`");
  std::string negative = kProfile;
  negative.replace(negative.find("2e-06"), 5, "-2e-6");
  const auto bad = errors_of(write_with_profile(header_lines() + body_with_profile(), negative));
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].find("train_s_per_sample must be a finite number >= 0") != std::string::npos);
}

TEST_CASE("the shipped profiled thesis scenario takes its numbers from the committed profile") {
  const std::string dir = source_dir();
  const auto s = load_scenario(dir + "/scenarios/thesis-movielens-profiled.yaml", {});
  std::ifstream in(dir + "/data/profiles/biased_mf-movielens-synthetic.json");
  const auto j = nlohmann::json::parse(in);
  CHECK(s.spec.learner.train_s_per_sample == j["fit"]["train_s_per_sample"].get<double>());
  CHECK(s.spec.learner.model_bytes == j["model_bytes"].get<double>());
  CHECK(j["learner"] == "biased_mf");
}

// ---- the `breakeven profile` command

#include <sstream>

#include "cli/run.h"

namespace {
struct CliResult {
  int code;
  std::string out, err;
};
CliResult call(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = breakeven::cli::run(args, out, err);
  return {code, out.str(), err.str()};
}
// The profile without the fields that hold host times or the host itself.
nlohmann::json deterministic_part(nlohmann::json j) {
  j.erase("host");
  j.erase("fit");
  j.erase("serialize_s");
  j.erase("deserialize_s");
  for (auto& d : j["deltas"]) {
    d.erase("delta_encode_s");
    d.erase("delta_decode_s");
  }
  for (auto& b : j["batches"])
    for (const char* k :
         {"infer_s", "learn_s", "serialize_s", "deserialize_s", "delta_encode_s", "delta_decode_s"})
      b.erase(k);
  return j;
}
}  // namespace

TEST_CASE("breakeven profile writes a profile whose non-timing fields repeat for the same command") {
  const std::vector<std::string> args = {"profile",   "--learner",  "logistic",      "--synthetic",
                                         "seed=3",    "features=5", "--batch-sizes", "50,500",
                                         "--repeats", "2",          "--pretrain",    "1000"};
  const auto a = call(args);
  const auto b = call(args);
  REQUIRE(a.code == 0);
  CHECK(a.err.empty());
  const auto ja = nlohmann::json::parse(a.out);
  CHECK(ja["learner"] == "logistic");
  CHECK(ja["metric"] == "accuracy");
  CHECK(ja["batches"].size() == 4);
  CHECK(ja["batches"][3]["samples_seen"] == 1000 + 2 * (50 + 500));
  CHECK(ja["fit"]["train_points"] == 2);
  CHECK(deterministic_part(ja) == deterministic_part(nlohmann::json::parse(b.out)));
}

TEST_CASE("breakeven profile: bad options exit 2 with the option named") {
  auto r = call({"profile", "--learner", "mf"});
  CHECK(r.code == 2);
  CHECK(r.err.find("--learner: unknown learner 'mf'") != std::string::npos);
  r = call({"profile", "--learner", "biased_mf", "--batch-sizes", "100,x"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "--batch-sizes: 'x' is not a batch size; expected whole numbers from 1 to 1e8 separated by commas, "
        "e.g. 100,1000,10000\n");
  r = call({"profile", "--learner", "biased_mf", "--synthetic", "kind=clicks"});
  CHECK(r.code == 2);
  CHECK(r.err.find("does not suit learner biased_mf") != std::string::npos);
  r = call({"profile", "--learner", "biased_mf", "--data", "no-such-file.csv"});
  CHECK(r.code == 2);
  CHECK(r.err == "no-such-file.csv: cannot open the data file for reading\n");
  r = call({"profile", "--help"});
  CHECK(r.code == 0);
  CHECK(r.out.rfind("usage: breakeven profile", 0) == 0);
}

TEST_CASE("breakeven profile --out writes the file whole and leaves no partial file") {
  const auto dir = std::filesystem::path(write_scenario("")).parent_path();
  const std::string out = (dir / "profile.json").string();
  const auto r = call(
      {"profile", "--learner", "hoeffding_tree", "--batch-sizes", "20,200", "--repeats", "1", "--out", out});
  CHECK(r.code == 0);
  // The command says what it wrote instead of ending in silence.
  CHECK(r.out.rfind("wrote " + out + ": hoeffding_tree profile over ", 0) == 0);
  CHECK(r.out.find("learner.profile: " + out) != std::string::npos);
  std::ifstream in(out);
  const auto j = nlohmann::json::parse(in);
  CHECK(j["learner"] == "hoeffding_tree");
  CHECK(!std::filesystem::exists(out + ".partial"));
  const auto bad = call({"profile", "--learner", "mlp", "--batch-sizes", "20,200", "--out",
                         (dir / "no-dir" / "p.json").string()});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("p.json: the directory ") != std::string::npos);  // refused before the profile runs
  CHECK(bad.err.find("does not exist; create it first") != std::string::npos);
}
