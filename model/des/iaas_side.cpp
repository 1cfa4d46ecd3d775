#include "model/des/iaas_side.h"

#include <algorithm>

#include "model/billing.h"
#include "model/units.h"

namespace breakeven::des {

IaasSide::IaasSide(Simulator& sim, const ModelInput& in, const SimulationOptions& options, const Trace* trace)
    : sim_(sim),
      in_(in),
      s_(in.spec),
      options_(options),
      arrivals_(in.spec.workload, options.seed, trace),
      service_rng_(options.seed, StreamId::iaas_service) {
  // The analytic model's per-batch phases (evaluate_iaas); they do not depend on the interval.
  const IaasResult analytic = evaluate_iaas(in, in.spec.workload.interval_s);
  phases_ = analytic.phases;
  const double compute_scale = s_.iaas.speed_factor / analytic.vcpu_used;
  const PhaseBlocks b = phase_blocks(s_, compute_scale);
  merged_batch_s_ =
      b.batch_s + b.infer_s +
      s_.learner.train_s_per_sample * static_cast<double>(s_.workload.batch_size) * compute_scale;
  if (s_.workload.kind == WorkloadKind::training_stream) {
    s3_gets_per_batch_ = 1;
    s3_puts_per_batch_ = s_.iaas.save_model ? 1 : 0;
  } else {
    // A request carries its payload and the VM holds the model: only the prediction runs.
    const Phases predict = phases_;
    phases_ = Phases{};
    phases_.inference_s = predict.inference_s;
  }
}

void IaasSide::start(TimeUs window_end) {
  queue_.open_window(window_end);
  // The VM is running at time 0, as in seed 000's experiments.
  state_ = State::idle;
  run_start_ = 0;
  if (s_.iaas.idle_stop_s) sim_.schedule_at(to_us(*s_.iaas.idle_stop_s), this, kIdleStop, idle_generation_);
  sim_.schedule_at(window_end, this, kWindowEnd);
  TimeUs first = 0;
  if (arrivals_.next(first) && first < window_end) sim_.schedule_at(first, this, kArrival);
}

void IaasSide::on_event(int kind, std::int64_t arg) {
  switch (kind) {
    case kArrival:
      on_arrival();
      break;
    case kDone:
      on_done();
      break;
    case kBooted:
      state_ = State::idle;
      start_next();
      break;
    case kIdleStop:
      if (state_ == State::idle && arg == idle_generation_) {
        close_run(sim_.now());
        state_ = State::stopped;
      }
      break;
    case kWindowEnd:
      queue_.close_window();
      break;
  }
}

void IaasSide::on_arrival() {
  ++r_.arrivals;
  const TimeUs now = sim_.now();
  if (queue_.waiting.size() >= options_.queue_cap) {
    ++r_.dropped;
  } else {
    queue_.waiting.push_back(now);
    if (state_ == State::stopped) {
      ++r_.boots;
      state_ = State::booting;
      run_start_ = now;  // billed from launch
      sim_.schedule_in(to_us(s_.iaas.boot_s), this, kBooted);
    } else if (state_ == State::idle) {
      start_next();
    }
    queue_.note_length(now);
  }
  TimeUs next = 0;
  if (arrivals_.next(next) && next < queue_.window_end()) sim_.schedule_at(next, this, kArrival);
}

void IaasSide::start_next() {
  if (state_ != State::idle || queue_.waiting.empty()) return;
  const TimeUs now = sim_.now();
  const bool training = s_.workload.kind == WorkloadKind::training_stream;
  // With overlap merge the VM, like the function, learns every waiting batch in one go.
  const std::size_t k = training && s_.workload.overlap == Overlap::merge ? queue_.waiting.size() : 1;
  current_batches_.clear();
  for (std::size_t i = 0; i < k; ++i) {
    current_batches_.push_back(queue_.waiting.front());
    queue_.waiting.pop_front();
  }
  queue_.note_length(now);
  double total_s = phases_.total_s() + static_cast<double>(k - 1) * merged_batch_s_;
  if (training && options_.compute) {
    // The learner's measured outcome for this batch replaces the constants; the formulas stay
    // evaluate_iaas's, as on the FaaS side.
    const std::int64_t n_samples = s_.workload.batch_size * static_cast<std::int64_t>(k);
    const BatchCompute measured =
        options_.compute->compute(static_cast<std::int64_t>(r_.invocations), n_samples);
    ModelInput live = in_;
    live.spec.workload.batch_size = n_samples;
    live.spec.learner.train_s_fixed = measured.train_s;
    live.spec.learner.train_s_per_sample = 0;
    live.spec.learner.infer_s_per_sample = measured.infer_s / static_cast<double>(n_samples);
    live.spec.learner.model_bytes = measured.model_bytes;
    const Phases p = evaluate_iaas(live, s_.workload.interval_s).phases;
    // The batch objects are still one per batch (k downloads), not one of k times the size.
    total_s = p.total_s() - p.setup_batch_s + static_cast<double>(k) * phases_.setup_batch_s;
  }
  if (s_.workload.service_time == ServiceTime::exponential) total_s *= service_rng_.exponential(1.0);
  const double wait_s = to_s(now - current_batches_.front());
  for (const TimeUs arrival : current_batches_) queue_.add_wait(to_s(now - arrival));
  ++r_.invocations;
  r_.s3_gets += static_cast<std::uint64_t>(s3_gets_per_batch_) * k;
  r_.s3_puts += static_cast<std::uint64_t>(s3_puts_per_batch_);
  queue_.latency.add(training ? total_s : wait_s + total_s);
  state_ = State::busy;
  const TimeUs service_us = to_us(total_s);
  // Only the part inside the window is busy time of the window, and only work started in it is
  // charged to it (the VM itself is billed up to the window's end, close_run).
  if (now < queue_.window_end()) {
    queue_.add_busy(now, service_us);
    window_gets_ += static_cast<double>(s3_gets_per_batch_) * static_cast<double>(k);
    window_puts_ += static_cast<double>(s3_puts_per_batch_);
    window_samples_ += static_cast<double>(k) * static_cast<double>(s_.workload.batch_size);
  }
  sim_.schedule_in(service_us, this, kDone);
}

void IaasSide::on_done() {
  const TimeUs now = sim_.now();
  last_done_ = now;
  if (s_.workload.kind == WorkloadKind::training_stream)
    for (const TimeUs arrival : current_batches_) queue_.freshness.add(to_s(now - arrival));
  state_ = State::idle;
  if (!queue_.waiting.empty()) {
    start_next();
  } else if (s_.iaas.idle_stop_s) {
    sim_.schedule_in(to_us(*s_.iaas.idle_stop_s), this, kIdleStop, ++idle_generation_);
  }
}

void IaasSide::close_run(TimeUs at) {
  // A run is billed up to the window's end at the latest: the work drained after it is not part of
  // the simulated period (the FaaS side likewise charges only the window's share of its invocations).
  // A run started inside the window still pays the per-run minimum.
  const TimeUs window_end = queue_.window_end();
  if (at > window_end) at = window_end;
  if (run_start_ >= window_end) return;
  instance_usd_ += ec2_run_usd(to_s(at - run_start_), in_.prices);
}

SideSimulation IaasSide::finish(TimeUs window_end) {
  if (state_ != State::stopped) close_run(window_end);
  state_ = State::stopped;
  SideSimulation r = r_;
  const double window_s = to_s(window_end);
  const double hours = window_s / kSecondsPerHour;
  queue_.fill(r);
  const ResolvedPrices& pr = in_.prices;
  r.cost.ec2_instance_usd = instance_usd_;
  r.cost.s3_request_usd = s3_iaas_requests_usd(window_gets_, window_puts_, pr);
  r.cost.total_usd = r.cost.ec2_instance_usd + r.cost.s3_request_usd;
  r.cost_usd_per_hour = hours > 0 ? r.cost.total_usd / hours : 0;
  r.cost_usd_per_month = r.cost_usd_per_hour * kHoursPerMonth;
  // Per sample served in the window (dropped arrivals are not served).
  r.cost_usd_per_1000_samples = window_samples_ > 0 ? r.cost.total_usd / window_samples_ * 1000.0 : 0;
  queue_.judge_keep_up(r, options_.queue_cap, "");
  return r;
}

}  // namespace breakeven::des
