// The compute work a probe does: one deterministic synthetic training batch of the project's BiasedMF
// learner (model/learner/), timed with the steady clock around the learning only.
// The same function runs in the Lambda probe and on the local machine, so their times can be compared.
#pragma once

#include <cstdint>

namespace breakeven::calibrate {

struct ComputeResult {
  double seconds = 0;   // wall-clock time of the batch (steady clock)
  double checksum = 0;  // sum of squared errors seen; keeps the work observable, same on every run
};

// Trains on `n_samples` synthetic (user, item, rating) samples drawn from `seed`; single-threaded.
ComputeResult run_training_batch(std::int64_t n_samples, std::uint64_t seed = 42);

}  // namespace breakeven::calibrate
