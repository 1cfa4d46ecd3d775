#include "model/learner/learner.h"

#include <algorithm>
#include <cmath>

#include "model/diagnostics.h"
#include "model/learner/biased_mf.h"
#include "model/learner/hoeffding_tree.h"
#include "model/learner/logistic.h"
#include "model/learner/mlp.h"
#include "model/spec/did_you_mean.h"

namespace breakeven {

const char* to_string(LearnerKind k) {
  switch (k) {
    case LearnerKind::biased_mf:
      return "biased_mf";
    case LearnerKind::logistic:
      return "logistic";
    case LearnerKind::hoeffding_tree:
      return "hoeffding_tree";
    case LearnerKind::mlp:
      return "mlp";
  }
  return "?";
}

LearnerKind parse_learner_kind(const std::string& text) {
  const std::vector<std::string> names = {"biased_mf", "logistic", "hoeffding_tree", "mlp"};
  for (std::size_t i = 0; i < names.size(); ++i)
    if (text == names[i]) return static_cast<LearnerKind>(i);
  const std::string guess = closest_match(text, names);
  throw InputError({Diagnostic{{"--learner", 0, 0},
                               "",
                               "unknown learner '" + text + "'" +
                                   (guess.empty() ? "" : " (did you mean '" + guess + "'?)") +
                                   "; expected one of biased_mf, logistic, hoeffding_tree, mlp"}});
}

void require_dense(const Batch& b, std::size_t features, const char* learner) {
  if (b.feature_count != features || b.features.size() != b.size() * features)
    throw RunError(std::string(learner) + " expects " + std::to_string(features) +
                   " dense features per sample; the batch has " + std::to_string(b.feature_count) +
                   (b.feature_count == 0 ? " (a rating stream?)" : ""));
}

void require_ratings(const Batch& b) {
  if (b.user.size() != b.size() || b.item.size() != b.size())
    throw RunError(
        "biased_mf expects (user, item, rating) samples; the batch has dense features (a click stream?)");
}

void require_output(std::span<const double> out, std::size_t n, bool may_be_empty) {
  if (out.size() != n && !(may_be_empty && out.empty()))
    throw RunError("prediction buffer of " + std::to_string(out.size()) + " values for a batch of " +
                   std::to_string(n));
}

void Learner::learn_many(const Batch& batch, std::span<double> predictions_before) {
  require_output(predictions_before, batch.size(), true);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const double p = learn_one(batch, i);
    if (!predictions_before.empty()) predictions_before[i] = p;
  }
}

void Learner::predict_many(const Batch& batch, std::span<double> out) const {
  require_output(out, batch.size(), false);
  for (std::size_t i = 0; i < batch.size(); ++i) out[i] = predict_one(batch, i);
}

std::size_t Learner::size_bytes() const {
  return encoded_size(image());
}

std::unique_ptr<Learner> make_learner(LearnerKind kind, const LearnerConfig& config) {
  switch (kind) {
    case LearnerKind::biased_mf:
      return std::make_unique<BiasedMf>(config);
    case LearnerKind::logistic:
      return std::make_unique<LogisticRegression>(config);
    case LearnerKind::hoeffding_tree:
      return std::make_unique<HoeffdingTree>(config);
    case LearnerKind::mlp:
      return std::make_unique<MlpRegressor>(config);
  }
  throw RunError("unknown learner kind");
}

std::vector<std::uint8_t> serialize(const Learner& learner) {
  return encode_image(learner.image());
}

std::unique_ptr<Learner> learner_from_image(const ModelImage& image) {
  const std::vector<std::string> names = {"biased_mf", "logistic", "hoeffding_tree", "mlp"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (image.kind != names[i]) continue;
    LearnerConfig config;  // replaced by the image's own configuration table
    auto learner = make_learner(static_cast<LearnerKind>(i), config);
    learner->load_image(image);
    return learner;
  }
  throw RunError("model image of unknown learner kind '" + image.kind + "'");
}

std::unique_ptr<Learner> deserialize(std::span<const std::uint8_t> bytes) {
  return learner_from_image(decode_image(bytes));
}

void ProgressiveMetric::add(double prediction, double label) {
  ++count_;
  const double e = prediction - label;
  sum_sq_ += e * e;
  sum_abs_ += std::fabs(e);
  if (task_ == Task::classification) {
    if ((prediction >= 0.5) == (label >= 0.5)) correct_ += 1;
    const double p = std::clamp(prediction, 1e-15, 1 - 1e-15);
    log_loss_ -= label >= 0.5 ? std::log(p) : std::log(1 - p);
  }
}

void ProgressiveMetric::add_many(std::span<const double> predictions, std::span<const double> labels) {
  for (std::size_t i = 0; i < predictions.size(); ++i) add(predictions[i], labels[i]);
}

double ProgressiveMetric::rmse() const {
  return count_ ? std::sqrt(sum_sq_ / count_) : 0;
}
double ProgressiveMetric::mae() const {
  return count_ ? sum_abs_ / count_ : 0;
}
double ProgressiveMetric::accuracy() const {
  return count_ ? correct_ / count_ : 0;
}
double ProgressiveMetric::log_loss() const {
  return count_ ? log_loss_ / count_ : 0;
}

}  // namespace breakeven
