// Compute profiles: the least-squares fit, the profiler on a learner whose cost we control, and the
// live trainer the simulator calls per batch.
#include <doctest/doctest.h>

#include "model/diagnostics.h"
#include "model/learner/live_trainer.h"
#include "model/learner/profile.h"
#include "model/stream/synthetic.h"

using namespace breakeven;

namespace {

class FakeClock final : public Clock {
 public:
  double now_s() override { return t; }
  double t = 1000;
};

// A learner that does nothing but advance the fake clock by a cost model we choose:
// learning n samples takes 0.002 + 3e-6 n seconds, predicting them 0.0005 + 4e-7 n.
class FakeLearner final : public Learner {
 public:
  explicit FakeLearner(FakeClock& clock) : clock_(&clock) {}
  LearnerKind kind() const override { return LearnerKind::logistic; }
  Task task() const override { return Task::classification; }
  double learn_one(const Batch&, std::size_t) override { return 0.5; }
  void learn_many(const Batch& b, std::span<double> p) override {
    clock_->t += 0.002 + 3e-6 * static_cast<double>(b.size());
    if (++calls_ == spike_at_call) clock_->t += 1.0;  // a preempted batch
    for (auto& x : p) x = 0.5;
    ++version_;
  }
  double predict_one(const Batch&, std::size_t) const override { return 0.5; }
  void predict_many(const Batch& b, std::span<double> out) const override {
    clock_->t += 0.0005 + 4e-7 * static_cast<double>(b.size());
    for (auto& x : out) x = 0.5;
  }
  ModelImage image() const override {
    ModelImage img;
    img.kind = "fake";
    img.tables.push_back(make_table("version", 8, std::vector<double>{version_}));
    return img;
  }
  void load_image(const ModelImage& img) override {
    version_ = table_values<double>(img.table("version")).at(0);
  }
  std::unique_ptr<Learner> clone() const override { return std::make_unique<FakeLearner>(*this); }

  int spike_at_call = -1;

 private:
  FakeClock* clock_;
  double version_ = 0;
  int calls_ = 0;
};

}  // namespace

TEST_CASE("linear fit recovers a line exactly and reports the residual of a noisy one") {
  const std::vector<double> x = {100, 1000, 10000};
  const std::vector<double> y = {0.1 + 0.5, 0.1 + 5, 0.1 + 50};  // y = 0.1 + 0.005 x
  const auto f = fit_linear(x, y);
  CHECK(f.fixed == doctest::Approx(0.1));
  CHECK(f.per_unit == doctest::Approx(0.005));
  CHECK(f.residual_rms < 1e-9);
  CHECK(f.r_squared == doctest::Approx(1.0));
  // Points (0, 0), (1, 2), (2, 1), (3, 3): by the normal equations slope 0.8, intercept 0.3; residuals
  // -0.3, 0.9, -0.9, 0.3, so RMS = sqrt((0.09 + 0.81 + 0.81 + 0.09) / 4) = sqrt(0.45).
  const auto g = fit_linear(std::vector<double>{0, 1, 2, 3}, std::vector<double>{0, 2, 1, 3});
  CHECK(g.per_unit == doctest::Approx(0.8));
  CHECK(g.fixed == doctest::Approx(0.3));
  CHECK(g.residual_rms == doctest::Approx(std::sqrt(0.45)));
  // A negative intercept is clamped: through the origin the slope is sum(xy) / sum(x^2).
  const auto h = fit_linear(std::vector<double>{1, 2}, std::vector<double>{0.5, 2.5});  // free fit: -1.5 + 2x
  CHECK(h.intercept_clamped);
  CHECK(h.fixed == 0);
  CHECK(h.per_unit == doctest::Approx((0.5 + 5.0) / 5.0));
  CHECK_THROWS_AS(fit_linear(std::vector<double>{5, 5}, std::vector<double>{1, 2}), RunError);
}

TEST_CASE("the profiler recovers a learner's known cost model") {
  FakeClock clock;
  FakeLearner learner(clock);
  SyntheticClickStream stream(ClickStreamParams{});
  ProfileOptions o;
  o.batch_sizes = {100, 1000, 5000};
  o.pretrain_samples = 2000;
  o.repeats = 2;
  const auto r = run_profile(learner, stream, o, clock);
  CHECK(r.batches.size() == 6);
  CHECK(r.pretrain_samples == 2000);
  CHECK(r.learn.fixed == doctest::Approx(0.002));
  CHECK(r.learn.per_unit == doctest::Approx(3e-6));
  CHECK(r.learn.residual_rms < 1e-9);
  CHECK(r.infer.fixed == doctest::Approx(0.0005));
  CHECK(r.infer.per_unit == doctest::Approx(4e-7));
  CHECK(r.batches.back().samples_seen == 2000 + 2 * (100 + 1000 + 5000));
  CHECK(r.metric_name == "accuracy");
}

TEST_CASE("one preempted batch does not move the fitted line (medians per batch size)") {
  FakeClock clock;
  FakeLearner learner(clock);
  learner.spike_at_call = 5;  // the second 1000-sample batch takes a second longer
  SyntheticClickStream stream(ClickStreamParams{});
  ProfileOptions o;
  o.batch_sizes = {100, 1000, 5000};
  o.repeats = 3;
  const auto r = run_profile(learner, stream, o, clock);
  CHECK(r.batches[4].learn_s > 1.0);
  CHECK(r.learn.fixed == doctest::Approx(0.002));
  CHECK(r.learn.per_unit == doctest::Approx(3e-6));
}

TEST_CASE("the profiler measures a real learner: model growth and deltas for biased_mf") {
  RatingStreamParams p;
  p.users = 2000;
  p.items = 1000;
  SyntheticRatingStream stream(p);
  LearnerConfig c;
  auto mf = make_learner(LearnerKind::biased_mf, c);
  SteadyClock clock;
  ProfileOptions o;
  o.batch_sizes = {100, 1000};
  o.repeats = 2;
  const auto r = run_profile(*mf, stream, o, clock);
  CHECK(r.learner == "biased_mf");
  // Host timings only as far as a loaded machine cannot upset them: every batch took some time and
  // the fit used both sizes (the fitted slope itself is checked with the fake clock above).
  CHECK(r.learn.points == 2);
  for (const auto& m : r.batches) CHECK(m.learn_s > 0);
  CHECK(r.final_model_bytes > r.pretrain_model_bytes);
  for (const auto& m : r.batches) CHECK(m.delta_bytes < m.model_bytes);
}

TEST_CASE("a stream too short for two batch sizes is a RunError that says what to do") {
  FakeClock clock;
  FakeLearner learner(clock);
  class Short final : public SampleStream {
   public:
    std::size_t next(Batch& out, std::size_t n) override {
      const std::size_t k = std::min(n, left);
      out.feature_count = 1;
      for (std::size_t i = 0; i < k; ++i) {
        out.features.push_back(0);
        out.label.push_back(0);
      }
      left -= k;
      return k;
    }
    std::size_t feature_count() const override { return 1; }
    std::string describe() const override { return "short"; }
    std::size_t left = 150;
  } stream;
  ProfileOptions o;
  o.batch_sizes = {100, 1000};
  CHECK_THROWS_WITH_AS(
      run_profile(learner, stream, o, clock),
      "the stream ended before two batch sizes were measured (1 batches); give more data or smaller "
      "--batch-sizes",
      RunError);
}

TEST_CASE("the live trainer reports time, growth, deltas and the metric per batch") {
  auto trainer = LiveTrainer::synthetic(LearnerKind::biased_mf, 5);
  const auto first = trainer.train_batch(5000);
  const auto second = trainer.train_batch(5000);
  CHECK(first.samples == 5000);
  CHECK(second.samples_seen == 10000);
  CHECK(second.learn_s > 0);
  CHECK(second.model_bytes >= first.model_bytes);  // new users and items only add rows
  CHECK(second.delta_bytes > 0);
  CHECK(second.delta_bytes < second.model_bytes);
  CHECK(std::string(trainer.metric_name()) == "rmse");
  // Same seed, same data and model: the deterministic parts repeat.
  auto again = LiveTrainer::synthetic(LearnerKind::biased_mf, 5);
  again.train_batch(5000);
  const auto second_again = again.train_batch(5000);
  CHECK(second_again.metric == second.metric);
  CHECK(second_again.model_bytes == second.model_bytes);
  CHECK(second_again.delta_bytes == second.delta_bytes);
  auto clicks = LiveTrainer::synthetic(LearnerKind::hoeffding_tree, 5);
  CHECK(clicks.train_batch(1000).metric > 0.5);
}

TEST_CASE("a learner given a stream of the wrong shape fails loudly") {
  CHECK_THROWS_WITH_AS(
      LiveTrainer(LearnerKind::logistic, std::make_unique<SyntheticRatingStream>(RatingStreamParams{}), 1),
      doctest::Contains("logistic cannot learn from synthetic ratings"), RunError);
  LearnerConfig c;
  c.feature_count = 4;
  auto lr = make_learner(LearnerKind::logistic, c);
  Batch clicks;
  SyntheticClickStream(ClickStreamParams{}).next(clicks, 10);  // 13 features, not 4
  CHECK_THROWS_WITH_AS(lr->learn_many(clicks, {}),
                       "logistic expects 4 dense features per sample; the batch has 13", RunError);
  auto mf = make_learner(LearnerKind::biased_mf, c);
  CHECK_THROWS_AS(mf->learn_many(clicks, {}), RunError);
  std::vector<double> too_short(3);
  Batch ratings;
  SyntheticRatingStream(RatingStreamParams{}).next(ratings, 10);
  CHECK_THROWS_WITH_AS(mf->learn_many(ratings, too_short), "prediction buffer of 3 values for a batch of 10",
                       RunError);
}
