// The fit recovers known constants from synthetic noisy probes, within tolerances derived from the noise;
// the probe file reader reports bad lines with file:line:column; a calibrated file loads in a scenario.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "calibrate/calibration_file.h"
#include "calibrate/fit.h"
#include "calibrate/holdout.h"
#include "calibrate/probe_record.h"
#include "calibrate/random.h"
#include "cli/run.h"
#include "model/diagnostics.h"
#include "scenario_files.h"
#include "synthetic_probes.h"

using namespace breakeven;
using namespace breakeven::calibrate;
using namespace breakeven::test;

namespace {

// Closed-form standard errors of simple linear regression y = a + b x with noise sd sigma
// (any regression text, e.g. Montgomery, Peck & Vining, Introduction to Linear Regression Analysis):
// se(b) = sigma / sqrt(Sxx), se(a) = sigma * sqrt(1/n + mean(x)^2 / Sxx).
struct TheorySe {
  double intercept, slope;
};
TheorySe theory_se(const std::vector<double>& x, double sigma) {
  double mean = 0;
  for (double v : x) mean += v;
  mean /= x.size();
  double sxx = 0;
  for (double v : x) sxx += (v - mean) * (v - mean);
  return {sigma * std::sqrt(1.0 / x.size() + mean * mean / sxx), sigma / std::sqrt(sxx)};
}

}  // namespace

TEST_CASE("the compute fit recovers a and w within four standard errors of the noise") {
  const Synthetic s = synthetic_probes(2026);
  FitOptions options;
  // The local learner: 0.2 us per sample. The speed factor compares the learner alone on both sides:
  // handler slope 0.3 us / 0.2 us = 1.5, not Duration's 0.4 / 0.2 = 2 (Duration also draws the batch).
  options.local_s_per_sample = 2e-7;
  const CalibrationFit fit = fit_probes(s.probes, options, "synthetic.jsonl");
  REQUIRE(fit.compute);
  const TheorySe se = theory_se(s.compute_x, kComputeSigmaMs);
  CHECK(fit.compute->n == 60);
  CHECK(std::abs(fit.compute->fixed_ms.value - kFixedMs) < 4 * se.intercept);
  CHECK(std::abs(fit.compute->per_sample_ms.value - kPerSampleMs) < 4 * se.slope);
  // The reported standard errors estimate the theoretical ones: with 58 degrees of freedom s/sigma has a
  // relative spread of about 1/sqrt(2*58) = 9%, so 30% is more than three of those.
  CHECK(*fit.compute->per_sample_ms.std_error == doctest::Approx(se.slope).epsilon(0.3));
  CHECK(*fit.compute->fixed_ms.std_error == doctest::Approx(se.intercept).epsilon(0.3));
  CHECK(fit.compute->residual_sd_ms == doctest::Approx(kComputeSigmaMs).epsilon(0.3));
  REQUIRE(fit.compute->speed_factor);
  CHECK(std::abs(fit.compute->speed_factor->value - 1.5) < 4 * se.slope / 2e-4);
  // The 95% interval is value +- t(58) se.
  CHECK(*fit.compute->per_sample_ms.ci95_high - fit.compute->per_sample_ms.value ==
        doctest::Approx(t_quantile_975(58) * *fit.compute->per_sample_ms.std_error));
}

TEST_CASE("Student t quantiles match published values to 1e-9") {
  // 0.975 quantiles as published (R's qt(0.975, df), and from the t CDF by the incomplete beta function
  // in mpmath at 30 digits; the NIST/SEMATECH e-Handbook table 1.3.6.7.2 gives
  // them to 3 decimals: 12.706, 2.228, 2.042, 2.000).
  CHECK(t_quantile_975(1) == doctest::Approx(12.706204736175).epsilon(1e-9));
  CHECK(t_quantile_975(10) == doctest::Approx(2.228138851986).epsilon(1e-9));
  CHECK(t_quantile_975(30) == doctest::Approx(2.042272456301).epsilon(1e-9));
  CHECK(t_quantile_975(60) == doctest::Approx(2.000297822014).epsilon(1e-9));
  // Large dof tends to the normal quantile 1.959963984540.
  CHECK(t_quantile_975(1000000) == doctest::Approx(1.959963984540).epsilon(1e-5));
  CHECK(std::isnan(t_quantile_975(0)));
}

TEST_CASE("the storage fit recovers latency and bandwidth per direction within four standard errors") {
  const Synthetic s = synthetic_probes(7);
  const CalibrationFit fit = fit_probes(s.probes, FitOptions{}, "synthetic.jsonl");
  REQUIRE(fit.storage_get);
  REQUIRE(fit.storage_put);
  REQUIRE(fit.storage_both);
  const TheorySe se = theory_se(s.get_x, kStorageSigmaMs);
  // B = 1000 / (1e6 slope) MB/s, so se(B) = B^2 se(slope) * 1e6 / 1000 (delta method).
  const double se_b = kBandwidthMbS * kBandwidthMbS * se.slope * 1e3;
  for (const StorageFit* f : {&*fit.storage_get, &*fit.storage_put}) {
    CHECK(f->n == 32);
    CHECK(std::abs(f->latency_ms.value - kLatencyMs) < 4 * se.intercept);
    CHECK(std::abs(f->bandwidth_mb_s.value - kBandwidthMbS) < 4 * se_b);
    CHECK(*f->bandwidth_mb_s.std_error == doctest::Approx(se_b).epsilon(0.35));
  }
  CHECK(fit.storage_both->n == 64);
}

TEST_CASE("cold start and warm overhead: median, p90 and the extra cold latency") {
  const Synthetic s = synthetic_probes(11);
  const CalibrationFit fit = fit_probes(s.probes, FitOptions{}, "synthetic.jsonl");
  REQUIRE(fit.init_ms);
  REQUIRE(fit.warm_overhead_ms);
  REQUIRE(fit.cold_extra_ms);
  CHECK(fit.init_ms->n == 12);
  // The generator's init values by hand: each memory adds 3 cold + 15 compute + 16 storage = 34 probes, so
  // the cold probes sit at positions 0-2, 34-36, 68-70, 102-104; 100 + 10 * (position mod 10) gives
  // {100,110,120, 140,150,160, 180,190,100, 120,130,140}. Sorted: 100 100 110 120 120 130 140 140 150 160
  // 180 190. Median (type 7): h = 11 * 0.5 = 5.5 -> (130 + 140) / 2 = 135. p90: h = 9.9 -> 160 + 0.9 * 20 =
  // 178.
  CHECK(fit.init_ms->median == doctest::Approx(135));
  CHECK(fit.init_ms->p90 == doctest::Approx(178));
  const int warm_n = 4 * (15 + 16);
  CHECK(fit.warm_overhead_ms->n == warm_n);
  CHECK(std::abs(fit.warm_overhead_ms->mean - kWarmOverheadMs) < 4 * kOverheadSigmaMs / std::sqrt(warm_n));
  const double se_extra =
      std::sqrt(kColdSigmaMs * kColdSigmaMs / 12 + kOverheadSigmaMs * kOverheadSigmaMs / warm_n);
  CHECK(std::abs(fit.cold_extra_ms->value - kColdExtraMs) < 4 * se_extra);
}

TEST_CASE("least squares refuses probes that do not determine the constants") {
  std::vector<ProbeRecord> probes;
  for (int i = 0; i < 4; ++i) {
    ProbeRecord p = warm(ProbeKind::compute, 1024, 50, 40, 39);
    p.n_samples = 1000;  // one size only: a and w cannot be told apart
    probes.push_back(p);
  }
  const CalibrationFit fit = fit_probes(probes, FitOptions{}, "p.jsonl");
  CHECK_FALSE(fit.compute);
  bool noted = false;
  for (const auto& n : fit.notes) noted |= n.rfind("compute not fitted", 0) == 0;
  CHECK(noted);
  CHECK_THROWS_AS(fit_probes({}, FitOptions{}, "p.jsonl"), InputError);
}

namespace {
std::vector<std::string> probe_errors(const std::string& text) {
  try {
    parse_probe_text(text, "probes.jsonl");
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) out.push_back(format_diagnostic(d));
    return out;
  }
  return {};
}
const std::string kGood =
    R"({"kind":"noop","memory_mb":512,"cold":false,"client_ms":30,"duration_ms":2,"billed_ms":2,"init_ms":null,"handler_ms":0.1})";
}  // namespace

TEST_CASE("a probe line round-trips through the JSONL writer and reader") {
  ProbeRecord p = warm(ProbeKind::storage_get, 1769, 80.5, 52.25, 50.125);
  p.bytes = 1000000;
  p.cores_seen = 2;
  p.plan_index = 17;
  p.time_utc = "2026-11-27T23:00:00Z";
  const ProbeFile f = parse_probe_text(probe_to_json_line(p) + "\n", "x.jsonl");
  REQUIRE(f.probes.size() == 1);
  CHECK(f.probes[0].kind == ProbeKind::storage_get);
  CHECK(f.probes[0].bytes == 1000000);
  CHECK(f.probes[0].handler_ms == 50.125);
  CHECK(*f.probes[0].plan_index == 17);
  CHECK_FALSE(f.probes[0].init_ms);
  CHECK(probe_errors(kGood + "\n\n" + kGood + "\n").empty());
}

TEST_CASE("bad probe lines are reported with file:line:column and a suggestion") {
  // Line 2 is cut short (a run killed while writing); column 10 is one past its last character.
  auto e = probe_errors(kGood + "\n{\"kind\":\"\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].rfind("probes.jsonl:2:", 0) == 0);
  CHECK(e[0].find("not a JSON object") != std::string::npos);

  // A misspelt field: its quote starts at column 2.
  e = probe_errors(R"({"knd":"noop"})");
  REQUIRE(e.size() == 2);
  CHECK(e[0] == "probes.jsonl:1:1: kind: missing; expected a string");
  CHECK(e[1] == "probes.jsonl:1:2: knd: unknown field 'knd' (did you mean 'kind'?)");

  e = probe_errors(R"({"kind":"computee","memory_mb":512})");
  REQUIRE(e.size() == 1);
  CHECK(e[0] == "probes.jsonl:1:2: kind: 'computee' is not a probe kind (did you mean 'compute'?)");

  // A compute probe without n_samples, and a cold probe without init_ms.
  e = probe_errors(
      R"({"kind":"compute","memory_mb":512,"cold":false,"client_ms":30,"duration_ms":2,"billed_ms":2,"handler_ms":1})");
  REQUIRE(e.size() == 1);
  CHECK(e[0] == "probes.jsonl:1:1: n_samples: missing; expected a whole number");
  e = probe_errors(
      R"({"kind":"noop","memory_mb":512,"cold":true,"client_ms":30,"duration_ms":2,"billed_ms":2,"handler_ms":1})");
  REQUIRE(e.size() == 1);
  CHECK(e[0].find("a cold probe needs init_ms") != std::string::npos);
  e = probe_errors(
      R"({"kind":"noop","memory_mb":64,"cold":false,"client_ms":"30","duration_ms":2,"billed_ms":2,"handler_ms":1})");
  // Columns by counting: {"kind":"noop", is 15 characters, "memory_mb":64, 15 more, "cold":false, 13 more.
  REQUIRE(e.size() == 2);
  CHECK(e[0] == "probes.jsonl:1:16: memory_mb: 64 is below the smallest allowed value 128");
  CHECK(e[1] == "probes.jsonl:1:44: client_ms: expected a number, got \"30\"");
}

TEST_CASE("a calibrated platform file loads in a scenario on top of its base") {
  const Synthetic s = synthetic_probes(3);
  FitOptions options;
  options.local_s_per_sample = 2e-7;
  const CalibrationFit fit = fit_probes(s.probes, options, "synthetic.jsonl");
  const std::string scenario_path =
      test::write_scenario("schema_version: 1\ninclude:\n  pricing: " + test::source_dir() +
                           "/data/pricing/aws.yaml\n  platform: calibrated.yaml\n" + test::valid_body());
  const auto dir = std::filesystem::path(scenario_path).parent_path();
  CalibrationMeta meta{"synthetic",
                       "synthetic.jsonl",
                       std::string(64, 'a'),
                       "2026-11-27",
                       "us-east-1",
                       "x86_64",
                       (std::filesystem::path(test::source_dir()) / "data/platform/aws-default.yaml")
                           .lexically_relative(dir)
                           .generic_string(),
                       "test",
                       1769};
  std::ofstream(dir / "calibrated.yaml") << calibration_yaml(fit, meta);
  const LoadedScenario loaded = load_scenario(scenario_path, {});
  CHECK(loaded.spec.faas.warm_overhead_s == doctest::Approx(fit.warm_overhead_ms->mean / 1000).epsilon(1e-9));
  CHECK(loaded.spec.faas.cold_start_s == doctest::Approx(fit.init_ms->median / 1000).epsilon(1e-9));
  CHECK(loaded.spec.faas.speed_factor == doctest::Approx(fit.compute->speed_factor->value).epsilon(1e-9));
  CHECK(loaded.spec.storage.bandwidth_mb_s ==
        doctest::Approx(fit.storage_both->bandwidth_mb_s.value).epsilon(1e-9));
  // iaas.boot_s is not calibrated: it comes from the base file (23.3 s; the struct's own default is 0).
  CHECK(loaded.spec.iaas.boot_s == 23.3);
  std::vector<std::string> roles;
  for (const auto& f : loaded.data_files) roles.push_back(f.role);
  CHECK(roles == std::vector<std::string>{"scenario", "platform base", "platform", "pricing"});
}

TEST_CASE("held-out probes are compared with the calibrated constants' predictions") {
  CalibratedConstants c;
  c.compute_fixed_ms = 10;
  c.compute_per_sample_ms = 0.001;
  c.compute_residual_sd_ms = 2;
  c.get_latency_ms = 20;
  c.get_bandwidth_mb_s = 50;
  c.get_residual_sd_ms = 1;
  ProbeRecord compute = warm(ProbeKind::compute, 884, 0, 13, 12);
  compute.n_samples = 1000;
  // 884 MB is 884/1769 = 0.49972 vCPU: 10 + 0.001 x 1000 / 0.49972 = 12.00113 ms; band 1.96 x 2 = 3.92 ms.
  const auto a = check_probe(c, compute);
  REQUIRE(a);
  CHECK(a->predicted_ms == doctest::Approx(12.00113).epsilon(1e-6));
  CHECK(*a->band_ms == doctest::Approx(3.92));
  CHECK(a->within_band());
  ProbeRecord get = warm(ProbeKind::storage_get, 1024, 0, 50, 43);
  get.bytes = 1000000;
  // 20 ms + 10^6 bytes / (50 x 10^6 bytes/s) = 20 + 20 = 40 ms; observed 43 is outside 1.96 x 1 ms.
  const auto b = check_probe(c, get);
  REQUIRE(b);
  CHECK(b->predicted_ms == doctest::Approx(40));
  CHECK_FALSE(b->within_band());
  CHECK_FALSE(check_probe(c, warm(ProbeKind::storage_put, 1024, 0, 50, 43)));  // PUT was not calibrated

  // The constants read back from a written calibration file are the fitted ones.
  const Synthetic s = synthetic_probes(3);
  const CalibrationFit fit = fit_probes(s.probes, FitOptions{}, "synthetic.jsonl");
  const std::string path = test::write_scenario(
      calibration_yaml(fit, CalibrationMeta{"x", "p.jsonl", std::string(64, 'b'), "2026-11-27", "us-east-1",
                                            "x86_64", "base.yaml", "test", 1769}));
  const CalibratedConstants read = read_calibrated_constants(path);
  CHECK(*read.compute_per_sample_ms == doctest::Approx(fit.compute->per_sample_ms.value).epsilon(1e-9));
  CHECK(*read.put_bandwidth_mb_s == doctest::Approx(fit.storage_put->bandwidth_mb_s.value).epsilon(1e-9));
  CHECK(*read.init_median_ms == doctest::Approx(fit.init_ms->median).epsilon(1e-9));
}

TEST_CASE("a platform file whose base is missing or names itself gets a clear message") {
  const std::string scenario_path =
      test::write_scenario("schema_version: 1\ninclude:\n  pricing: " + test::source_dir() +
                           "/data/pricing/aws.yaml\n  platform: cal.yaml\n" + test::valid_body());
  const auto dir = std::filesystem::path(scenario_path).parent_path();
  std::ofstream(dir / "cal.yaml") << "schema_version: 1\nkind: platform\nname: x\nbase: nowhere.yaml\n";
  auto messages = [&] {
    std::vector<std::string> out;
    try {
      load_scenario(scenario_path, {});
    } catch (const InputError& e) {
      for (const auto& d : e.diagnostics()) out.push_back(format_diagnostic(d));
    }
    return out;
  };
  auto m = messages();
  REQUIRE(m.size() == 1);
  CHECK(m[0] == (dir / "nowhere.yaml").string() + ": cannot open the file (does it exist?)");
  std::ofstream(dir / "cal.yaml") << "schema_version: 1\nkind: platform\nname: x\nbase: cal.yaml\n";
  m = messages();
  REQUIRE(m.size() == 1);
  CHECK(m[0].find("cal.yaml:4:7: base: platform files name each other as base more than 4 deep (a cycle?)") !=
        std::string::npos);
}

TEST_CASE("calibrate fit --hold-out-memory leaves a memory size out, and calibrate check compares it") {
  const Synthetic s = synthetic_probes(21);
  const std::string path = test::write_scenario("");
  {
    std::ofstream out(path);
    for (const auto& p : s.probes) out << probe_to_json_line(p) << "\n";
  }
  const std::string cal = path + ".cal.yaml";
  std::ostringstream out, err;
  int code =
      cli::run({"calibrate", "fit", path, "--out", cal, "--local-s-per-sample", "2e-7", "--hold-out-memory",
                "3008", "--base", test::source_dir() + "/data/platform/aws-default.yaml"},
               out, err);
  REQUIRE(code == 0);
  // 4 memory sizes x 34 probes, one size held out: 102 fitted.
  CHECK(out.str().find("(102 probes,") != std::string::npos);
  CHECK(out.str().find("held out: probes at 3008 MB") != std::string::npos);
  out.str("");
  code = cli::run({"calibrate", "check", cal, path, "--memory", "3008"}, out, err);
  REQUIRE(code == 0);
  // All 34 probes at 3008 MB have a prediction (3 cold: Init; 15 compute; 16 storage). Bands of 1.96
  // residual sds hold about 95% of new probes, but held-out probes share one fit's error (and s estimates
  // sigma), so the count is not binomial: 24 (70%) is a loose floor. A prediction that let a single-threaded
  // learner use 3008/1769 = 1.7 vCPUs would put the 10 compute probes of 100,000 and 500,000 samples
  // 30-40% low, tens of ms outside bands of a few ms, and fail it.
  const std::string text = out.str();
  const auto at = text.rfind("\n", text.size() - 2);
  int within = 0, checked = 0;
  REQUIRE(std::sscanf(text.c_str() + at + 1, "%d of %d", &within, &checked) == 2);
  CHECK(checked == 34);
  CHECK(within >= 24);
}
