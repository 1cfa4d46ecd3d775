#include "calibrate/probe/compute_kernel.h"

#include <chrono>
#include <vector>

#include "model/learner/learner.h"
#include "model/stream/synthetic.h"

namespace breakeven::calibrate {

ComputeResult run_training_batch(std::int64_t n_samples, std::uint64_t seed) {
  // The project's own BiasedMF learner (k = 10) on the MovieLens-like synthetic stream with its default
  // sizes, so the probe measures on Lambda the very code whose host time `breakeven profile` measures.
  RatingStreamParams params;
  params.seed = seed;
  SyntheticRatingStream stream(params);
  LearnerConfig config;
  config.seed = seed;
  const auto learner = make_learner(LearnerKind::biased_mf, config);

  // Drawing the samples is not the learner's work: it happens before the clock starts.
  Batch batch;
  stream.next(batch, n_samples > 0 ? static_cast<std::size_t>(n_samples) : 0);
  std::vector<double> predictions(batch.size());

  const auto start = std::chrono::steady_clock::now();
  learner->learn_many(batch, predictions);
  const auto stop = std::chrono::steady_clock::now();

  ComputeResult result;
  result.seconds = std::chrono::duration<double>(stop - start).count();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const double error = batch.label[i] - predictions[i];
    result.checksum += error * error;
  }
  return result;
}

}  // namespace breakeven::calibrate
