// Biased matrix factorisation (Koren, Bell, Volinsky 2009, eq. 5) learned by SGD with L2, as River's
// BiasedMF: rating ~ global_mean + b_user + b_item + <p_user, q_item>. Users and items never seen
// before get a row on the fly, so the model grows with the stream.
//
// Speed: each side's parameters are one contiguous row-major array with rows [bias, f_1..f_k]; ids map to
// rows through IdIndex; learn_many prefetches the rows of samples a few positions ahead, since at
// 100,000 x 50,000 the arrays exceed the caches and each update is bound by two row fetches.
#pragma once

#include "model/learner/id_index.h"
#include "model/learner/learner.h"
#include "model/learner/random.h"

namespace breakeven {

class BiasedMf final : public Learner {
 public:
  explicit BiasedMf(const LearnerConfig& config);
  LearnerKind kind() const override { return LearnerKind::biased_mf; }
  Task task() const override { return Task::regression; }
  double learn_one(const Batch& batch, std::size_t i) override;
  void learn_many(const Batch& batch, std::span<double> predictions_before) override;
  double predict_one(const Batch& batch, std::size_t i) const override;
  void predict_many(const Batch& batch, std::span<double> out) const override;
  ModelImage image() const override;
  void load_image(const ModelImage& image) override;
  std::unique_ptr<Learner> clone() const override { return std::make_unique<BiasedMf>(*this); }

  double predict(std::uint64_t user, std::uint64_t item) const;
  std::size_t user_count() const { return users_.size(); }
  std::size_t item_count() const { return items_.size(); }
  double global_mean() const { return mean_; }
  // Reserves rows so a stream of known size allocates nothing while learning.
  void reserve(std::size_t users, std::size_t items);

 private:
  double update(std::uint64_t user, std::uint64_t item, double rating);
  double* add_row(std::vector<double>& params);

  int k_;
  std::size_t stride_;  // k + 1
  double lr_, l2_, init_std_;
  std::uint64_t seed_;
  Random rng_;
  double mean_ = 0;  // running mean of ratings seen
  double seen_ = 0;  // ratings seen (double so the image stays one type)
  IdIndex users_, items_;
  std::vector<double> user_params_, item_params_;  // rows [bias, factors...]
};

}  // namespace breakeven
