// Deterministic synthetic streams with planted ground truth and drift, for tests and default profiles.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/learner/random.h"
#include "model/stream/sample_stream.h"
#include "model/stream/zipf.h"

namespace breakeven {

// MovieLens-like ratings: rating = global_mean + b_user + b_item + <p_user, q_item> + noise, with user and
// item popularity following power laws, and item factors drifting over time:
// every drift_every samples, q <- sqrt(1 - drift^2) q + drift * N(0, factor_std^2) (stationary variance).
struct RatingStreamParams {
  std::uint64_t seed = 1;
  std::size_t users = 10000;
  std::size_t items = 5000;
  int factors = 10;                 // planted k
  double user_exponent = 0.8;       // Zipf exponent of user popularity
  double item_exponent = 1.0;       // Zipf exponent of item popularity
  double global_mean = 3.5;         // MovieLens 25M mean rating is about 3.53 (GroupLens README statistics)
  double bias_std = 0.3;            // planted user and item bias standard deviation
  double factor_std = 0.3;          // planted factor component standard deviation
  double noise_std = 0.5;           // Gaussian noise: the RMSE floor of a perfect model
  double drift = 0.0;               // fraction of factor replaced per drift step (0 = no drift)
  std::size_t drift_every = 10000;  // samples between drift steps
};

class SyntheticRatingStream final : public SampleStream {
 public:
  explicit SyntheticRatingStream(const RatingStreamParams& p);
  std::size_t next(Batch& out, std::size_t n) override;
  std::size_t feature_count() const override { return 0; }
  std::string describe() const override;
  const RatingStreamParams& params() const { return p_; }
  // The noise-free planted rating (what a perfect model would predict) at the current drift state.
  double planted_rating(std::uint64_t user, std::uint64_t item) const;

 private:
  void drift_step();
  RatingStreamParams p_;
  Random rng_;
  ZipfSampler user_pick_, item_pick_;
  std::vector<double> user_bias_, item_bias_, user_factors_, item_factors_;
  std::uint64_t emitted_ = 0;
};

// Click stream: x ~ N(0, 1)^d, P(click) = sigmoid(w . x + intercept), planted w ~ N(0, weight_std^2 / d)
// drifting as the rating factors do.
struct ClickStreamParams {
  std::uint64_t seed = 1;
  std::size_t features = 13;  // Criteo has 13 integer features
  double weight_std = 3.0;    // signal strength: std of w . x
  double intercept = -1.0;    // sigmoid(-1) = 0.27, near Criteo's ~0.26 click rate (Criteo Labs 2014)
  double drift = 0.0;
  std::size_t drift_every = 10000;
  bool label_is_probability = false;  // emit P(click) instead of the 0/1 click (a regression target)
};

class SyntheticClickStream final : public SampleStream {
 public:
  explicit SyntheticClickStream(const ClickStreamParams& p);
  std::size_t next(Batch& out, std::size_t n) override;
  std::size_t feature_count() const override { return p_.features; }
  std::string describe() const override;
  // Mean of max(p, 1 - p) over the samples emitted so far: the accuracy of the Bayes classifier.
  double bayes_accuracy() const { return emitted_ ? bayes_correct_ / static_cast<double>(emitted_) : 0; }
  // Mean of p (1 - p): the squared error of predicting p exactly (the Brier floor).
  double bayes_brier() const { return emitted_ ? bayes_brier_ / static_cast<double>(emitted_) : 0; }
  double probability(const double* x) const;

 private:
  void drift_step();
  ClickStreamParams p_;
  Random rng_;
  std::vector<double> weights_;
  std::uint64_t emitted_ = 0;
  double bayes_correct_ = 0, bayes_brier_ = 0;
};

// Builds a stream from KEY=VALUE settings (`--synthetic kind=ratings users=1000 ...`); throws InputError
// naming an unknown key (with a suggestion) or a bad value.
std::unique_ptr<SampleStream> make_synthetic_stream(const std::vector<std::string>& settings);
// The keys accepted for each kind, for messages and docs.
std::vector<std::string> synthetic_keys(bool ratings);

}  // namespace breakeven
