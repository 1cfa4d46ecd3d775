// Biased matrix factorisation (Koren, Bell, Volinsky 2009, eq. 5) learned by SGD with L2, as River's
// BiasedMF: rating ~ global_mean + b_user + b_item + <p_user, q_item>. Users and items never seen
// before get a row on the fly, so the model grows with the stream.
//
// Speed: each side's parameters are one contiguous row-major array with rows [bias, f_1..f_k]; ids map to
// rows through IdIndex. learn_many is a pipeline: it prefetches the id-index entries of the sample
// kIndexAhead positions ahead, looks up the ids kRowAhead ahead and prefetches both rows, and runs the
// (inlined) update of the current sample, since at 100,000 x 50,000 the arrays exceed the caches and
// each update is bound by two row fetches. New ids get their rows at update time, in sample order, so
// learn_many makes the same updates in the same order as learn_one sample by sample.
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
  // Row numbers of a sample, adding rows for new ids (user first, then item).
  std::int32_t user_row(std::uint64_t user);
  std::int32_t item_row(std::uint64_t item);
  // One SGD step on a user row and an item row; returns the prediction before it.
  double step(double* pu, double* qi, double rating);
  void prefetch_row(const std::vector<double>& params, std::int32_t row) const;
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
