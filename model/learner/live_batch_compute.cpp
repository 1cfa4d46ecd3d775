#include "model/learner/live_batch_compute.h"

namespace breakeven {

des::BatchCompute LiveBatchCompute::compute(std::int64_t, std::int64_t n_samples) {
  const BatchOutcome o = trainer_.train_batch(n_samples > 0 ? static_cast<std::size_t>(n_samples) : 0);
  if (o.samples < static_cast<std::size_t>(n_samples > 0 ? n_samples : 0)) ++short_batches_;
  ++batches_;
  last_ = o;
  des::BatchCompute c;
  c.train_s = o.learn_s;
  c.infer_s = o.infer_s;
  c.model_bytes = static_cast<double>(o.model_bytes);
  c.delta_bytes = static_cast<double>(o.delta_bytes);
  c.metric = o.metric;
  c.has_metric = o.samples_seen > 0;
  return c;
}

}  // namespace breakeven
