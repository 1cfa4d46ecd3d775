// Samples learned per second by each embedded learner at representative sizes, and the cost of model
// deltas. Figures are reported in docs/performance.md. The data are generated before timing; each
// model is pre-trained so every row exists (steady state, no growth inside the timed loop).
#include <benchmark/benchmark.h>

#include "model/learner/biased_mf.h"
#include "model/learner/delta.h"
#include "model/learner/learner.h"
#include "model/stream/synthetic.h"

namespace {

using namespace breakeven;

constexpr std::size_t kChunk = 10000;  // samples per learn_many call: the thesis's batch size

// MovieLens-like ratings over `users` x `items` with the default power laws.
Batch rating_data(std::size_t users, std::size_t items, std::size_t n) {
  RatingStreamParams p;
  p.users = users;
  p.items = items;
  p.seed = 1;
  SyntheticRatingStream s(p);
  Batch b;
  s.next(b, n);
  return b;
}

Batch click_data(std::size_t n) {
  ClickStreamParams p;
  p.seed = 1;
  SyntheticClickStream s(p);
  Batch b;
  s.next(b, n);
  return b;
}

// Rows [begin, begin + n) of a batch as a batch of their own.
Batch slice(const Batch& b, std::size_t begin, std::size_t n) {
  Batch out;
  for (std::size_t i = begin; i < begin + n; ++i) out.push_from(b, i);
  return out;
}

// Uniform user and item draws: every update misses the caches (the worst case for memory latency).
Batch uniform_rating_data(std::size_t users, std::size_t items, std::size_t n) {
  RatingStreamParams p;
  p.users = users;
  p.items = items;
  p.user_exponent = 0;
  p.item_exponent = 0;
  p.seed = 2;
  SyntheticRatingStream s(p);
  Batch b;
  s.next(b, n);
  return b;
}

void run_learner(benchmark::State& state, Learner& learner, const Batch& warm, const Batch& data) {
  learner.learn_many(warm, {});
  std::vector<Batch> chunks;
  for (std::size_t at = 0; at + kChunk <= data.size(); at += kChunk)
    chunks.push_back(slice(data, at, kChunk));
  std::vector<double> pred(kChunk);
  std::size_t next = 0;
  for (auto _ : state) {
    learner.learn_many(chunks[next], pred);
    benchmark::DoNotOptimize(pred.data());
    next = (next + 1) % chunks.size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kChunk));
}

// BiasedMF, k = 10, 100,000 users x 50,000 items (the reference size), Zipf popularity.
void BM_BiasedMf_100kx50k_k10(benchmark::State& state) {
  const Batch warm = rating_data(100000, 50000, 3'000'000);
  const Batch data = rating_data(100000, 50000, 1'000'000);
  LearnerConfig c;
  c.factors = 10;
  BiasedMf mf(c);
  run_learner(state, mf, warm, data);
}
BENCHMARK(BM_BiasedMf_100kx50k_k10)->Unit(benchmark::kMillisecond);

// Same size with uniform popularity: every row fetch is a cache miss.
void BM_BiasedMf_100kx50k_k10_uniform(benchmark::State& state) {
  const Batch warm = uniform_rating_data(100000, 50000, 3'000'000);
  const Batch data = uniform_rating_data(100000, 50000, 1'000'000);
  LearnerConfig c;
  c.factors = 10;
  BiasedMf mf(c);
  run_learner(state, mf, warm, data);
}
BENCHMARK(BM_BiasedMf_100kx50k_k10_uniform)->Unit(benchmark::kMillisecond);

// A small model that fits in L1/L2: the FLOP-bound baseline for the two above.
void BM_BiasedMf_1kx500_k10(benchmark::State& state) {
  const Batch warm = uniform_rating_data(1000, 500, 200'000);
  const Batch data = uniform_rating_data(1000, 500, 200'000);
  LearnerConfig c;
  c.factors = 10;
  BiasedMf mf(c);
  run_learner(state, mf, warm, data);
}
BENCHMARK(BM_BiasedMf_1kx500_k10)->Unit(benchmark::kMillisecond);

// The reference the BiasedMF rows above are compared with: a minimal SGD loop over rows resolved to
// dense numbers before timing (no id index, no growth, no virtual call), with the same arithmetic and
// row layout and its own prefetch 8 samples ahead. BiasedMF's learn_many should be within 1.2x of it.
struct MinimalSgd {
  static constexpr int kFactors = 10;
  static constexpr std::size_t kStride = kFactors + 1;
  std::vector<double> users, items;
  std::vector<std::uint32_t> user_row, item_row;  // per sample
  std::vector<double> rating;
  double mean = 0, seen = 0, lr = 0.01, l2 = 0.02;

  MinimalSgd(const Batch& data, std::size_t n_users, std::size_t n_items) {
    std::vector<std::int64_t> user_of(n_users + 1, -1), item_of(n_items + 1, -1);
    std::size_t nu = 0, ni = 0;
    for (std::size_t s = 0; s < data.size(); ++s) {
      auto& u = user_of[data.user[s]];
      auto& i = item_of[data.item[s]];
      if (u < 0) u = static_cast<std::int64_t>(nu++);
      if (i < 0) i = static_cast<std::int64_t>(ni++);
      user_row.push_back(static_cast<std::uint32_t>(u));
      item_row.push_back(static_cast<std::uint32_t>(i));
      rating.push_back(data.label[s]);
    }
    users.assign(nu * kStride, 0.05);
    items.assign(ni * kStride, 0.05);
  }

  void learn(std::size_t begin, std::size_t n, double* out) {
    const std::size_t end = begin + n;
    for (std::size_t s = begin; s < end; ++s) {
      if (s + 8 < end) {
        __builtin_prefetch(users.data() + user_row[s + 8] * kStride, 1);
        __builtin_prefetch(users.data() + user_row[s + 8] * kStride + kStride - 1, 1);
        __builtin_prefetch(items.data() + item_row[s + 8] * kStride, 1);
        __builtin_prefetch(items.data() + item_row[s + 8] * kStride + kStride - 1, 1);
      }
      double* p = users.data() + user_row[s] * kStride;
      double* q = items.data() + item_row[s] * kStride;
      double dot = 0;
      for (std::size_t f = 1; f <= kFactors; ++f) dot += p[f] * q[f];
      const double prediction = mean + p[0] + q[0] + dot;
      const double err = rating[s] - prediction;
      seen += 1;
      mean += (rating[s] - mean) / seen;
      p[0] += lr * (err - l2 * p[0]);
      q[0] += lr * (err - l2 * q[0]);
      for (std::size_t f = 1; f <= kFactors; ++f) {
        const double pf = p[f], qf = q[f];
        p[f] = pf + lr * (err * qf - l2 * pf);
        q[f] = qf + lr * (err * pf - l2 * qf);
      }
      out[s - begin] = prediction;
    }
  }
};

void run_minimal(benchmark::State& state, const Batch& warm, const Batch& data) {
  Batch all = warm;
  for (std::size_t i = 0; i < data.size(); ++i) all.push_from(data, i);
  MinimalSgd sgd(all, 100000, 50000);
  std::vector<double> pred(kChunk);
  sgd.learn(0, warm.size(), std::vector<double>(warm.size()).data());
  const std::size_t chunks = data.size() / kChunk;
  std::size_t next = 0;
  for (auto _ : state) {
    sgd.learn(warm.size() + next * kChunk, kChunk, pred.data());
    benchmark::DoNotOptimize(pred.data());
    next = (next + 1) % chunks;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kChunk));
}

void BM_MinimalSgd_100kx50k_k10(benchmark::State& state) {
  run_minimal(state, rating_data(100000, 50000, 3'000'000), rating_data(100000, 50000, 1'000'000));
}
BENCHMARK(BM_MinimalSgd_100kx50k_k10)->Unit(benchmark::kMillisecond);

void BM_MinimalSgd_100kx50k_k10_uniform(benchmark::State& state) {
  run_minimal(state, uniform_rating_data(100000, 50000, 3'000'000),
              uniform_rating_data(100000, 50000, 1'000'000));
}
BENCHMARK(BM_MinimalSgd_100kx50k_k10_uniform)->Unit(benchmark::kMillisecond);

void BM_Dense(benchmark::State& state, LearnerKind kind) {
  const Batch warm = click_data(50000);
  const Batch data = click_data(100000);
  LearnerConfig c;
  c.feature_count = 13;
  auto learner = make_learner(kind, c);
  run_learner(state, *learner, warm, data);
}
BENCHMARK_CAPTURE(BM_Dense, logistic, LearnerKind::logistic)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Dense, mlp_32, LearnerKind::mlp)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Dense, hoeffding_tree, LearnerKind::hoeffding_tree)->Unit(benchmark::kMillisecond);

// The Hoeffding Adaptive Tree: one ADWIN update per node on the sample's path, plus alternates.
void BM_HoeffdingAdaptiveTree(benchmark::State& state) {
  const Batch warm = click_data(50000);
  const Batch data = click_data(100000);
  LearnerConfig c;
  c.feature_count = 13;
  c.ht_adaptive = true;
  auto learner = make_learner(LearnerKind::hoeffding_tree, c);
  run_learner(state, *learner, warm, data);
}
BENCHMARK(BM_HoeffdingAdaptiveTree)->Unit(benchmark::kMillisecond);

// Delta of one 10,000-rating batch against the model before it, at the reference size.
void BM_BiasedMf_DeltaEncode(benchmark::State& state) {
  const Batch warm = rating_data(100000, 50000, 3'000'000);
  LearnerConfig c;
  BiasedMf mf(c);
  mf.learn_many(warm, {});
  const ModelImage base = mf.image();
  mf.learn_many(rating_data(100000, 50000, kChunk), {});
  const ModelImage current = mf.image();
  DeltaStats stats;
  for (auto _ : state) benchmark::DoNotOptimize(encode_delta(base, current, kDefaultDeltaZstdLevel, &stats));
  state.counters["model_bytes"] = static_cast<double>(encode_image(current).size());
  state.counters["delta_bytes"] = static_cast<double>(stats.compressed_bytes);
}
BENCHMARK(BM_BiasedMf_DeltaEncode)->Unit(benchmark::kMillisecond);

void BM_BiasedMf_DeltaDecode(benchmark::State& state) {
  const Batch warm = rating_data(100000, 50000, 3'000'000);
  LearnerConfig c;
  BiasedMf mf(c);
  mf.learn_many(warm, {});
  const ModelImage base = mf.image();
  mf.learn_many(rating_data(100000, 50000, kChunk), {});
  const auto delta = encode_delta(base, mf.image());
  for (auto _ : state) benchmark::DoNotOptimize(apply_delta(base, delta));
}
BENCHMARK(BM_BiasedMf_DeltaDecode)->Unit(benchmark::kMillisecond);

void BM_BiasedMf_Serialize(benchmark::State& state) {
  LearnerConfig c;
  BiasedMf mf(c);
  mf.learn_many(rating_data(100000, 50000, 3'000'000), {});
  for (auto _ : state) benchmark::DoNotOptimize(serialize(mf));
}
BENCHMARK(BM_BiasedMf_Serialize)->Unit(benchmark::kMillisecond);

}  // namespace
BENCHMARK_MAIN();
