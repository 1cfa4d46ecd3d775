#include "model/learner/mlp.h"

#include <cmath>

#include "model/diagnostics.h"

namespace breakeven {

namespace {
constexpr std::uint32_t kLayoutVersion = 1;
constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kAdamEps = 1e-8;  // Kingma and Ba (2015), section 2
}  // namespace

MlpRegressor::MlpRegressor(const LearnerConfig& c)
    : d_(c.feature_count),
      hidden_(c.hidden),
      lr_(c.learning_rate),
      l2_(c.l2),
      standardize_(c.standardize),
      minibatch_(c.minibatch == 0 ? 1 : c.minibatch),
      scaler_(c.feature_count) {
  if (hidden_.empty() || hidden_.size() > 2) throw RunError("mlp: one or two hidden layers are supported");
  for (int h : hidden_)
    if (h < 1 || h > 4096) throw RunError("mlp: hidden layer widths must be between 1 and 4096");
  build_layers();
  theta_ = Eigen::VectorXd::Zero(layers_.back().b_offset + 1);
  m_ = Eigen::VectorXd::Zero(theta_.size());
  v_ = Eigen::VectorXd::Zero(theta_.size());
  // He initialisation (He et al. 2015) for ReLU layers: N(0, 2 / fan_in); biases 0.
  Random rng(c.seed);
  for (const auto& l : layers_) {
    const double scale = std::sqrt(2.0 / static_cast<double>(l.in));
    for (Eigen::Index j = 0; j < l.in * l.out; ++j) theta_[l.w_offset + j] = rng.normal() * scale;
  }
}

void MlpRegressor::build_layers() {
  layers_.clear();
  Eigen::Index in = static_cast<Eigen::Index>(d_), offset = 0;
  std::vector<int> widths = hidden_;
  widths.push_back(1);
  for (int w : widths) {
    Layer l{in, w, offset, offset + in * w};
    offset = l.b_offset + w;
    layers_.push_back(l);
    in = w;
  }
}

void MlpRegressor::inputs(const Batch& b, std::size_t begin, std::size_t end, Eigen::MatrixXd& x) const {
  const auto n = static_cast<Eigen::Index>(end - begin);
  x.resize(static_cast<Eigen::Index>(d_), n);
  for (Eigen::Index r = 0; r < n; ++r) {
    const double* row = b.row(begin + static_cast<std::size_t>(r));
    if (standardize_) {
      scaler_.apply(row, x.col(r).data());
    } else {
      for (std::size_t j = 0; j < d_; ++j) x(static_cast<Eigen::Index>(j), r) = row[j];
    }
  }
}

void MlpRegressor::forward(const Eigen::MatrixXd& x, std::vector<Eigen::MatrixXd>& a) const {
  a.resize(layers_.size() + 1);
  a[0] = x;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const auto& L = layers_[l];
    Eigen::Map<const Eigen::MatrixXd> w(theta_.data() + L.w_offset, L.out, L.in);
    Eigen::Map<const Eigen::VectorXd> bias(theta_.data() + L.b_offset, L.out);
    a[l + 1].noalias() = w * a[l];
    a[l + 1].colwise() += bias;
    if (l + 1 < layers_.size()) a[l + 1] = a[l + 1].cwiseMax(0.0);  // ReLU on hidden layers
  }
}

double MlpRegressor::predict_one(const Batch& b, std::size_t i) const {
  require_dense(b, d_, "mlp");
  Eigen::MatrixXd x;
  inputs(b, i, i + 1, x);
  std::vector<Eigen::MatrixXd> a;
  forward(x, a);
  return a.back()(0, 0);
}

void MlpRegressor::predict_many(const Batch& b, std::span<double> out) const {
  require_dense(b, d_, "mlp");
  require_output(out, b.size(), false);
  Eigen::MatrixXd x;
  std::vector<Eigen::MatrixXd> a;
  for (std::size_t begin = 0; begin < b.size(); begin += minibatch_) {
    const std::size_t end = std::min(b.size(), begin + minibatch_);
    inputs(b, begin, end, x);
    forward(x, a);
    for (std::size_t s = begin; s < end; ++s) out[s] = a.back()(0, static_cast<Eigen::Index>(s - begin));
  }
}

void MlpRegressor::learn_chunk(const Batch& b, std::size_t begin, std::size_t end,
                               double* predictions_before) {
  const auto n = static_cast<Eigen::Index>(end - begin);
  inputs(b, begin, end, x_);
  forward(x_, acts_);
  // d(mean squared loss / 2)/d(output) = (output - y) / n.
  Eigen::MatrixXd delta(1, n);
  for (Eigen::Index r = 0; r < n; ++r) {
    const double out = acts_.back()(0, r);
    if (predictions_before) predictions_before[r] = out;
    delta(0, r) = (out - b.label[begin + static_cast<std::size_t>(r)]) / static_cast<double>(n);
  }
  Eigen::VectorXd grad = Eigen::VectorXd::Zero(theta_.size());
  for (std::size_t l = layers_.size(); l-- > 0;) {
    const auto& L = layers_[l];
    Eigen::Map<Eigen::MatrixXd> gw(grad.data() + L.w_offset, L.out, L.in);
    Eigen::Map<Eigen::VectorXd> gb(grad.data() + L.b_offset, L.out);
    Eigen::Map<const Eigen::MatrixXd> w(theta_.data() + L.w_offset, L.out, L.in);
    gw.noalias() = delta * acts_[l].transpose();
    gw += l2_ * w;
    gb = delta.rowwise().sum();
    if (l > 0) {
      Eigen::MatrixXd back = w.transpose() * delta;
      delta = back.cwiseProduct((acts_[l].array() > 0).cast<double>().matrix());  // ReLU derivative
    }
  }
  steps_ += 1;
  m_ = kBeta1 * m_ + (1 - kBeta1) * grad;
  v_ = kBeta2 * v_ + (1 - kBeta2) * grad.cwiseProduct(grad);
  const double c1 = 1 - std::pow(kBeta1, steps_), c2 = 1 - std::pow(kBeta2, steps_);
  theta_.array() -= lr_ * (m_.array() / c1) / ((v_.array() / c2).sqrt() + kAdamEps);
  if (standardize_)
    for (std::size_t s = begin; s < end; ++s) scaler_.observe(b.row(s));
}

double MlpRegressor::learn_one(const Batch& b, std::size_t i) {
  require_dense(b, d_, "mlp");
  double p = 0;
  learn_chunk(b, i, i + 1, &p);
  return p;
}

void MlpRegressor::learn_many(const Batch& b, std::span<double> predictions_before) {
  require_dense(b, d_, "mlp");
  require_output(predictions_before, b.size(), true);
  for (std::size_t begin = 0; begin < b.size(); begin += minibatch_) {
    const std::size_t end = std::min(b.size(), begin + minibatch_);
    learn_chunk(b, begin, end, predictions_before.empty() ? nullptr : predictions_before.data() + begin);
  }
}

ModelImage MlpRegressor::image() const {
  ModelImage img;
  img.kind = "mlp";
  img.kind_version = kLayoutVersion;
  std::vector<double> config = {static_cast<double>(d_),
                                lr_,
                                l2_,
                                standardize_ ? 1.0 : 0.0,
                                static_cast<double>(minibatch_),
                                steps_,
                                static_cast<double>(hidden_.size())};
  for (int h : hidden_) config.push_back(h);
  img.tables.push_back(make_table("config", 8, config));
  // One row per layer would give rows of different widths; the parameters are rows of 8 values, so a
  // delta ships the 64-byte blocks that changed.
  auto as_rows = [](const Eigen::VectorXd& v) {
    std::vector<double> out(v.data(), v.data() + v.size());
    return out;
  };
  img.tables.push_back(make_table("theta", 8, as_rows(theta_)));
  img.tables.push_back(make_table("adam_m", 8, as_rows(m_)));
  img.tables.push_back(make_table("adam_v", 8, as_rows(v_)));
  img.tables.push_back(make_table("scaler", 8, scaler_.state()));
  return img;
}

void MlpRegressor::load_image(const ModelImage& img) {
  if (img.kind != "mlp" || img.kind_version != kLayoutVersion)
    throw RunError("not an mlp image of layout " + std::to_string(kLayoutVersion));
  const auto c = table_values<double>(img.table("config"));
  if (c.size() < 8 || c.size() != 7 + static_cast<std::size_t>(checked_count(c[6], 1, 2, "mlp layer count")))
    throw RunError("mlp image: bad config table");
  d_ = static_cast<std::size_t>(checked_count(c[0], 1, 1e6, "mlp feature count"));
  lr_ = c[1];
  l2_ = c[2];
  standardize_ = c[3] != 0;
  minibatch_ = static_cast<std::size_t>(checked_count(c[4], 1, 1e9, "mlp mini-batch"));
  steps_ = c[5];
  hidden_.clear();
  for (auto it = c.begin() + 7; it != c.end(); ++it)
    hidden_.push_back(static_cast<int>(checked_count(*it, 1, 4096, "mlp hidden width")));
  build_layers();
  auto load = [](const std::vector<double>& v) {
    return Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size())));
  };
  theta_ = load(table_values<double>(img.table("theta")));
  m_ = load(table_values<double>(img.table("adam_m")));
  v_ = load(table_values<double>(img.table("adam_v")));
  const Eigen::Index n = layers_.back().b_offset + 1;
  if (theta_.size() != n || m_.size() != n || v_.size() != n ||
      !scaler_.load_state(table_values<double>(img.table("scaler")), d_))
    throw RunError("mlp image: tables disagree with the layer sizes");
}

}  // namespace breakeven
