// Measures a learner's compute profile on real batches: time = fixed + per_sample x n for learning and
// for inference (least squares over every measured batch, with the residual), model bytes and their
// growth, delta bytes and times, serialisation times, and the progressive metric along the way.
// The time lines are fitted to the median time of each batch size (robust to preempted batches).
// Timings come from the Clock given (host time is not reproducible byte for byte; everything else is).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model/learner/clock.h"
#include "model/learner/learner.h"
#include "model/stream/sample_stream.h"

namespace breakeven {

// y = fixed + slope x by least squares. When the unconstrained intercept is negative (a time cannot be),
// the line is refitted through the origin and intercept_clamped is set.
struct LinearFit {
  double fixed = 0;         // intercept (s)
  double per_unit = 0;      // slope (s per sample)
  double residual_rms = 0;  // root mean square of the residuals (s)
  double r_squared = 0;     // 1 - SS_res / SS_tot (0 when all y are equal)
  std::size_t points = 0;
  bool intercept_clamped = false;
};
// Throws RunError with fewer than two points or when every x is equal (slope undetermined).
LinearFit fit_linear(std::span<const double> x, std::span<const double> y);

struct ProfileOptions {
  std::vector<std::size_t> batch_sizes = {100, 1000, 10000};
  std::size_t pretrain_samples = 0;  // learned before measuring, untimed (the thesis pre-trained on 80%)
  int repeats = 3;                   // batches measured per size, sizes interleaved
  int zstd_level = 3;
};

struct BatchMeasurement {
  std::size_t batch_size = 0;
  std::uint64_t samples_seen = 0;  // samples learned after this batch (pre-training included)
  double infer_s = 0;              // predict_many on the batch, before learning it
  double learn_s = 0;              // learn_many on the batch
  double serialize_s = 0;          // model -> bytes after the batch
  double deserialize_s = 0;        // bytes -> model
  double delta_encode_s = 0;       // delta against the model before the batch
  double delta_decode_s = 0;       // base + delta -> model image
  std::size_t model_bytes = 0;     // after the batch
  std::size_t delta_bytes = 0;     // compressed delta of this batch
  double metric = 0;               // progressive metric over the measured batches so far
};

struct ProfileResult {
  std::string learner;
  std::string stream;
  std::string metric_name;
  std::uint64_t pretrain_samples = 0;
  std::size_t pretrain_model_bytes = 0;
  std::vector<BatchMeasurement> batches;
  LinearFit learn, infer;                     // over the per-size medians
  LinearFit model_growth;                     // model bytes against samples seen
  double serialize_s = 0, deserialize_s = 0;  // means over batches
  std::size_t final_model_bytes = 0;
  bool stream_ended = false;  // the stream ran out before every planned batch was measured
};

// Throws RunError when the stream ends before two batch sizes could be measured.
ProfileResult run_profile(Learner& learner, SampleStream& stream, const ProfileOptions& options,
                          Clock& clock);

}  // namespace breakeven
