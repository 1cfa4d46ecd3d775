// The common interface of the embedded online learners. Learners count work; they never read the clock
// (timing is the profiler's job, model/profile/).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "model/learner/batch.h"
#include "model/learner/model_image.h"

namespace breakeven {

enum class LearnerKind { biased_mf, logistic, hoeffding_tree, mlp };
enum class Task { regression, classification };

const char* to_string(LearnerKind k);
// Parses "biased_mf", "logistic", "hoeffding_tree" or "mlp"; throws InputError with a suggestion.
LearnerKind parse_learner_kind(const std::string& text);

// Every learner's options in one plain struct; each learner reads the fields it needs.
struct LearnerConfig {
  std::uint64_t seed = 42;         // initial weights
  std::size_t feature_count = 13;  // dense learners: input width (Criteo has 13 integer features)
  // biased_mf (defaults as River's BiasedMF example: k 10, SGD lr 0.0025... tuned here for speed of learning)
  int factors = 10;                // latent factors k
  double mf_learning_rate = 0.01;  // SGD step
  double mf_l2 = 0.02;             // L2 penalty on biases and factors
  double mf_init_std = 0.1;        // initial factor standard deviation
  // logistic and mlp
  double learning_rate = 0.01;     // Adam step (logistic, mlp) or SGD step (logistic with adam = false)
  bool adam = true;                // logistic: Adam instead of plain SGD
  double l2 = 0.0;                 // logistic and mlp: L2 penalty on weights
  std::size_t minibatch = 32;      // samples per gradient step in learn_many
  bool standardize = true;         // learn feature means and variances online and standardise inputs
  std::vector<int> hidden = {32};  // mlp: hidden layer widths (one or two layers)
  // hoeffding_tree
  double ht_delta = 1e-7;         // 1 - confidence of the Hoeffding bound (River default)
  double ht_tau = 0.05;           // tie threshold (River default)
  int ht_grace_period = 200;      // samples a leaf sees between split attempts (River default)
  int ht_max_depth = 20;          // no split below this depth
  int ht_split_points = 10;       // candidate thresholds per feature
  bool ht_adaptive = false;       // Hoeffding Adaptive Tree: ADWIN error monitors and alternate subtrees
  double ht_adwin_delta = 0.002;  // ADWIN confidence (MOA and River default)
};

class Learner {
 public:
  virtual ~Learner() = default;
  virtual LearnerKind kind() const = 0;
  virtual Task task() const = 0;

  // Predicts sample i, then learns from it; returns the prediction made before learning (progressive
  // validation). Regression: the value; classification: the probability of class 1.
  virtual double learn_one(const Batch& batch, std::size_t i) = 0;
  // Learns every sample of the batch in order; predictions_before (same size as the batch, or empty)
  // receives each prediction made before learning that sample or its mini-batch.
  virtual void learn_many(const Batch& batch, std::span<double> predictions_before);
  virtual double predict_one(const Batch& batch, std::size_t i) const = 0;
  virtual void predict_many(const Batch& batch, std::span<double> out) const;

  // The parameters as tables of rows (serialisation and deltas); load_image restores them exactly.
  virtual ModelImage image() const = 0;
  virtual void load_image(const ModelImage& image) = 0;  // throws RunError on a foreign or corrupt image
  // Bytes of the serialised model.
  std::size_t size_bytes() const;
  // Independent copy (used to freeze a model or keep a delta base).
  virtual std::unique_ptr<Learner> clone() const = 0;
};

std::unique_ptr<Learner> make_learner(LearnerKind kind, const LearnerConfig& config);

// Guards at the learners' entry points; each throws RunError naming the mismatch, so a stream of the
// wrong shape fails loudly instead of reading past a buffer.
void require_dense(const Batch& batch, std::size_t features, const char* learner);
void require_ratings(const Batch& batch);
void require_output(std::span<const double> out, std::size_t n, bool may_be_empty);

// Exact binary serialisation: deserialize(serialize(m)) predicts and learns bit for bit as m.
std::vector<std::uint8_t> serialize(const Learner& learner);
std::unique_ptr<Learner> deserialize(std::span<const std::uint8_t> bytes);  // throws RunError
std::unique_ptr<Learner> learner_from_image(const ModelImage& image);       // throws RunError

// Progressive-validation metric: predictions made before learning, against the labels.
class ProgressiveMetric {
 public:
  explicit ProgressiveMetric(Task task) : task_(task) {}
  void add(double prediction, double label);
  void add_many(std::span<const double> predictions, std::span<const double> labels);
  Task task() const { return task_; }
  std::uint64_t count() const { return count_; }
  double rmse() const;  // regression (also defined for classification: Brier score root)
  double mae() const;
  double accuracy() const;  // classification: prediction >= 0.5 counts as class 1
  double log_loss() const;  // classification, probabilities clipped to [1e-15, 1 - 1e-15]
  double value() const { return task_ == Task::regression ? rmse() : accuracy(); }
  const char* name() const { return task_ == Task::regression ? "rmse" : "accuracy"; }

 private:
  Task task_;
  std::uint64_t count_ = 0;
  double sum_sq_ = 0, sum_abs_ = 0, correct_ = 0, log_loss_ = 0;
};

}  // namespace breakeven
