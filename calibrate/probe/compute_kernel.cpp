#include "calibrate/probe/compute_kernel.h"

#include <array>
#include <chrono>
#include <vector>

#include "calibrate/random.h"

namespace breakeven::calibrate {

namespace {

// Sizes of a small MovieLens-like problem: enough users and items that the factor tables
// (4 x 2,000 x 10 doubles = 0.64 MB) do not fit in L1, as in a real recommender; rank 10 as in River's
// BiasedMF tutorial.
constexpr int kUsers = 2000;
constexpr int kItems = 2000;
constexpr int kRank = 10;
constexpr double kLearningRate = 0.01;
constexpr double kRegularisation = 0.02;

using Factors = std::array<double, kRank>;

}  // namespace

ComputeResult run_training_batch(std::int64_t n_samples, std::uint64_t seed) {
  SplitMix64 rng(seed);
  // Hidden "true" factors that generate the ratings, and the learner's own factors and biases.
  std::vector<Factors> true_user(kUsers), true_item(kItems), user(kUsers), item(kItems);
  for (auto* table : {&true_user, &true_item})
    for (auto& f : *table)
      for (double& x : f) x = rng.normal() * 0.5;
  for (auto* table : {&user, &item})
    for (auto& f : *table)
      for (double& x : f) x = rng.normal() * 0.1;
  std::vector<double> user_bias(kUsers, 0.0), item_bias(kItems, 0.0);
  double global_mean = 3.5;

  ComputeResult result;
  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t s = 0; s < n_samples; ++s) {
    const auto u = static_cast<std::size_t>(rng.below(kUsers));
    const auto i = static_cast<std::size_t>(rng.below(kItems));
    double rating = 3.5 + 0.3 * rng.normal();
    for (int k = 0; k < kRank; ++k) rating += true_user[u][k] * true_item[i][k];

    double prediction = global_mean + user_bias[u] + item_bias[i];
    for (int k = 0; k < kRank; ++k) prediction += user[u][k] * item[i][k];
    const double error = rating - prediction;
    result.checksum += error * error;

    // One SGD step on the squared error with L2 regularisation, biases included (Koren, Bell and Volinsky,
    // "Matrix factorization techniques for recommender systems", IEEE Computer 2009).
    global_mean += kLearningRate * 0.1 * error;
    user_bias[u] += kLearningRate * (error - kRegularisation * user_bias[u]);
    item_bias[i] += kLearningRate * (error - kRegularisation * item_bias[i]);
    for (int k = 0; k < kRank; ++k) {
      const double pu = user[u][k];
      const double qi = item[i][k];
      user[u][k] += kLearningRate * (error * qi - kRegularisation * pu);
      item[i][k] += kLearningRate * (error * pu - kRegularisation * qi);
    }
  }
  const auto stop = std::chrono::steady_clock::now();
  result.seconds = std::chrono::duration<double>(stop - start).count();
  return result;
}

}  // namespace breakeven::calibrate
