// Multi-layer perceptron regressor: one or two ReLU hidden layers, a linear output, squared loss,
// mini-batch Adam; inputs optionally standardised online. All parameters live in one flat vector
// (layer by layer: weights column-major, then biases), so Adam and serialisation treat them as one.
#pragma once

#include <Eigen/Dense>

#include "model/learner/learner.h"
#include "model/learner/random.h"
#include "model/learner/standardizer.h"

namespace breakeven {

class MlpRegressor final : public Learner {
 public:
  explicit MlpRegressor(const LearnerConfig& config);
  LearnerKind kind() const override { return LearnerKind::mlp; }
  Task task() const override { return Task::regression; }
  double learn_one(const Batch& batch, std::size_t i) override;
  void learn_many(const Batch& batch, std::span<double> predictions_before) override;
  double predict_one(const Batch& batch, std::size_t i) const override;
  void predict_many(const Batch& batch, std::span<double> out) const override;
  ModelImage image() const override;
  void load_image(const ModelImage& image) override;
  std::unique_ptr<Learner> clone() const override { return std::make_unique<MlpRegressor>(*this); }
  std::size_t parameter_count() const { return static_cast<std::size_t>(theta_.size()); }

 private:
  struct Layer {
    Eigen::Index in, out, w_offset, b_offset;
  };
  void build_layers();
  void inputs(const Batch& b, std::size_t begin, std::size_t end, Eigen::MatrixXd& x) const;
  // Forward pass on the columns of x; fills activations_ (one matrix per layer, input first).
  void forward(const Eigen::MatrixXd& x, std::vector<Eigen::MatrixXd>& activations) const;
  void learn_chunk(const Batch& b, std::size_t begin, std::size_t end, double* predictions_before);

  std::size_t d_;
  std::vector<int> hidden_;
  double lr_, l2_;
  bool standardize_;
  std::size_t minibatch_;
  std::vector<Layer> layers_;
  Eigen::VectorXd theta_, m_, v_;
  double steps_ = 0;
  RunningStandardizer scaler_;
  std::vector<Eigen::MatrixXd> acts_;  // scratch, reused between chunks
  Eigen::MatrixXd x_;
};

}  // namespace breakeven
