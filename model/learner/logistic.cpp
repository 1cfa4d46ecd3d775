#include "model/learner/logistic.h"

#include <cmath>

#include "model/diagnostics.h"

namespace breakeven {

namespace {
constexpr std::uint32_t kLayoutVersion = 1;
// Adam constants from Kingma and Ba (2015), section 2: beta1 0.9, beta2 0.999, epsilon 1e-8.
constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kAdamEps = 1e-8;

double sigmoid(double z) {
  return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z));
}

std::vector<double> to_vector(const Eigen::VectorXd& v) {
  return std::vector<double>(v.data(), v.data() + v.size());
}
Eigen::VectorXd from_vector(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}
}  // namespace

LogisticRegression::LogisticRegression(const LearnerConfig& c)
    : d_(c.feature_count),
      lr_(c.learning_rate),
      l2_(c.l2),
      adam_(c.adam),
      standardize_(c.standardize),
      minibatch_(c.minibatch == 0 ? 1 : c.minibatch),
      w_(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(c.feature_count + 1))),
      m_(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(c.feature_count + 1))),
      v_(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(c.feature_count + 1))),
      scaler_(c.feature_count) {}

void LogisticRegression::prepare(const double* x, double* out) const {
  if (standardize_) {
    scaler_.apply(x, out);
  } else {
    for (std::size_t j = 0; j < d_; ++j) out[j] = x[j];
  }
  out[d_] = 1.0;  // intercept input
}

double LogisticRegression::predict_one(const Batch& b, std::size_t i) const {
  require_dense(b, d_, "logistic");
  Eigen::VectorXd x(static_cast<Eigen::Index>(d_ + 1));
  prepare(b.row(i), x.data());
  return sigmoid(w_.dot(x));
}

void LogisticRegression::learn_chunk(const Batch& b, std::size_t begin, std::size_t end,
                                     double* predictions_before) {
  const auto n = static_cast<Eigen::Index>(end - begin);
  const auto cols = static_cast<Eigen::Index>(d_ + 1);
  if (x_scratch_.rows() != cols || x_scratch_.cols() < n)
    x_scratch_.resize(cols, std::max<Eigen::Index>(n, 1));
  // Predictions first (progressive validation), with the statistics as they were before this chunk.
  for (Eigen::Index r = 0; r < n; ++r)
    prepare(b.row(begin + static_cast<std::size_t>(r)), x_scratch_.col(r).data());
  Eigen::VectorXd residual(n);
  for (Eigen::Index r = 0; r < n; ++r) {
    const double p = sigmoid(w_.dot(x_scratch_.col(r)));
    if (predictions_before) predictions_before[r] = p;
    residual[r] = p - b.label[begin + static_cast<std::size_t>(r)];
  }
  // Gradient of the mean log loss plus L2 on the weights (not on the intercept).
  Eigen::VectorXd grad = x_scratch_.leftCols(n) * residual / static_cast<double>(n);
  grad.head(static_cast<Eigen::Index>(d_)) += l2_ * w_.head(static_cast<Eigen::Index>(d_));
  if (adam_) {
    steps_ += 1;
    m_ = kBeta1 * m_ + (1 - kBeta1) * grad;
    v_ = kBeta2 * v_ + (1 - kBeta2) * grad.cwiseProduct(grad);
    const double c1 = 1 - std::pow(kBeta1, steps_), c2 = 1 - std::pow(kBeta2, steps_);
    w_.array() -= lr_ * (m_.array() / c1) / ((v_.array() / c2).sqrt() + kAdamEps);
  } else {
    steps_ += 1;
    w_ -= lr_ * grad;
  }
  if (standardize_)
    for (std::size_t s = begin; s < end; ++s) scaler_.observe(b.row(s));
}

double LogisticRegression::learn_one(const Batch& b, std::size_t i) {
  require_dense(b, d_, "logistic");
  double p = 0;
  learn_chunk(b, i, i + 1, &p);
  return p;
}

void LogisticRegression::learn_many(const Batch& b, std::span<double> predictions_before) {
  require_dense(b, d_, "logistic");
  require_output(predictions_before, b.size(), true);
  for (std::size_t begin = 0; begin < b.size(); begin += minibatch_) {
    const std::size_t end = std::min(b.size(), begin + minibatch_);
    learn_chunk(b, begin, end, predictions_before.empty() ? nullptr : predictions_before.data() + begin);
  }
}

ModelImage LogisticRegression::image() const {
  ModelImage img;
  img.kind = "logistic";
  img.kind_version = kLayoutVersion;
  std::vector<double> config = {
      static_cast<double>(d_),         lr_,   l2_, adam_ ? 1.0 : 0.0, standardize_ ? 1.0 : 0.0,
      static_cast<double>(minibatch_), steps_};
  img.tables.push_back(make_table("config", 8, config));
  const auto row = static_cast<std::uint32_t>((d_ + 1) * sizeof(double));
  img.tables.push_back(make_table("weights", row, to_vector(w_)));
  img.tables.push_back(make_table("adam_m", row, to_vector(m_)));
  img.tables.push_back(make_table("adam_v", row, to_vector(v_)));
  img.tables.push_back(make_table("scaler", 8, scaler_.state()));
  return img;
}

void LogisticRegression::load_image(const ModelImage& img) {
  if (img.kind != "logistic" || img.kind_version != kLayoutVersion)
    throw RunError("not a logistic image of layout " + std::to_string(kLayoutVersion));
  const auto c = table_values<double>(img.table("config"));
  if (c.size() != 7) throw RunError("logistic image: config table has the wrong size");
  d_ = static_cast<std::size_t>(checked_count(c[0], 0, 1e7, "logistic feature count"));
  lr_ = c[1];
  l2_ = c[2];
  adam_ = c[3] != 0;
  standardize_ = c[4] != 0;
  minibatch_ = static_cast<std::size_t>(checked_count(c[5], 1, 1e9, "logistic mini-batch"));
  steps_ = c[6];
  w_ = from_vector(table_values<double>(img.table("weights")));
  m_ = from_vector(table_values<double>(img.table("adam_m")));
  v_ = from_vector(table_values<double>(img.table("adam_v")));
  const auto n = static_cast<Eigen::Index>(d_ + 1);
  if (w_.size() != n || m_.size() != n || v_.size() != n ||
      !scaler_.load_state(table_values<double>(img.table("scaler")), d_))
    throw RunError("logistic image: tables disagree with the feature count");
  x_scratch_.resize(0, 0);
}

}  // namespace breakeven
