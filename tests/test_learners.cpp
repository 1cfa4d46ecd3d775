// Learners against planted ground truth, progressive validation, exact serialisation.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <vector>

#include "model/diagnostics.h"
#include "model/learner/biased_mf.h"
#include "model/learner/hoeffding_tree.h"
#include "model/learner/learner.h"
#include "model/learner/random.h"
#include "model/stream/synthetic.h"
#include "model/stream/zipf.h"

using namespace breakeven;

namespace {

// Runs `total` samples through the learner in batches of `chunk`; returns the progressive metric over
// the samples after `measure_from`.
ProgressiveMetric run_progressive(Learner& learner, SampleStream& stream, std::size_t total,
                                  std::size_t measure_from, std::size_t chunk = 1000) {
  ProgressiveMetric tail(learner.task());
  Batch b;
  std::vector<double> pred;
  for (std::size_t done = 0; done < total; done += chunk) {
    b.clear();
    stream.next(b, chunk);
    pred.assign(b.size(), 0);
    learner.learn_many(b, pred);
    if (done >= measure_from) tail.add_many(pred, b.label);
  }
  return tail;
}

// Planted ratings where the factors carry as much variance as the noise: a model that learned only the
// biases has RMSE sqrt(noise^2 + var(<p, q>)) = sqrt(0.25 + 0.25) = 0.707, far above the 10% band.
RatingStreamParams planted_ratings() {
  RatingStreamParams p;
  p.seed = 7;
  p.users = 300;
  p.items = 200;
  p.factors = 3;
  p.user_exponent = 0.3;
  p.item_exponent = 0.3;
  p.noise_std = 0.5;
  // var(<p, q>) = k sigma^4 for independent N(0, sigma^2) components; k = 3, sigma^4 = 0.25 / 3.
  p.factor_std = std::pow(0.25 / 3, 0.25);
  return p;
}

}  // namespace

TEST_CASE("splitmix64 matches the reference sequence of its published C code") {
  // Vigna's splitmix64.c with state 0: first outputs e220a8397b1dcdaf, 6e789e6aa1b965f4, 06c45d188009454f.
  std::uint64_t s = 0;
  CHECK(splitmix64_next(s) == 0xE220A8397B1DCDAFULL);
  CHECK(splitmix64_next(s) == 0x6E789E6AA1B965F4ULL);
  CHECK(splitmix64_next(s) == 0x06C45D188009454FULL);
}

TEST_CASE("normal draws have mean 0 and variance 1, and a seed repeats them") {
  Random a(99), b(99);
  double sum = 0, sum_sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = a.normal();
    CHECK_EQ(x, b.normal());
    sum += x;
    sum_sq += x * x;
  }
  // Standard errors: mean 1/sqrt(n) = 0.0022, variance sqrt(2/n) = 0.0032; 5 standard errors allowed.
  CHECK(std::fabs(sum / n) < 0.012);
  CHECK(std::fabs(sum_sq / n - 1) < 0.016);
}

TEST_CASE("Zipf sampling follows 1/(r+1)^s") {
  ZipfSampler z(1000, 1.0);
  // P(rank 0) / P(rank 1) = 2^s = 2.
  CHECK(z.probability(0) / z.probability(1) == doctest::Approx(2.0));
  Random rng(3);
  int first = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) first += z.sample(rng) == 0;
  // P(0) = 1 / H_1000 = 1 / 7.4855 = 0.1336; binomial standard error 0.0011.
  CHECK(first / double(n) == doctest::Approx(0.1336).epsilon(0.04));
}

TEST_CASE("progressive metric: RMSE, MAE, accuracy and log loss of hand-made predictions") {
  ProgressiveMetric r(Task::regression);
  r.add(3, 4);  // error -1
  r.add(5, 2);  // error 3
  CHECK(r.rmse() == doctest::Approx(std::sqrt((1 + 9) / 2.0)));
  CHECK(r.mae() == doctest::Approx(2.0));
  ProgressiveMetric c(Task::classification);
  c.add(0.8, 1);  // right
  c.add(0.4, 1);  // wrong
  c.add(0.1, 0);  // right
  CHECK(c.accuracy() == doctest::Approx(2.0 / 3));
  CHECK(c.log_loss() == doctest::Approx(-(std::log(0.8) + std::log(0.4) + std::log(0.9)) / 3));
}

TEST_CASE("biased_mf reaches RMSE within 10% of the noise floor on planted ratings") {
  SyntheticRatingStream stream(planted_ratings());
  LearnerConfig c;
  c.factors = 5;
  c.mf_learning_rate = 0.01;
  c.mf_l2 = 0.01;
  BiasedMf mf(c);
  const auto tail = run_progressive(mf, stream, 1'500'000, 1'300'000);
  MESSAGE("biased_mf progressive RMSE over the last 200k: " << tail.rmse() << " (noise floor 0.5)");
  CHECK(tail.rmse() < 1.10 * 0.5);
  CHECK(mf.user_count() == 300);
  CHECK(mf.item_count() == 200);
}

TEST_CASE("biased_mf adds users and items on the fly and grows") {
  LearnerConfig c;
  c.factors = 4;
  BiasedMf mf(c);
  const auto empty = mf.size_bytes();
  Batch b;
  b.user = {10, 20, 10};
  b.item = {5, 5, 7};
  b.label = {4, 3, 5};
  mf.learn_many(b, {});
  CHECK(mf.user_count() == 2);
  CHECK(mf.item_count() == 2);
  // Each new user or item adds an 8-byte id and a row of (1 + k) doubles = 48 bytes: 4 x 48 = 224 bytes.
  CHECK(mf.size_bytes() - empty == 4 * (8 + 5 * 8));
  // The first rating is predicted from the empty model: the running mean 0.
  Batch first;
  first.user = {99};
  first.item = {98};
  first.label = {1};
  LearnerConfig zero_init = c;
  zero_init.mf_init_std = 0;  // so the first prediction is exactly mean + biases + 0 = 0
  BiasedMf fresh(zero_init);
  CHECK(fresh.learn_one(first, 0) == 0.0);
  // An unseen pair is predicted by the global mean alone: (4 + 3 + 5) / 3 = 4.
  CHECK(mf.predict(1000, 1000) == doctest::Approx(4.0));
}

namespace {

// The BiasedMF update as a plain loop over samples, written independently of model/learner/biased_mf.cpp
// (std::map ids, rows added in order of first appearance, user before item): the pipelined learn_many
// must make exactly these updates in this order.
struct ReferenceMf {
  explicit ReferenceMf(const LearnerConfig& c)
      : k(c.factors), lr(c.mf_learning_rate), l2(c.mf_l2), init_std(c.mf_init_std), rng(c.seed) {}
  int k;
  double lr, l2, init_std;
  Random rng;
  double mean = 0, seen = 0;
  std::map<std::uint64_t, std::size_t> user_rows, item_rows;
  std::vector<double> users, items;
  double* row(std::map<std::uint64_t, std::size_t>& index, std::vector<double>& params, std::uint64_t id) {
    auto [it, added] = index.emplace(id, index.size());
    const std::size_t stride = static_cast<std::size_t>(k) + 1;
    if (added) {
      params.push_back(0);
      for (int f = 0; f < k; ++f) params.push_back(rng.normal() * init_std);
    }
    return params.data() + it->second * stride;
  }
  double learn(std::uint64_t user, std::uint64_t item, double rating) {
    double* p = row(user_rows, users, user);
    double* q = row(item_rows, items, item);
    double dot = 0;
    for (int f = 1; f <= k; ++f) dot += p[f] * q[f];
    const double prediction = mean + p[0] + q[0] + dot;
    const double err = rating - prediction;
    seen += 1;
    mean += (rating - mean) / seen;
    p[0] += lr * (err - l2 * p[0]);
    q[0] += lr * (err - l2 * q[0]);
    for (int f = 1; f <= k; ++f) {
      const double pf = p[f], qf = q[f];
      p[f] = pf + lr * (err * qf - l2 * pf);
      q[f] = qf + lr * (err * pf - l2 * qf);
    }
    return prediction;
  }
};

}  // namespace

TEST_CASE("biased_mf learn_many makes the same updates in the same order as a plain loop, bit for bit") {
  // Zipf ids with many repeats inside the pipeline's look-ahead, and new ids throughout the stream.
  RatingStreamParams params;
  params.seed = 11;
  params.users = 5000;
  params.items = 3000;
  SyntheticRatingStream stream(params);
  LearnerConfig c;
  c.factors = 10;
  c.seed = 5;
  BiasedMf mf(c);
  ReferenceMf ref(c);
  Batch b;
  std::vector<double> pred;
  bool predictions_equal = true;
  for (std::size_t chunk : {1, 3, 17, 10000, 50000}) {
    b.clear();
    stream.next(b, chunk);
    pred.assign(b.size(), 0);
    mf.learn_many(b, pred);
    for (std::size_t s = 0; s < b.size(); ++s)
      predictions_equal &= ref.learn(b.user[s], b.item[s], b.label[s]) == pred[s];
  }
  CHECK(predictions_equal);
  const ModelImage img = mf.image();
  CHECK(table_values<double>(img.table("user_rows")) == ref.users);
  CHECK(table_values<double>(img.table("item_rows")) == ref.items);
  CHECK(mf.global_mean() == ref.mean);
  CHECK(mf.user_count() == ref.user_rows.size());
}

TEST_CASE("logistic regression reaches the Bayes accuracy on a planted click stream") {
  ClickStreamParams p;
  p.seed = 11;
  SyntheticClickStream stream(p);
  LearnerConfig c;
  c.feature_count = p.features;
  c.learning_rate = 0.01;
  auto lr = make_learner(LearnerKind::logistic, c);
  run_progressive(*lr, stream, 60000, 60000);
  const double bayes_before = stream.bayes_accuracy();
  ProgressiveMetric tail(Task::classification);
  Batch b;
  std::vector<double> pred;
  double bayes_correct = 0;
  for (int k = 0; k < 40; ++k) {
    b.clear();
    stream.next(b, 1000);
    pred.assign(b.size(), 0);
    lr->learn_many(b, pred);
    tail.add_many(pred, b.label);
    for (std::size_t i = 0; i < b.size(); ++i) {
      const double q = stream.probability(b.row(i));
      bayes_correct += std::max(q, 1 - q);
    }
  }
  const double bayes = bayes_correct / 40000;
  MESSAGE("logistic accuracy " << tail.accuracy() << ", Bayes " << bayes << " (first 60k: " << bayes_before
                               << ")");
  // Binomial standard error of an accuracy near 0.8 over 40,000 samples: 0.002; allow one point.
  CHECK(tail.accuracy() > bayes - 0.01);
  CHECK(tail.accuracy() < bayes + 0.01);
}

TEST_CASE("MLP regressor on clicks approaches the Brier floor") {
  ClickStreamParams p;
  p.seed = 12;
  SyntheticClickStream stream(p);
  LearnerConfig c;
  c.feature_count = p.features;
  c.hidden = {16};
  c.learning_rate = 0.001;
  auto mlp = make_learner(LearnerKind::mlp, c);
  const auto tail = run_progressive(*mlp, stream, 300000, 250000);
  // The floor: predicting P(click) exactly gives mean squared error E[p (1 - p)].
  const double floor_rmse = std::sqrt(stream.bayes_brier());
  // A constant predictor (the click rate c) has RMSE sqrt(c (1 - c)); with c near 0.3, about 0.46.
  MESSAGE("mlp RMSE " << tail.rmse() << ", Brier floor " << floor_rmse);
  CHECK(tail.rmse() < 1.03 * floor_rmse);
}

TEST_CASE("Hoeffding tree splits and approaches the Bayes accuracy on a click stream") {
  ClickStreamParams p;
  p.seed = 13;
  p.features = 4;
  SyntheticClickStream stream(p);
  LearnerConfig c;
  c.feature_count = p.features;
  HoeffdingTree tree(c);
  const auto tail = run_progressive(tree, stream, 100000, 70000);
  const double bayes = stream.bayes_accuracy();
  MESSAGE("tree accuracy " << tail.accuracy() << ", Bayes " << bayes << ", nodes " << tree.node_count()
                           << ", depth " << tree.depth());
  CHECK(tree.node_count() > 1);
  CHECK(tail.accuracy() > bayes - 0.03);
}

TEST_CASE("online learning beats a model frozen after pre-training when the stream drifts") {
  ClickStreamParams p;
  p.seed = 21;
  p.drift = 0.2;
  p.drift_every = 2000;
  SyntheticClickStream stream(p);
  LearnerConfig c;
  c.feature_count = p.features;
  auto online = make_learner(LearnerKind::logistic, c);
  run_progressive(*online, stream, 20000, 20000);
  const auto frozen = online->clone();
  ProgressiveMetric online_m(Task::classification), frozen_m(Task::classification);
  Batch b;
  std::vector<double> pred(1000), frozen_pred(1000);
  for (int k = 0; k < 40; ++k) {
    b.clear();
    stream.next(b, 1000);
    frozen->predict_many(b, frozen_pred);
    online->learn_many(b, pred);
    online_m.add_many(pred, b.label);
    frozen_m.add_many(frozen_pred, b.label);
  }
  MESSAGE("under drift: online accuracy " << online_m.accuracy() << ", frozen " << frozen_m.accuracy());
  // After 40,000 samples with 20 drift steps of 0.2, the planted weights have mostly been replaced
  // (correlation with the start sqrt(1 - 0.04)^20 = 0.67 at the end), so the frozen model falls behind.
  CHECK(online_m.accuracy() > frozen_m.accuracy() + 0.03);
}

TEST_CASE("online biased_mf beats a frozen one when the item factors drift") {
  auto params = planted_ratings();
  params.drift = 0.3;
  params.drift_every = 20000;
  SyntheticRatingStream stream(params);
  LearnerConfig c;
  c.factors = 5;
  BiasedMf online(c);
  run_progressive(online, stream, 400000, 400000);
  const BiasedMf frozen = online;
  ProgressiveMetric on(Task::regression), off(Task::regression);
  Batch b;
  std::vector<double> pred(1000), frozen_pred(1000);
  for (int k = 0; k < 200; ++k) {
    b.clear();
    stream.next(b, 1000);
    frozen.predict_many(b, frozen_pred);
    online.learn_many(b, pred);
    on.add_many(pred, b.label);
    off.add_many(frozen_pred, b.label);
  }
  MESSAGE("under drift: online RMSE " << on.rmse() << ", frozen " << off.rmse());
  CHECK(on.rmse() < off.rmse() - 0.05);
}

TEST_CASE("serialisation round-trips every learner bit for bit, and learning continues identically") {
  for (auto kind :
       {LearnerKind::biased_mf, LearnerKind::logistic, LearnerKind::hoeffding_tree, LearnerKind::mlp}) {
    CAPTURE(to_string(kind));
    LearnerConfig c;
    c.feature_count = 5;
    c.ht_grace_period = 50;
    c.hidden = {8, 4};
    std::unique_ptr<SampleStream> stream;
    if (kind == LearnerKind::biased_mf) {
      RatingStreamParams p;
      p.users = 200;
      p.items = 100;
      stream = std::make_unique<SyntheticRatingStream>(p);
    } else {
      ClickStreamParams p;
      p.features = 5;
      stream = std::make_unique<SyntheticClickStream>(p);
    }
    auto model = make_learner(kind, c);
    Batch b;
    stream->next(b, 3000);
    model->learn_many(b, {});
    const auto bytes = serialize(*model);
    CHECK(bytes.size() == model->size_bytes());
    auto copy = deserialize(bytes);
    CHECK(copy->kind() == kind);
    CHECK(serialize(*copy) == bytes);
    Batch next;
    stream->next(next, 2000);
    std::vector<double> p1(next.size()), p2(next.size());
    model->predict_many(next, p1);
    copy->predict_many(next, p2);
    CHECK(std::memcmp(p1.data(), p2.data(), p1.size() * sizeof(double)) == 0);
    model->learn_many(next, p1);
    copy->learn_many(next, p2);
    CHECK(std::memcmp(p1.data(), p2.data(), p1.size() * sizeof(double)) == 0);
    CHECK(serialize(*copy) == serialize(*model));
  }
}

TEST_CASE("a truncated or foreign model image is a RunError, not a crash") {
  LearnerConfig c;
  BiasedMf mf(c);
  Batch b;
  b.user = {1, 2};
  b.item = {3, 4};
  b.label = {5, 1};
  mf.learn_many(b, {});
  auto bytes = serialize(mf);
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    CAPTURE(cut);
    std::vector<std::uint8_t> truncated(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut));
    CHECK_THROWS_AS(deserialize(truncated), RunError);
  }
  auto bad_magic = bytes;
  bad_magic[0] = 'X';
  CHECK_THROWS_WITH_AS(deserialize(bad_magic), "not a breakeven model image (bad magic bytes)", RunError);
  auto image = decode_image(bytes);
  image.kind = "logistic";
  LearnerConfig lc;
  auto lr = make_learner(LearnerKind::logistic, lc);
  CHECK_THROWS_AS(lr->load_image(decode_image(bytes)), RunError);
}

TEST_CASE("unknown learner names get a suggestion") {
  CHECK_THROWS_AS(parse_learner_kind("hoeffding"), InputError);
  try {
    parse_learner_kind("logistics");
  } catch (const InputError& e) {
    CHECK(e.diagnostics().front().message ==
          "unknown learner 'logistics' (did you mean 'logistic'?); expected one of biased_mf, logistic, "
          "hoeffding_tree, mlp");
  }
}

TEST_CASE("corrupt model images give a RunError or a valid model, never a crash") {
  // Byte flips at pseudo-random places of each learner's image (fixed seed): decoding must either
  // succeed or throw RunError; a corrupt size or count must be caught before any allocation or cast.
  for (auto kind :
       {LearnerKind::biased_mf, LearnerKind::logistic, LearnerKind::hoeffding_tree, LearnerKind::mlp}) {
    CAPTURE(to_string(kind));
    LearnerConfig c;
    c.feature_count = 3;
    c.ht_grace_period = 20;
    c.ht_adaptive = kind == LearnerKind::hoeffding_tree;  // the adaptive layout covers the plain one
    c.hidden = {4};
    auto model = make_learner(kind, c);
    Batch b;
    if (kind == LearnerKind::biased_mf) {
      SyntheticRatingStream s(RatingStreamParams{});
      s.next(b, 500);
    } else {
      ClickStreamParams p;
      p.features = 3;
      SyntheticClickStream s(p);
      s.next(b, 500);
    }
    model->learn_many(b, {});
    const auto bytes = serialize(*model);
    Random rng(77);
    int rejected = 0;
    for (int trial = 0; trial < 300; ++trial) {
      auto bad = bytes;
      const auto at = static_cast<std::size_t>(rng.next_u64() % bad.size());
      bad[at] = static_cast<std::uint8_t>(rng.next_u64());
      try {
        auto m = deserialize(bad);
        std::vector<double> out(b.size());
        m->predict_many(b, out);
      } catch (const RunError&) {
        ++rejected;
      }
    }
    CHECK(rejected > 0);
  }
  // An absurd factor count in the config table.
  BiasedMf mf(LearnerConfig{});
  auto image = mf.image();
  std::vector<double> config = table_values<double>(image.table("config"));
  config[0] = 1e300;
  for (auto& t : image.tables)
    if (t.name == "config") t = make_table("config", 8, config);
  CHECK_THROWS_WITH_AS(
      learner_from_image(image),
      "model image is corrupt: biased_mf factors is not a whole number in the expected range", RunError);
}

TEST_CASE("the adaptive Hoeffding tree replaces subtrees after an abrupt drift and beats the plain tree") {
  // The planted weights are almost entirely redrawn at sample 60,000 (drift 0.999 once: the new weights
  // keep sqrt(1 - 0.998) = 4.5 % of the old ones).
  ClickStreamParams p;
  p.seed = 31;
  p.features = 4;
  p.drift = 0.999;
  p.drift_every = 60000;
  LearnerConfig c;
  c.feature_count = p.features;
  HoeffdingTree plain(c);
  c.ht_adaptive = true;
  HoeffdingTree adaptive(c);
  SyntheticClickStream s1(p), s2(p);
  const auto plain_before = run_progressive(plain, s1, 60000, 30000);
  const auto adaptive_before = run_progressive(adaptive, s2, 60000, 30000);
  MESSAGE("before the drift: adaptive accuracy " << adaptive_before.accuracy() << ", plain "
                                                 << plain_before.accuracy());
  CHECK(adaptive_before.accuracy() > plain_before.accuracy() - 0.01);  // no cost on a stationary stream
  const auto plain_after = run_progressive(plain, s1, 60000, 0);
  const auto adaptive_after = run_progressive(adaptive, s2, 60000, 0);
  MESSAGE("after the drift: adaptive accuracy "
          << adaptive_after.accuracy() << ", plain " << plain_after.accuracy() << "; replacements "
          << adaptive.replacements() << ", alternates " << adaptive.alternate_count() << ", nodes "
          << adaptive.node_count() << " vs " << plain.node_count());
  CHECK(adaptive.replacements() >= 1);
  CHECK(adaptive_after.accuracy() > plain_after.accuracy() + 0.02);
  // Exact round trip with ADWIN state and alternates.
  const auto bytes = serialize(adaptive);
  auto copy = deserialize(bytes);
  CHECK(serialize(*copy) == bytes);
  Batch b;
  s2.next(b, 3000);
  std::vector<double> p1(b.size()), p2(b.size());
  adaptive.learn_many(b, p1);
  copy->learn_many(b, p2);
  CHECK(p1 == p2);
  CHECK(serialize(*copy) == serialize(adaptive));
}
