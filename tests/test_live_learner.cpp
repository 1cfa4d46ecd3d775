// `simulate --learner live` and the calibration probe's compute: the embedded learner behind the
// simulator's compute interface and behind the probe function.
#include <doctest/doctest.h>

#include <sstream>

#include "calibrate/probe/compute_kernel.h"
#include "cli/run.h"
#include "hand_scenario.h"
#include "model/des/simulate.h"
#include "model/learner/live_batch_compute.h"
#include "model/stream/synthetic.h"

using namespace breakeven;
using namespace breakeven::des;

namespace {

// Every reading is 0.5 s after the previous one, so every measured interval is exactly 0.5 s.
struct HalfSecondClock final : Clock {
  double t = 0;
  double now_s() override { return t += 0.5; }
};

// Keeps what the live source answered, batch by batch.
struct Recording final : BatchComputeSource {
  explicit Recording(BatchComputeSource& inner) : inner(inner) {}
  BatchComputeSource& inner;
  std::vector<BatchCompute> seen;
  BatchCompute compute(std::int64_t index, std::int64_t n) override {
    seen.push_back(inner.compute(index, n));
    return seen.back();
  }
};

LiveBatchCompute live_mf(std::uint64_t seed) {
  RatingStreamParams p;
  p.seed = seed;
  p.users = 2000;
  p.items = 1000;
  LearnerConfig config;
  config.seed = seed;
  return LiveBatchCompute(LiveTrainer(LearnerKind::biased_mf, std::make_unique<SyntheticRatingStream>(p),
                                      seed, config, std::make_unique<HalfSecondClock>()));
}

SimulationResult simulate_live(BatchComputeSource& source, double duration_s) {
  ModelInput in = test::hand_scenario();  // 1,000-sample batches every 60 s
  SimulationOptions o;
  o.seed = 5;
  o.duration_s = duration_s;
  o.compute = &source;
  return simulate(in, o);
}

}  // namespace

TEST_CASE("the live source passes the learner's measured time, sizes and metric to the simulator") {
  LiveBatchCompute live = live_mf(11);
  Recording recording(live);
  const SimulationResult r = simulate_live(recording, 3600);  // 60 batches of 1,000 ratings
  REQUIRE(recording.seen.size() == 60);
  REQUIRE(r.quality.size() == 60);
  for (std::size_t i = 0; i < recording.seen.size(); ++i) {
    const BatchCompute& c = recording.seen[i];
    // The fake clock makes each measured interval exactly 0.5 s: learning and inference each read it twice.
    CHECK(c.train_s == 0.5);
    CHECK(c.infer_s == 0.5);
    CHECK(c.has_metric);
    CHECK(c.delta_bytes > 0);
    CHECK(c.delta_bytes < c.model_bytes);
    // BiasedMF adds users and items as they first appear: the model never shrinks.
    if (i > 0) CHECK(c.model_bytes >= recording.seen[i - 1].model_bytes);
    CHECK(r.quality[i].metric == c.metric);
  }
  // 2,000 users x (10 factors + bias) x 8 bytes bounds the user table: the model must stay below
  // (2,000 + 1,000) x 11 x 8 = 264,000 bytes of parameters plus headers and id maps (x 2 is generous).
  CHECK(recording.seen.back().model_bytes < 2 * 264000);
}

TEST_CASE("the VM side is priced with the same learner outcomes as the function, without training twice") {
  LiveBatchCompute live = live_mf(13);
  Recording recording(live);
  const SimulationResult r = simulate_live(recording, 3600);
  // The learner was asked once per batch (by the FaaS side); the VM reused those outcomes.
  REQUIRE(recording.seen.size() == 60);
  // Expected VM time of each batch: the analytic IaaS phases with that batch's measured compute and model.
  const ModelInput base = test::hand_scenario();
  double sum_s = 0;
  for (const BatchCompute& c : recording.seen) {
    ModelInput in = base;
    in.spec.learner.train_s_fixed = c.train_s;
    in.spec.learner.train_s_per_sample = 0;
    in.spec.learner.infer_s_per_sample = c.infer_s / 1000.0;
    in.spec.learner.model_bytes = c.model_bytes;
    sum_s += evaluate_iaas(in, 60).phases.total_s();
  }
  CHECK(r.iaas.latency.mean_s == doctest::Approx(sum_s / 60).epsilon(1e-9));
  CHECK(r.iaas.invocations == 60);
}

TEST_CASE("the live learner learns over simulated time: RMSE falls from the first batch to the last") {
  LiveBatchCompute live = live_mf(3);
  const SimulationResult r = simulate_live(live, 6 * 3600);  // 360,000 ratings
  REQUIRE(r.quality.size() == 360);
  // Noise std 0.5 is the floor; a model that has learned nothing sits near sqrt(0.5^2 + 0.3^2 x 2 + k x
  // 0.3^4).
  CHECK(r.quality.back().metric < r.quality.front().metric - 0.05);
  CHECK(r.quality.back().metric > 0.5);  // cannot beat the planted noise
}

TEST_CASE("with a fixed clock, two live simulations with the same seeds give identical results") {
  LiveBatchCompute a = live_mf(9), b = live_mf(9);
  const SimulationResult ra = simulate_live(a, 1800), rb = simulate_live(b, 1800);
  CHECK(ra.faas.cost_usd_per_hour == rb.faas.cost_usd_per_hour);
  REQUIRE(ra.quality.size() == rb.quality.size());
  for (std::size_t i = 0; i < ra.quality.size(); ++i) CHECK(ra.quality[i].metric == rb.quality[i].metric);
}

TEST_CASE(
    "the probe's compute is the project's BiasedMF: same samples, same errors as learning one at a time") {
  const std::uint64_t seed = 21;
  const calibrate::ComputeResult probe = calibrate::run_training_batch(5000, seed);
  // The same stream and learner, stepped one sample at a time through learn_one.
  RatingStreamParams p;
  p.seed = seed;
  SyntheticRatingStream stream(p);
  LearnerConfig config;
  config.seed = seed;
  auto learner = make_learner(LearnerKind::biased_mf, config);
  Batch batch;
  REQUIRE(stream.next(batch, 5000) == 5000);
  double sum_sq = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const double e = batch.label[i] - learner->learn_one(batch, i);
    sum_sq += e * e;
  }
  CHECK(probe.checksum == doctest::Approx(sum_sq).epsilon(1e-12));
  CHECK(probe.seconds > 0);
  CHECK(calibrate::run_training_batch(5000, seed).checksum == probe.checksum);
}

TEST_CASE(
    "simulate --learner live runs the learner and reports its quality; a wrong learner name is refused") {
  std::ostringstream out, err;
  const int rc = cli::run({"simulate", "scenarios/thesis-movielens.yaml", "--learner", "live", "--duration-h",
                           "0.5", "--set", "workload.batch_size=1000", "--format", "json"},
                          out, err);
  REQUIRE(rc == 0);
  CHECK(out.str().find("\"quality\": [") != std::string::npos);
  CHECK(out.str().find("\"batch\": 29") != std::string::npos);  // 30 batches in half an hour at 60 s
  std::ostringstream out2, err2;
  CHECK(cli::run({"simulate", "scenarios/thesis-movielens.yaml", "--learner", "live", "--live-learner",
                  "biasedmf"},
                 out2, err2) == 2);
  CHECK(err2.str().find("biased_mf") != std::string::npos);
}

TEST_CASE(
    "a trainer that skips the delta reports the same model sizes, metrics and times as one that encodes it") {
  auto trainer = [](bool delta) {
    RatingStreamParams p;
    p.seed = 4;
    p.users = 500;
    p.items = 300;
    LearnerConfig config;
    config.seed = 4;
    LiveTrainer t(LearnerKind::biased_mf, std::make_unique<SyntheticRatingStream>(p), 4, config,
                  std::make_unique<HalfSecondClock>());
    t.set_measure_delta(delta);
    return t;
  };
  LiveTrainer with = trainer(true), without = trainer(false);
  for (int batch = 0; batch < 5; ++batch) {
    const BatchOutcome a = with.train_batch(2000), b = without.train_batch(2000);
    CHECK(b.model_bytes == a.model_bytes);
    CHECK(b.metric == a.metric);
    CHECK(b.samples_seen == a.samples_seen);
    CHECK(b.learn_s == a.learn_s);  // the fake clock: 0.5 s per reading pair either way
    CHECK(a.delta_bytes > 0);
    CHECK(b.delta_bytes == 0);  // not measured, so not invented
    CHECK(b.delta_encode_s == 0);
  }
}

TEST_CASE("simulate --learner live says what the learner learnt, its model size and names the metric rmse") {
  std::ostringstream out, err;
  REQUIRE(cli::run({"simulate", "scenarios/thesis-movielens.yaml", "--learner", "live", "--duration-h",
                    "0.25", "--set", "workload.batch_size=1000"},
                   out, err) == 0);
  const std::string text = out.str();
  // 15 batches of 1,000 ratings in a quarter of an hour at one batch a minute.
  CHECK(text.find("live learner: biased_mf learnt 15000 samples in 15 batches") != std::string::npos);
  CHECK(text.find("from synthetic ratings: seed 1, 10000 users") != std::string::npos);
  CHECK(text.find("replaces learner.model_bytes, 142 MB") != std::string::npos);
  CHECK(text.find("  rmse (progressive validation") != std::string::npos);
  CHECK(text.find("progressive metric") == std::string::npos);
  CHECK(text.find("cheaper (simulated): FaaS; analytic: FaaS") != std::string::npos);
  // Not a terminal: no progress bar in what the command wrote.
  CHECK(err.str().empty());
  std::ostringstream json, err2;
  REQUIRE(cli::run({"simulate", "scenarios/thesis-movielens.yaml", "--learner", "live", "--duration-h",
                    "0.25", "--set", "workload.batch_size=1000", "--format", "json"},
                   json, err2) == 0);
  CHECK(json.str().find("\"metric\": \"rmse\"") != std::string::npos);
  CHECK(json.str().find("\"samples\": 15000") != std::string::npos);
}
