#include "model/learner/profile.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <set>

#include "model/diagnostics.h"
#include "model/learner/delta.h"

namespace breakeven {

LinearFit fit_linear(std::span<const double> x, std::span<const double> y) {
  const auto n = static_cast<Eigen::Index>(x.size());
  if (n < 2 || y.size() != x.size()) throw RunError("a linear fit needs at least two points");
  if (std::set<double>(x.begin(), x.end()).size() < 2)
    throw RunError("a linear fit needs at least two different batch sizes");
  Eigen::MatrixXd a(n, 2);
  Eigen::VectorXd b(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    a(i, 0) = 1.0;
    a(i, 1) = x[static_cast<std::size_t>(i)];
    b[i] = y[static_cast<std::size_t>(i)];
  }
  // Column pivoting QR: stable when sizes span several orders of magnitude.
  Eigen::VectorXd coef = a.colPivHouseholderQr().solve(b);
  LinearFit f;
  f.points = static_cast<std::size_t>(n);
  if (coef[0] < 0) {
    f.intercept_clamped = true;
    coef[0] = 0;
    coef[1] = a.col(1).dot(b) / a.col(1).squaredNorm();
  }
  f.fixed = coef[0];
  f.per_unit = coef[1];
  const Eigen::VectorXd residual = b - a * coef;
  f.residual_rms = std::sqrt(residual.squaredNorm() / static_cast<double>(n));
  const double ss_tot = (b.array() - b.mean()).square().sum();
  f.r_squared = ss_tot > 0 ? 1 - residual.squaredNorm() / ss_tot : 0;
  return f;
}

ProfileResult run_profile(Learner& learner, SampleStream& stream, const ProfileOptions& o, Clock& clock) {
  ProfileResult r;
  r.learner = to_string(learner.kind());
  r.stream = stream.describe();
  ProgressiveMetric metric(learner.task());
  r.metric_name = metric.name();
  Batch b;
  // Pre-training, untimed, in chunks so memory stays bounded.
  constexpr std::size_t kPretrainChunk = 10000;
  while (r.pretrain_samples < o.pretrain_samples) {
    b.clear();
    const std::size_t want = std::min<std::size_t>(kPretrainChunk, o.pretrain_samples - r.pretrain_samples);
    const std::size_t got = stream.next(b, want);
    if (got == 0) break;
    learner.learn_many(b, {});
    r.pretrain_samples += got;
  }
  r.pretrain_model_bytes = learner.size_bytes();
  std::uint64_t seen = r.pretrain_samples;
  std::vector<double> predictions, inferred;
  for (int rep = 0; rep < o.repeats && !r.stream_ended; ++rep) {
    for (std::size_t size : o.batch_sizes) {
      b.clear();
      const std::size_t got = stream.next(b, size);
      if (got < size) {
        r.stream_ended = true;
        break;
      }
      BatchMeasurement m;
      m.batch_size = size;
      const ModelImage base = learner.image();
      inferred.assign(got, 0);
      predictions.assign(got, 0);
      double t0 = clock.now_s();
      learner.predict_many(b, inferred);
      m.infer_s = clock.now_s() - t0;
      t0 = clock.now_s();
      learner.learn_many(b, predictions);
      m.learn_s = clock.now_s() - t0;
      seen += got;
      metric.add_many(predictions, b.label);

      t0 = clock.now_s();
      const auto bytes = serialize(learner);
      m.serialize_s = clock.now_s() - t0;
      t0 = clock.now_s();
      auto copy = learner.clone();
      copy->load_image(decode_image(bytes));
      m.deserialize_s = clock.now_s() - t0;
      const ModelImage current = learner.image();
      DeltaStats stats;
      t0 = clock.now_s();
      const auto delta = encode_delta(base, current, o.zstd_level, &stats);
      m.delta_encode_s = clock.now_s() - t0;
      t0 = clock.now_s();
      const ModelImage rebuilt = apply_delta(base, delta);
      m.delta_decode_s = clock.now_s() - t0;
      if (rebuilt.payload_bytes() != current.payload_bytes())
        throw RunError("delta round trip changed the model size: the delta code is broken");
      m.model_bytes = bytes.size();
      m.delta_bytes = delta.size();
      m.samples_seen = seen;
      m.metric = metric.value();
      r.batches.push_back(m);
    }
  }
  std::set<std::size_t> sizes;
  for (const auto& m : r.batches) sizes.insert(m.batch_size);
  if (sizes.size() < 2)
    throw RunError("the stream ended before two batch sizes were measured (" +
                   std::to_string(r.batches.size()) + " batches); give more data or smaller --batch-sizes");
  // Fitted on the median time of each batch size: on a shared host a few batches are preempted, and
  // least squares over raw points would let those outliers set the line.
  std::vector<double> n, learn, infer, seen_x, bytes_y;
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t h = v.size() / 2;
    return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
  };
  for (std::size_t size : sizes) {
    std::vector<double> l, i;
    for (const auto& m : r.batches) {
      if (m.batch_size != size) continue;
      l.push_back(m.learn_s);
      i.push_back(m.infer_s);
    }
    n.push_back(static_cast<double>(size));
    learn.push_back(median(l));
    infer.push_back(median(i));
  }
  for (const auto& m : r.batches) {
    seen_x.push_back(static_cast<double>(m.samples_seen));
    bytes_y.push_back(static_cast<double>(m.model_bytes));
    r.serialize_s += m.serialize_s;
    r.deserialize_s += m.deserialize_s;
  }
  r.serialize_s /= static_cast<double>(r.batches.size());
  r.deserialize_s /= static_cast<double>(r.batches.size());
  r.learn = fit_linear(n, learn);
  r.infer = fit_linear(n, infer);
  r.model_growth = fit_linear(seen_x, bytes_y);
  r.final_model_bytes = r.batches.back().model_bytes;
  return r;
}

}  // namespace breakeven
