// Logistic regression on dense features: mini-batch SGD or Adam (Kingma and Ba 2015) on the log loss
// with L2, inputs optionally standardised by statistics learned online.
#pragma once

#include <Eigen/Dense>

#include "model/learner/learner.h"
#include "model/learner/standardizer.h"

namespace breakeven {

class LogisticRegression final : public Learner {
 public:
  explicit LogisticRegression(const LearnerConfig& config);
  LearnerKind kind() const override { return LearnerKind::logistic; }
  Task task() const override { return Task::classification; }
  double learn_one(const Batch& batch, std::size_t i) override;
  void learn_many(const Batch& batch, std::span<double> predictions_before) override;
  double predict_one(const Batch& batch, std::size_t i) const override;
  ModelImage image() const override;
  void load_image(const ModelImage& image) override;
  std::unique_ptr<Learner> clone() const override { return std::make_unique<LogisticRegression>(*this); }

 private:
  // Predicts rows [begin, end), then takes one gradient step on them.
  void learn_chunk(const Batch& b, std::size_t begin, std::size_t end, double* predictions_before);
  void prepare(const double* x, double* out) const;

  std::size_t d_;
  double lr_, l2_;
  bool adam_, standardize_;
  std::size_t minibatch_;
  Eigen::VectorXd w_;      // d weights followed by the intercept
  Eigen::VectorXd m_, v_;  // Adam moments
  double steps_ = 0;
  RunningStandardizer scaler_;
  Eigen::MatrixXd x_scratch_;  // chunk inputs, reused to avoid allocation per step
};

}  // namespace breakeven
