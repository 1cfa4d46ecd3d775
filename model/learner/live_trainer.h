// Drives a real learner one batch at a time for a simulation: each call learns n samples from the
// stream and reports the host time it took, the model's size, the delta since the previous batch and
// the progressive metric so far (rmse for regression, accuracy for classification: each sample is
// predicted before it is learnt). Independent of any simulator code.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/learner/clock.h"
#include "model/learner/learner.h"
#include "model/stream/sample_stream.h"

namespace breakeven {

struct BatchOutcome {
  std::size_t samples = 0;         // learned in this batch (fewer than asked when the stream ended)
  double infer_s = 0;              // host seconds predicting the batch (progressive validation)
  double learn_s = 0;              // host seconds learning the batch
  double delta_encode_s = 0;       // host seconds computing the delta
  std::size_t model_bytes = 0;     // serialised model after the batch
  std::size_t delta_bytes = 0;     // compressed delta against the model after the previous batch
  double metric = 0;               // progressive metric over every batch so far (rmse or accuracy)
  std::uint64_t samples_seen = 0;  // total learned
  bool stream_ended = false;
};

class LiveTrainer {
 public:
  // The learner learns from `stream`; `seed` initialises its weights. The clock defaults to the host's.
  LiveTrainer(LearnerKind kind, std::unique_ptr<SampleStream> stream, std::uint64_t seed,
              LearnerConfig config = {}, std::unique_ptr<Clock> clock = nullptr);
  // The kind's default synthetic stream (MovieLens-like ratings for biased_mf, clicks otherwise),
  // seeded with `seed` too.
  static LiveTrainer synthetic(LearnerKind kind, std::uint64_t seed);

  BatchOutcome train_batch(std::size_t n_samples);
  // Whether each batch also encodes the delta against the previous model (delta_bytes, delta_encode_s).
  // On by default; a caller that never reads them (a scenario without faas.delta_encoding) turns it off,
  // which saves compressing the whole changed model after every batch. The other fields are unchanged.
  void set_measure_delta(bool on) { measure_delta_ = on; }
  const char* metric_name() const { return metric_.name(); }
  // What the learner learns from, e.g. "synthetic ratings: seed 1, 10000 users ...".
  std::string stream_description() const { return stream_->describe(); }
  const Learner& learner() const { return *learner_; }

 private:
  std::unique_ptr<SampleStream> stream_;
  std::unique_ptr<Learner> learner_;
  std::unique_ptr<Clock> clock_;
  ProgressiveMetric metric_;
  ModelImage previous_;
  Batch batch_;
  std::vector<double> predictions_;
  std::uint64_t seen_ = 0;
  bool measure_delta_ = true;
};

}  // namespace breakeven
