// `breakeven simulate --learner live`: the simulator's per-batch compute answered by a real learner.
// Each simulated training batch is learned by the embedded learner (LiveTrainer), and the simulator uses
// the host time it measured, the serialised model size, the delta since the previous batch and the
// progressive metric. Host times vary from run to run, so a live simulation is not byte-stable; the
// model sizes, deltas and metrics are.
#pragma once

#include "model/des/batch_compute.h"
#include "model/learner/live_trainer.h"

namespace breakeven {

class LiveBatchCompute final : public des::BatchComputeSource {
 public:
  explicit LiveBatchCompute(LiveTrainer trainer) : trainer_(std::move(trainer)) {}
  des::BatchCompute compute(std::int64_t batch_index, std::int64_t n_samples) override;
  const char* metric_name() const { return trainer_.metric_name(); }
  const LiveTrainer& trainer() const { return trainer_; }
  // Batches learnt so far, and what the last one reported (model size, samples seen, metric).
  std::int64_t batches() const { return batches_; }
  const BatchOutcome& last() const { return last_; }
  // Batches for which the stream had fewer samples than asked (a file that ran out).
  std::int64_t short_batches() const { return short_batches_; }

 private:
  LiveTrainer trainer_;
  std::int64_t short_batches_ = 0;
  std::int64_t batches_ = 0;
  BatchOutcome last_;
};

}  // namespace breakeven
