// The simulator's features, each against a result worked out by hand or in closed form.
#include <doctest/doctest.h>

#include <cmath>

#include "hand_scenario.h"
#include "model/des/simulate.h"
#include "model/diagnostics.h"

using namespace breakeven;
using namespace breakeven::des;
using namespace breakeven::test;

namespace {

SimulationResult run(const ModelInput& in, double duration_s, const Trace* trace = nullptr,
                     int warm_at_start = 1, std::uint64_t seed = 1, BatchComputeSource* compute = nullptr) {
  SimulationOptions o;
  o.seed = seed;
  o.duration_s = duration_s;
  o.warm_environments_at_start = warm_at_start;
  o.compute = compute;
  return simulate(in, o, trace);
}

Trace trace_of(std::vector<double> times_s) {
  Trace t;
  for (double s : times_s) t.arrivals_us.push_back(to_us(s));
  return t;
}

// Requests that take exactly `service_s` warm or cold (no Init, no transfers), from hand_scenario().
ModelInput fixed_requests(double service_s) {
  ModelInput in = hand_scenario();
  ScenarioSpec& s = in.spec;
  s.workload.kind = WorkloadKind::requests;
  s.workload.arrival = Arrival::trace;
  s.workload.batch_size = 1;
  s.learner.infer_s_per_sample = service_s;
  s.learner.model_bytes = 0;
  s.storage.latency_s = 0;
  s.faas.cold_start_s = 0;
  s.faas.cold_start_extra_s = 0;
  s.faas.warm_overhead_s = 0;
  s.faas.model_cache = ModelCache::per_environment;
  return in;
}

}  // namespace

TEST_CASE("100 simultaneous requests under a concurrency cap of 10 give 10 cold and 90 warm invocations") {
  // Seed 004 (Groningen 2024): "100 requests with a concurrency cap of 10 give 10 cold and 90 warm".
  ModelInput in = fixed_requests(1.0);
  in.spec.faas.concurrency_limit = 10;
  const Trace t = trace_of(std::vector<double>(100, 0.0));
  const SimulationResult r = run(in, 60, &t, 0);
  CHECK(r.faas.invocations == 100);
  CHECK(r.faas.cold_starts == 10);
  CHECK(r.faas.max_instances == 10);
  // Ten waves of 1 s: the k-th wave (k = 0..9) waits k s; mean wait 4.5 s, slowest response 10 s.
  CHECK(r.faas.mean_wait_s == doctest::Approx(4.5));
  CHECK(r.faas.latency.max_s == doctest::Approx(10.0));
}

TEST_CASE("with over_limit throttle, requests beyond the cap are rejected, not queued") {
  ModelInput in = fixed_requests(1.0);
  in.spec.faas.concurrency_limit = 10;
  in.spec.faas.over_limit = OverLimit::throttle;
  const Trace t = trace_of(std::vector<double>(100, 0.0));
  const SimulationResult r = run(in, 60, &t, 0);
  CHECK(r.faas.invocations == 10);
  CHECK(r.faas.throttled == 90);
  // Turning 90 of 100 requests away is not keeping up, and the cost per sample is that of the 10
  // served (batch_size 1), not spread over the 100 that arrived.
  CHECK_FALSE(r.faas.keeps_up);
  CHECK(r.faas.keep_up_note ==
        "90 of 100 requests were throttled at faas.concurrency_limit 10 (over_limit throttle)");
  REQUIRE(!r.notes.empty());
  CHECK(r.notes[0].find("FaaS cannot keep up: 90 of 100 requests were throttled") != std::string::npos);
  REQUIRE(r.faas.cost.total_usd > 0);
  CHECK(r.faas.cost_usd_per_1000_samples ==
        doctest::Approx(r.faas.cost.total_usd / 10 * 1000).epsilon(1e-12));
}

TEST_CASE("routing: newest-created first and most-recently-used keep different environments alive") {
  // Service 1 s, keep-alive 4 s, arrivals at 0, 0.5, 3, 3.5, 6 s, window 20 s.
  // A starts at 0, B (new: A is busy) at 0.5. At 3 both are idle: either rule takes B (newest, and idle
  // since 1.5 > 1), done at 4; at 3.5 A, done at 4.5. At 6: newest_first takes B again, so A expires at
  // 8.5 and B at 7 + 4 = 11; most_recent takes A (idle since 4.5), so B expires at 8 and A at 11.
  // Instances: newest_first 1 x 0.5 + 2 x 8 + 1 x 2.5 = 19 instance-seconds; most_recent
  // 1 x 0.5 + 2 x 7.5 + 1 x 3 = 18.5; over 20 s: 0.95 and 0.925.
  ModelInput in = fixed_requests(1.0);
  in.spec.faas.keep_alive_s = 4;
  const Trace t = trace_of({0, 0.5, 3, 3.5, 6});
  in.spec.faas.routing = Routing::newest_first;
  CHECK(run(in, 20, &t, 0).faas.mean_instances == doctest::Approx(0.95));
  in.spec.faas.routing = Routing::most_recent;
  const SimulationResult r = run(in, 20, &t, 0);
  CHECK(r.faas.mean_instances == doctest::Approx(0.925));
  CHECK(r.faas.cold_starts == 2);
}

TEST_CASE("a VM that stops when idle pays the boot in freshness and a 60 s minimum per run") {
  // hand_scenario on EC2: batch 0.11 + inference 0.05 + training 0.1 + upload 1.1 = 1.36 s per batch.
  // Batches every 1000 s for 10,000 s; the VM stops 10 s after a batch. First run: 0 .. 11.36 s;
  // later runs: boot 30 s + 1.36 + 10 = 41.36 s; each is billed the 60 s minimum: 10 x 60 s.
  ModelInput in = hand_scenario();
  in.spec.workload.interval_s = 1000;
  in.spec.iaas.idle_stop_s = 10;
  in.spec.iaas.boot_s = 30;
  const SimulationResult r = run(in, 10000);
  CHECK(r.iaas.invocations == 10);
  CHECK(r.iaas.boots == 9);
  const double s3 = 10 * (4e-7 + 5e-6);
  CHECK(r.iaas.cost.ec2_instance_usd == doctest::Approx(10 * 60 * 0.0416 / 3600).epsilon(1e-12));
  CHECK(r.iaas.cost.total_usd == doctest::Approx(10 * 60 * 0.0416 / 3600 + s3).epsilon(1e-12));
  // Freshness: 1.36 s for the first batch, 31.36 s for the nine after a boot: mean 28.36 s.
  CHECK(r.iaas.freshness.mean_s == doctest::Approx((1.36 + 9 * 31.36) / 10));
  CHECK(r.iaas.latency.mean_s == doctest::Approx(1.36));
  // With a 100 s idle stop the runs are 101.36 s (billed 102 s) and 131.36 s (billed 132 s).
  in.spec.iaas.idle_stop_s = 100;
  CHECK(run(in, 10000).iaas.cost.ec2_instance_usd ==
        doctest::Approx((102 + 9 * 132) * 0.0416 / 3600).epsilon(1e-12));
}

TEST_CASE("batches faster than the writer: queue falls behind and says so, merge keeps up") {
  // hand_scenario: a warm invocation takes 2.48 s; batches every 1 s cannot be processed one by one.
  ModelInput in = hand_scenario();
  in.spec.workload.interval_s = 1;
  const SimulationResult queued = run(in, 3600);
  CHECK_FALSE(queued.faas.keeps_up);
  CHECK(queued.faas.keep_up_note.find("still waiting at the end of the window") != std::string::npos);
  CHECK_FALSE(queued.iaas.keeps_up);  // 1.36 s per batch on the VM is too slow as well
  in.spec.workload.overlap = Overlap::merge;
  const SimulationResult merged = run(in, 3600);
  CHECK(merged.faas.keeps_up);
  CHECK(merged.faas.invocations < merged.faas.arrivals);
  // Every batch is downloaded once, plus one model download per invocation (all miss the cache).
  CHECK(merged.faas.s3_gets == merged.faas.arrivals + merged.faas.invocations);
  CHECK(merged.faas.freshness.count == merged.faas.arrivals);  // one freshness per batch, not per invocation
  // The VM merges too: a merged run takes 1.36 s + 0.26 s per further batch (download 0.11, inference
  // 0.05, training 0.1), so it keeps up; one GET per batch, one model upload per run.
  CHECK(merged.iaas.keeps_up);
  CHECK(merged.iaas.invocations < merged.iaas.arrivals);
  CHECK(merged.iaas.s3_gets == merged.iaas.arrivals);
  CHECK(merged.iaas.s3_puts == merged.iaas.invocations);
}

TEST_CASE("a keep-alive drawn uniformly from 0..120 s makes cold starts (1 - e^-2) / 2 of Poisson arrivals") {
  // P(cold) = E[exp(-lambda K)], K ~ U(0, 120 s), lambda = 1/60 s: (1 - e^(-2)) / 2 = 0.43233.
  // About 166,667 arrivals: standard error 0.0012; we allow 0.005.
  ModelInput in = fixed_requests(0);
  in.spec.workload.kind = WorkloadKind::training_stream;
  in.spec.workload.arrival = Arrival::poisson;
  in.spec.workload.interval_s = 60;
  in.spec.workload.sample_bytes = 0;
  in.spec.faas.history_record_bytes = 0;
  in.spec.faas.keep_alive_quantiles_s = "0,120";
  const SimulationResult r = run(in, 1e7, nullptr, 1, 9);
  CHECK(r.faas.cold_start_rate == doctest::Approx((1 - std::exp(-2.0)) / 2).epsilon(0.005 / 0.43233));
}

TEST_CASE(
    "onoff and daily arrivals keep the mean rate 1 / interval_s; jittered fixed arrivals keep the count") {
  ModelInput in = hand_scenario();
  in.spec.workload.interval_s = 10;
  in.spec.workload.arrival = Arrival::daily;
  // 10 whole days: the cosine integrates to zero, so the count is Poisson with mean 86,400 (sd 294).
  SimulationResult r = run(in, 10 * 86400.0);
  CHECK(static_cast<double>(r.iaas.arrivals) == doctest::Approx(86400).epsilon(5 * 294 / 86400.0));
  // onoff: bursts of mean 60 s at 1 arrival/s, silences of mean 540 s. For a two-state MMPP with rates
  // l1 = 1, l2 = 0 and switching rates r1 = 1/60, r2 = 1/540 (per s), Var N(t) / t tends to
  // m + 2 (l1 - l2)^2 r1 r2 / (r1 + r2)^3 = 0.1 + 9.72 (Fischer and Meier-Hellstern 1993): over 10^7 s
  // the count 10^6 has a standard deviation near 9,900; we allow 4 of them.
  in.spec.workload.arrival = Arrival::onoff;
  r = run(in, 1e7);
  CHECK(static_cast<double>(r.iaas.arrivals) == doctest::Approx(1e6).epsilon(0.04));
  in.spec.workload.arrival = Arrival::fixed;
  in.spec.workload.jitter_s = 3;
  // Arrival k is at 10 k + U(-3, 3) s: k = 0 .. 3599 fall in the window, k = 3600 does when its draw
  // is negative.
  r = run(in, 36000);
  CHECK(r.iaas.arrivals >= 3600);
  CHECK(r.iaas.arrivals <= 3601);
}

TEST_CASE("the per-environment cache hits on every warm invocation; by_rate hits at the given rate") {
  ModelInput in = hand_scenario();
  in.spec.faas.model_cache = ModelCache::per_environment;
  SimulationResult r = run(in, 36000);
  CHECK(r.faas.cache_hits == r.faas.invocations);  // one warm environment that trained every batch
  in.spec.faas.model_cache = ModelCache::by_rate;
  in.spec.faas.cache_hit_rate = 0.3;
  r = run(in, 600 * 3600.0);  // 36,000 warm invocations: standard error 0.0024
  CHECK(r.faas.cache_hit_rate == doctest::Approx(0.3).epsilon(0.012 / 0.3));
}

namespace {

// A compute source that reports the constants plus a metric equal to the batch index.
struct CountingCompute final : BatchComputeSource {
  explicit CountingCompute(const ScenarioSpec& s) : constants(s) {}
  ConstantCompute constants;
  BatchCompute compute(std::int64_t batch_index, std::int64_t n_samples) override {
    BatchCompute c = constants.compute(batch_index, n_samples);
    c.metric = static_cast<double>(batch_index);
    c.has_metric = true;
    return c;
  }
};

}  // namespace

TEST_CASE("a compute source that reports the constants changes nothing and records the quality curve") {
  ModelInput in = hand_scenario();
  in.spec.faas.save_policy = SavePolicy::every_k;
  in.spec.faas.save_every_k = 3;
  const SimulationResult plain = run(in, 36000);
  CountingCompute source(in.spec);
  const SimulationResult live = run(in, 36000, nullptr, 1, 1, &source);
  CHECK(live.faas.cost_usd_per_hour == doctest::Approx(plain.faas.cost_usd_per_hour).epsilon(1e-12));
  CHECK(live.faas.latency.mean_s == doctest::Approx(plain.faas.latency.mean_s).epsilon(1e-12));
  REQUIRE(live.quality.size() == 600);
  CHECK(live.quality[599].batch_index == 599);
  CHECK(live.quality[599].metric == 599);
  // Batch 1 arrives at 60 s: a warm miss (2.48 s) that does not save (history record 0.10001024 s
  // instead of the 1.1 s upload) and replays one unsaved batch (history 0.10001024 + 0.11 + 0.1 s).
  CHECK(live.quality[1].time_s == doctest::Approx(60 + 2.48 - 1.1 + 2 * 0.10001024 + 0.21));
}

namespace {

// Alternates 1,769 MB and 3,538 MB: every change of size is a new configuration.
struct AlternatingMemory final : MemorySizer {
  int seen = 0;
  int memory_mb(std::int64_t index) override { return index % 2 == 0 ? 1769 : 3538; }
  void observe(const InvocationUse&) override { ++seen; }
};

}  // namespace

TEST_CASE("a memory policy sizes each invocation; a new size needs a new environment and bills its GB") {
  // 10 batches a minute apart. Invocation 0 runs at 1,769 MB in the environment the run starts with
  // (warm miss, 2,460 ms); each later one changes size, so it is cold: 2,460 + 500 ms Init = 2,960 ms.
  // The learner is single-threaded, so both sizes compute at one vCPU and take the same time.
  // GB-s: 2.46 x 1769/1024 + 2.96 x (5 x 3538/1024 + 4 x 1769/1024).
  ModelInput in = hand_scenario();
  AlternatingMemory policy;
  SimulationOptions o;
  o.duration_s = 600;
  o.memory_policy = &policy;
  const SimulationResult r = simulate(in, o);
  CHECK(r.faas.invocations == 10);
  CHECK(r.faas.cold_starts == 9);
  CHECK(policy.seen == 10);
  CHECK(r.faas.billed_ms == 2460 + 9 * 2960);
  CHECK(r.faas.gb_s ==
        doctest::Approx(2.46 * 1769 / 1024.0 + 2.96 * (5 * 3538 + 4 * 1769) / 1024.0).epsilon(1e-12));
}

TEST_CASE("several warm environments at the start serve simultaneous requests without cold starts") {
  ModelInput in = fixed_requests(1.0);
  const Trace t = trace_of({0, 0, 0, 0});
  const SimulationResult r = run(in, 10, &t, 3);
  CHECK(r.faas.invocations == 4);
  CHECK(r.faas.cold_starts == 1);  // three warm environments, a fourth is created
  CHECK(r.faas.max_instances == 4);
}

TEST_CASE("a simulated window under 1 s is refused; 1 s is accepted") {
  ModelInput in = hand_scenario();
  CHECK_THROWS_AS(run(in, 0.999), InputError);
  CHECK_THROWS_AS(run(in, 3.6e-9), InputError);  // --duration-h 1e-12
  CHECK_NOTHROW(run(in, 1.0));
}

TEST_CASE(
    "a writer slower than its batches is busy for the window, not beyond it, and only the window is billed") {
  // hand_scenario: batches every 1 s, a warm invocation takes d = 2.48 s and a VM batch 1.36 s, so both
  // sides are busy without a break from time 0: utilisation exactly 1 over a 3600 s window (before the
  // fix, 3600 invocations of 2.48 s were counted: 248%). The function side is charged the invocations
  // started in the window, k d < 3600 s (k = 0 .. ceil(3600 / d) - 1), each one GET for the batch, one
  // for the model (every warm invocation misses the cache) and one PUT; the VM is billed the hour.
  ModelInput in = hand_scenario();
  in.spec.workload.interval_s = 1;
  const SimulationResult r = run(in, 3600);
  CHECK(r.faas.utilisation == 1.0);
  CHECK(r.iaas.utilisation == 1.0);
  const double d = r.faas.latency.max_s;
  CHECK(d == doctest::Approx(2.48));
  const double started = std::ceil(3600 / d);  // 1452
  CHECK(started == 1452);
  CHECK(r.faas.invocations == 3600);  // all batches are still learnt, after the window
  CHECK(
      r.faas.cost.s3_request_usd ==
      doctest::Approx(started * (2 * in.prices.s3_faas_get_usd + in.prices.s3_faas_put_usd)).epsilon(1e-12));
  // GB-s: 1,451 whole invocations of 2,460 billed ms, and the last, started at 1451 x 2.48 = 3598.48 s,
  // runs 1.52 of its 2.48 s inside the window: 2.46 x 1.52 / 2.48 = 1.50774 s, billed 1,508 ms.
  CHECK(r.faas.cost.lambda_duration_usd ==
        doctest::Approx((1451 * 2460 + 1508) / 1000.0 * kGb * 0.0000166667).epsilon(1e-12));
  CHECK(r.iaas.cost.ec2_instance_usd == doctest::Approx(in.prices.ec2_usd_per_hour).epsilon(1e-12));
  // The VM starts batch k at 1.36 k s: ceil(3600 / 1.36) = 2648 batches in the window, one GET and one PUT
  // each.
  CHECK(r.iaas.cost.s3_request_usd ==
        doctest::Approx(2648 * (in.prices.s3_iaas_get_usd + in.prices.s3_iaas_put_usd)).epsilon(1e-12));
}

TEST_CASE("faas.cold_start_rate forces that fraction of invocations cold, one draw each") {
  // Fixed batches every 60 s keep one environment warm (keep-alive 600 s), so without the setting no
  // invocation is cold. With 0.3, the cold fraction of 6,000 invocations has a standard error of
  // sqrt(0.3 x 0.7 / 6000) = 0.0059; we allow 4 of them. Seed 5.
  ModelInput in = hand_scenario();
  CHECK(run(in, 360000, nullptr, 1, 5).faas.cold_starts == 0);
  in.spec.faas.cold_start_rate = 0.3;
  const SimulationResult r = run(in, 360000, nullptr, 1, 5);
  REQUIRE(r.faas.invocations == 6000);
  CHECK(std::abs(r.faas.cold_start_rate - 0.3) <= 4 * 0.0059);
  const SimulationResult again = run(in, 360000, nullptr, 1, 5);
  CHECK(again.faas.cold_starts == r.faas.cold_starts);
}

TEST_CASE("an invocation longer than faas.timeout_s is cut off, billed the timeout, and counted") {
  // hand_scenario: a warm invocation's handler runs 2.46 s (hand_scenario.h). With a 2 s timeout each
  // of the 60 batches in an hour is cut at 2 s: billed 2,000 ms each (warm, no INIT), 0.02 + 2 s long,
  // no model upload (the work is lost), no freshness; the side does not keep up.
  ModelInput in = hand_scenario();
  in.spec.faas.timeout_s = 2;
  const SimulationResult r = run(in, 3600);
  REQUIRE(r.faas.invocations == 60);
  CHECK(r.faas.timeouts == 60);
  CHECK(r.faas.billed_ms == 60 * 2000);
  CHECK(r.faas.latency.max_s == doctest::Approx(2.02));
  CHECK(r.faas.s3_puts == 0);
  CHECK(r.faas.freshness.count == 0);
  CHECK(r.faas.cost.lambda_duration_usd == doctest::Approx(120 * kGb * 0.0000166667).epsilon(1e-12));
  CHECK_FALSE(r.faas.keeps_up);
  CHECK(r.faas.keep_up_note.find("60 of 60 invocations ran past faas.timeout_s 2 s") != std::string::npos);
  // The default 900 s timeout leaves the same run alone.
  in.spec.faas.timeout_s = 900;
  const SimulationResult ok = run(in, 3600);
  CHECK(ok.faas.timeouts == 0);
  CHECK(ok.faas.keeps_up);
  CHECK(ok.faas.billed_ms == 60 * 2460);
}
