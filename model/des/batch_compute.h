// The compute interface the simulator calls once per training batch. The default reads the scenario's
// learner constants; `--learner live` plugs in an implementation that trains a real learner on each
// simulated batch and returns what it measured. Implementations must be deterministic for a given
// sequence of calls, and never read the wall clock for anything but the seconds they report.
#pragma once

#include <cstdint>
#include <vector>

#include "model/spec/scenario.h"

namespace breakeven::des {

// What one batch cost to learn, on one full core of the reference host.
struct BatchCompute {
  double train_s = 0;      // host seconds to learn the batch (fixed part included)
  double infer_s = 0;      // host seconds of progressive validation before training
  double model_bytes = 0;  // serialised model size after the batch
  double delta_bytes = 0;  // size of the delta against the base model after the batch
  double metric = 0;       // progressive-validation metric on the batch (RMSE, accuracy ...); NaN if none
  bool has_metric = false;
};

// One point of the model-quality curve over simulated time.
struct BatchQuality {
  double time_s = 0;  // simulated time the batch was learnt (end of its invocation)
  std::int64_t batch_index = 0;
  double metric = 0;
};

class BatchComputeSource {
 public:
  virtual ~BatchComputeSource() = default;
  // Learns batch number `batch_index` (0-based) of `n_samples` samples and says what it cost.
  virtual BatchCompute compute(std::int64_t batch_index, std::int64_t n_samples) = 0;
};

// The scenario's constants: train_s_fixed + train_s_per_sample x n, infer_s_per_sample x n, sizes as given.
class ConstantCompute final : public BatchComputeSource {
 public:
  explicit ConstantCompute(const ScenarioSpec& spec)
      : learner_(spec.learner), delta_bytes_(spec.faas.delta_bytes) {}
  BatchCompute compute(std::int64_t, std::int64_t n_samples) override {
    const double n = static_cast<double>(n_samples);
    BatchCompute c;
    c.train_s = learner_.train_s_fixed + learner_.train_s_per_sample * n;
    c.infer_s = learner_.infer_s_per_sample * n;
    c.model_bytes = learner_.model_bytes;
    c.delta_bytes = delta_bytes_;
    return c;
  }

 private:
  LearnerSpec learner_;
  double delta_bytes_;
};

}  // namespace breakeven::des

namespace breakeven::des {

// Lets both sides of one simulation see the same learner outcomes: the first side's calls go to the
// source and are kept by batch index; the second side gets the kept outcome for the same index, scaled
// per sample when it learns a different number of samples (merged batches), and reaches the source only
// beyond the batches the first side learned. One learner, trained once per batch, prices both sides.
class SharedCompute final : public BatchComputeSource {
 public:
  explicit SharedCompute(BatchComputeSource& source) : source_(source) {}
  BatchCompute compute(std::int64_t batch_index, std::int64_t n_samples) override {
    if (batch_index >= 0 && static_cast<std::size_t>(batch_index) < kept_.size()) {
      BatchCompute c = kept_[static_cast<std::size_t>(batch_index)];
      const std::int64_t n_kept = kept_samples_[static_cast<std::size_t>(batch_index)];
      if (n_kept > 0 && n_kept != n_samples) {
        const double scale = static_cast<double>(n_samples) / static_cast<double>(n_kept);
        c.train_s *= scale;
        c.infer_s *= scale;
      }
      return c;
    }
    BatchCompute c = source_.compute(batch_index, n_samples);
    if (batch_index >= 0 && static_cast<std::size_t>(batch_index) == kept_.size()) {
      kept_.push_back(c);
      kept_samples_.push_back(n_samples);
    }
    return c;
  }

 private:
  BatchComputeSource& source_;
  std::vector<BatchCompute> kept_;
  std::vector<std::int64_t> kept_samples_;
};

}  // namespace breakeven::des
