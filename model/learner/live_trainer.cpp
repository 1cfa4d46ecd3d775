#include "model/learner/live_trainer.h"

#include "model/diagnostics.h"
#include "model/learner/delta.h"
#include "model/stream/synthetic.h"

namespace breakeven {

LiveTrainer::LiveTrainer(LearnerKind kind, std::unique_ptr<SampleStream> stream, std::uint64_t seed,
                         LearnerConfig config, std::unique_ptr<Clock> clock)
    : stream_(std::move(stream)), clock_(std::move(clock)), metric_(Task::regression) {
  config.seed = seed;
  if ((kind == LearnerKind::biased_mf) != (stream_->feature_count() == 0))
    throw RunError(std::string("learner ") + to_string(kind) + " cannot learn from " + stream_->describe() +
                   ": biased_mf needs a rating stream, the others a stream of dense features");
  if (stream_->feature_count() > 0) config.feature_count = stream_->feature_count();
  learner_ = make_learner(kind, config);
  metric_ = ProgressiveMetric(learner_->task());
  if (!clock_) clock_ = std::make_unique<SteadyClock>();
  previous_ = learner_->image();
}

LiveTrainer LiveTrainer::synthetic(LearnerKind kind, std::uint64_t seed) {
  std::unique_ptr<SampleStream> stream;
  if (kind == LearnerKind::biased_mf) {
    RatingStreamParams p;
    p.seed = seed;
    stream = std::make_unique<SyntheticRatingStream>(p);
  } else {
    ClickStreamParams p;
    p.seed = seed;
    stream = std::make_unique<SyntheticClickStream>(p);
  }
  return LiveTrainer(kind, std::move(stream), seed);
}

BatchOutcome LiveTrainer::train_batch(std::size_t n_samples) {
  BatchOutcome out;
  batch_.clear();
  out.samples = stream_->next(batch_, n_samples);
  out.stream_ended = out.samples < n_samples;
  predictions_.assign(out.samples, 0);
  if (out.samples > 0) {
    double t0 = clock_->now_s();
    learner_->predict_many(batch_, predictions_);
    out.infer_s = clock_->now_s() - t0;
    t0 = clock_->now_s();
    learner_->learn_many(batch_, predictions_);
    out.learn_s = clock_->now_s() - t0;
    metric_.add_many(predictions_, batch_.label);
  }
  seen_ += out.samples;
  ModelImage current = learner_->image();
  out.model_bytes = encoded_size(current);
  if (measure_delta_) {
    const double t0 = clock_->now_s();
    DeltaStats stats;
    encode_delta(previous_, current, kDefaultDeltaZstdLevel, &stats);
    out.delta_encode_s = clock_->now_s() - t0;
    out.delta_bytes = stats.compressed_bytes;
    previous_ = std::move(current);
  }
  out.metric = metric_.value();
  out.samples_seen = seen_;
  return out;
}

}  // namespace breakeven
