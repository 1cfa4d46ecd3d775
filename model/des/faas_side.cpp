#include "model/des/faas_side.h"

#include <algorithm>

#include "model/billing.h"
#include "model/des/keep_alive.h"
#include "model/memory_policy.h"
#include "model/text.h"
#include "model/units.h"

namespace breakeven::des {

namespace {

constexpr int kEnvBits = 21;  // environments alive <= concurrency_limit <= 10^6 < 2^21
constexpr std::int64_t kEnvMask = (std::int64_t{1} << kEnvBits) - 1;

void scale_phases(Phases& p, double factor) {
  p.start_s *= factor;
  p.setup_batch_s *= factor;
  p.setup_model_s *= factor;
  p.setup_replay_s *= factor;
  p.inference_s *= factor;
  p.training_s *= factor;
  p.cleanup_s *= factor;
}

}  // namespace

FaasSide::FaasSide(Simulator& sim, const ModelInput& in, const SimulationOptions& options, const Trace* trace,
                   std::vector<BatchQuality>* quality)
    : sim_(sim),
      in_(in),
      s_(in.spec),
      options_(options),
      quality_(quality),
      arrivals_(in.spec.workload, options.seed, trace),
      service_rng_(options.seed, StreamId::faas_service),
      cache_rng_(options.seed, StreamId::faas_cache),
      keep_alive_rng_(options.seed, StreamId::faas_keep_alive),
      forced_cold_rng_(options.seed, StreamId::faas_forced_cold) {
  keep_alive_quantiles_s_ = parse_keep_alive_quantiles(s_.faas.keep_alive_quantiles_s, nullptr);
  fixed_keep_alive_ = keep_alive_quantiles_s_.empty();
  // The same sizing as the analytic model: faas.memory_mb, or the usage_based size (model/memory_policy.h).
  set_memory(effective_memory_mb(s_, in_.limits));
}

void FaasSide::set_memory(int memory_mb) {
  memory_mb_ = memory_mb;
  // The same CPU share and compute scaling as the analytic model (analytic.cpp evaluate_faas).
  const double cpu_share = lambda_cpu_share_vcpu(memory_mb, s_.learner.threads, in_.limits);
  compute_scale_ = s_.faas.speed_factor / cpu_share;
  blocks_ = phase_blocks(s_, compute_scale_);
  memory_gb_ = lambda_memory_gb(memory_mb);
  // A request carries its payload; it loads the model on a miss and predicts: no batch download,
  // no training, no save. The three kinds change only with the memory, so they are built here.
  const auto request = [&](bool cold, bool hit) {
    Phases p = invocation_phases(s_, blocks_, 0, false, cold, hit);
    p.setup_batch_s = 0;
    p.training_s = 0;
    p.cleanup_s = 0;
    return p;
  };
  request_cold_ = request(true, false);
  request_warm_hit_ = request(false, true);
  request_warm_miss_ = request(false, false);
}

void FaasSide::start(TimeUs window_end) {
  queue_.open_window(window_end);
  // Create them all before any goes idle, or the second would take the first.
  std::vector<int> warm;
  for (int i = 0; i < options_.warm_environments_at_start; ++i) {
    bool cold = false;
    warm.push_back(take_environment(cold));
  }
  for (const int e : warm) {
    envs_[e].model_version = newest_version_;
    --busy_;
    make_idle(e);
  }
  sim_.schedule_at(window_end, this, kWindowEnd);
  TimeUs first = 0;
  if (arrivals_.next(first) && first < window_end) sim_.schedule_at(first, this, kArrival);
}

void FaasSide::on_event(int kind, std::int64_t arg) {
  switch (kind) {
    case kArrival:
      on_arrival();
      break;
    case kDone:
      on_done(static_cast<int>(arg));
      break;
    case kExpire:
      on_expire(arg);
      break;
    case kWindowEnd:
      instances_mean_ = instances_.mean(queue_.window_end());
      queue_.close_window();
      break;
  }
}

void FaasSide::on_arrival() {
  ++r_.arrivals;
  const TimeUs now = sim_.now();
  const bool training = s_.workload.kind == WorkloadKind::training_stream;
  const bool can_start = training ? !writer_busy_ && queue_.waiting.empty()
                                  : busy_ < s_.faas.concurrency_limit && queue_.waiting.empty();
  if (can_start) {
    if (training) writer_batches_.assign(1, now);
    start_invocation(1, now);
  } else if (!training && s_.faas.over_limit == OverLimit::throttle) {
    ++r_.throttled;
  } else if (queue_.waiting.size() >= options_.queue_cap) {
    ++r_.dropped;
  } else {
    queue_.waiting.push_back(now);
    queue_.note_length(now);
  }
  TimeUs next = 0;
  if (arrivals_.next(next) && next < queue_.window_end()) sim_.schedule_at(next, this, kArrival);
}

void FaasSide::try_dispatch() {
  const TimeUs now = sim_.now();
  if (s_.workload.kind == WorkloadKind::training_stream) {
    if (writer_busy_ || queue_.waiting.empty()) return;
    const TimeUs oldest = queue_.waiting.front();
    const std::int64_t k =
        s_.workload.overlap == Overlap::merge ? static_cast<std::int64_t>(queue_.waiting.size()) : 1;
    writer_batches_.clear();
    for (std::int64_t i = 0; i < k; ++i) {
      writer_batches_.push_back(queue_.waiting.front());
      queue_.waiting.pop_front();
    }
    start_invocation(k, oldest);
  } else {
    while (!queue_.waiting.empty() && busy_ < s_.faas.concurrency_limit) {
      const TimeUs arrival = queue_.waiting.front();
      queue_.waiting.pop_front();
      start_invocation(1, arrival);
    }
  }
  queue_.note_length(now);
}

FaasSide::Placement FaasSide::place_invocation() {
  Placement at;
  at.env = take_environment(at.cold);
  Environment& env = envs_[at.env];
  // faas.cold_start_rate forces that fraction of invocations cold, as the analytic model does: one draw
  // per invocation from its own stream. A forced cold start on an idle environment replaces it with a
  // new one (new creation order, no model in memory); with no idle environment it is cold anyway.
  if (s_.faas.cold_start_rate) {
    const bool forced = forced_cold_rng_.uniform01() < *s_.faas.cold_start_rate;
    if (forced && !at.cold) {
      at.cold = true;
      env.created = next_created_++;
      env.model_version = -1;
    }
  }
  if (!at.cold) {
    at.hit = s_.faas.model_cache == ModelCache::per_environment
                 ? env.model_version == newest_version_
                 : cache_rng_.uniform01() < s_.faas.cache_hit_rate;
  }
  env.model_version = newest_version_;  // a miss loads the newest saved model (and replays what is unsaved)
  return at;
}

FaasSide::Work FaasSide::training_work(std::int64_t batches, const Placement& at) {
  Work w;
  const std::int64_t n_samples = s_.workload.batch_size * batches;
  PhaseBlocks b = blocks_;
  double variable_train_s =
      s_.learner.train_s_per_sample * static_cast<double>(s_.workload.batch_size) * compute_scale_;
  if (options_.compute) {
    // A compute source replaces the learner constants for this batch; the formulas stay the analytic ones.
    w.measured = options_.compute->compute(batch_index_, n_samples);
    ScenarioSpec spec = s_;
    spec.workload.batch_size = n_samples;
    spec.learner.train_s_fixed = w.measured.train_s;
    spec.learner.train_s_per_sample = 0;
    spec.learner.infer_s_per_sample = w.measured.infer_s / static_cast<double>(n_samples);
    spec.learner.model_bytes = w.measured.model_bytes;
    spec.faas.delta_bytes = w.measured.delta_bytes;
    b = phase_blocks(spec, compute_scale_);
    b.batch_s = blocks_.batch_s;  // still one object per batch
    variable_train_s = 0;
  }
  const double unsaved = static_cast<double>(unsaved_batches_);
  w.saves = saves_model_at(s_.faas, invocation_index_);
  w.phases = invocation_phases(s_, b, unsaved, w.saves, at.cold, at.hit);
  if (batches > 1 && !options_.compute) {
    // A merged invocation downloads every batch object and learns all their samples in one call.
    const double extra = static_cast<double>(batches - 1);
    w.phases.setup_batch_s += extra * b.batch_s;
    w.phases.inference_s += extra * b.infer_s;
    w.phases.training_s += extra * variable_train_s;
  } else if (batches > 1) {
    w.phases.setup_batch_s += static_cast<double>(batches - 1) * b.batch_s;
  }
  w.gets = training_s3_gets(static_cast<double>(batches), at.hit, unsaved);
  w.puts = 1;
  return w;
}

FaasSide::Work FaasSide::request_work(const Placement& at) const {
  Work w;
  w.phases = at.cold ? request_cold_ : at.hit ? request_warm_hit_ : request_warm_miss_;
  w.gets = at.hit ? 0 : 1;
  return w;
}

void FaasSide::charge(TimeUs now, const Run& run, const Work& w, std::int64_t n_samples) {
  const std::int64_t ms = billed_ms(run.handler_s + run.init_billed_s, in_.prices.lambda_granularity_ms);
  r_.billed_ms += static_cast<std::uint64_t>(ms);
  gb_s_ += lambda_gb_s(ms, memory_gb_);
  r_.s3_gets += static_cast<std::uint64_t>(w.gets);
  r_.s3_puts += static_cast<std::uint64_t>(w.puts);
  // The window's charges and busy time: invocations that start inside it, the part of one still
  // running at its end prorated; work drained after the window is run (and counted) but not charged
  // to it, as the VM is billed only up to the window's end.
  if (now >= queue_.window_end()) return;
  const TimeUs run_us = to_us(run.total_s);
  const TimeUs inside_us = queue_.add_busy(now, run_us);
  const std::int64_t window_ms =
      inside_us == run_us ? ms
                          : billed_ms((run.handler_s + run.init_billed_s) * static_cast<double>(inside_us) /
                                          static_cast<double>(run_us),
                                      in_.prices.lambda_granularity_ms);
  window_.billed_ms += window_ms;
  window_.gb_s += lambda_gb_s(window_ms, memory_gb_);
  window_.ephemeral_usd +=
      lambda_ephemeral_usd(window_ms, s_.faas.ephemeral_storage_mb, in_.prices.lambda_ephemeral_included_mb,
                           in_.prices.lambda_ephemeral_usd_per_gb_s);
  window_.invocations += 1;
  window_.s3_gets += w.gets;
  window_.s3_puts += w.puts;
  window_.samples += static_cast<double>(n_samples);
}

void FaasSide::start_invocation(std::int64_t batches, TimeUs oldest_arrival) {
  const TimeUs now = sim_.now();
  if (options_.memory_policy) {
    const int mb = options_.memory_policy->memory_mb(invocation_index_);
    if (mb != memory_mb_) set_memory(mb);
  }
  const Placement at = place_invocation();
  const bool training = s_.workload.kind == WorkloadKind::training_stream;
  Work w = training ? training_work(batches, at) : request_work(at);
  double factor = 1;
  if (s_.workload.service_time == ServiceTime::exponential) {
    factor = service_rng_.exponential(1.0);
    scale_phases(w.phases, factor);
  }
  // The function timeout cuts the handler (not INIT, which has its own limit) at faas.timeout_s: the
  // invocation is billed the timeout and learns or answers nothing; its upload never happens.
  const bool timed_out = w.phases.handler_s() > s_.faas.timeout_s;
  Run run;
  run.handler_s = timed_out ? s_.faas.timeout_s : w.phases.handler_s();
  if (timed_out) {
    ++r_.timeouts;
    w.puts = 0;
  }
  run.init_billed_s = lambda_init_billed_s(at.cold, in_.prices.init_billed, s_.faas.cold_start_s * factor);
  run.total_s = w.phases.start_s + run.handler_s;
  charge(now, run, w, s_.workload.batch_size * batches);
  if (options_.memory_policy)
    options_.memory_policy->observe(
        InvocationUse{invocation_index_, memory_mb_, w.phases.handler_s(), s_.learner.model_bytes});
  ++r_.invocations;
  if (at.cold) ++r_.cold_starts;
  if (at.hit) ++r_.cache_hits;
  const double wait_s = to_s(now - oldest_arrival);
  if (training) {
    for (const TimeUs arrival : writer_batches_) queue_.add_wait(to_s(now - arrival));
  } else {
    queue_.add_wait(wait_s);
  }
  queue_.latency.add(training ? run.total_s : wait_s + run.total_s);
  if (training) finish_training(batches, at.env, timed_out, w, to_s(now) + run.total_s);
  ++invocation_index_;
  sim_.schedule_in(to_us(run.total_s), this, kDone, at.env);
}

void FaasSide::finish_training(std::int64_t batches, int e, bool timed_out, const Work& w, double end_s) {
  Environment& env = envs_[e];
  writer_busy_ = true;
  writer_timed_out_ = timed_out;
  if (timed_out) {
    // The batches are lost with the invocation: the model and what is saved stay as they were.
    env.model_version = newest_version_;
  } else {
    env.model_version = ++newest_version_;
    unsaved_batches_ = w.saves ? 0 : unsaved_batches_ + batches;
    if (quality_ && w.measured.has_metric)
      quality_->push_back(BatchQuality{end_s, batch_index_ + batches - 1, w.measured.metric});
  }
  batch_index_ += batches;
}

void FaasSide::on_done(int e) {
  --busy_;
  if (s_.workload.kind == WorkloadKind::training_stream) {
    writer_busy_ = false;
    // Freshness: from each batch's arrival to the end of the invocation that learnt it.
    if (!writer_timed_out_)
      for (const TimeUs arrival : writer_batches_) queue_.freshness.add(to_s(sim_.now() - arrival));
  }
  make_idle(e);
  try_dispatch();
}

int FaasSide::take_environment(bool& cold) {
  // Drop entries of environments retired or reused since they were pushed, and retire idle
  // environments of another memory size (a configuration change: AWS starts new environments).
  while (!idle_.empty()) {
    const IdleEntry top = idle_.front();
    Environment& env = envs_[top.env];
    const bool live = env.alive && !env.busy && env.generation == top.generation;
    if (live && env.memory_mb == memory_mb_) break;
    std::pop_heap(idle_.begin(), idle_.end());
    idle_.pop_back();
    if (live) retire(top.env);
  }
  int e;
  if (!idle_.empty()) {
    e = idle_.front().env;
    std::pop_heap(idle_.begin(), idle_.end());
    idle_.pop_back();
    cold = false;
  } else {
    if (!free_slots_.empty()) {
      e = free_slots_.back();
      free_slots_.pop_back();
    } else {
      e = static_cast<int>(envs_.size());
      envs_.emplace_back();
    }
    Environment& env = envs_[e];
    const std::int64_t generation = env.generation;
    const bool expiry_pending = env.expiry_pending;
    env = Environment{};
    env.generation = generation + 1;  // entries and events of the slot's previous environment stay stale
    env.expiry_pending = expiry_pending;
    env.alive = true;
    env.memory_mb = memory_mb_;
    env.created = next_created_++;
    ++alive_;
    cold = true;
    set_instances();
  }
  envs_[e].busy = true;
  ++busy_;
  return e;
}

std::int64_t FaasSide::routing_key(const Environment& env) const {
  return s_.faas.routing == Routing::newest_first ? env.created : env.last_used;
}

void FaasSide::make_idle(int e) {
  Environment& env = envs_[e];
  env.busy = false;
  env.last_used = next_use_++;
  ++env.generation;
  idle_.push_back(IdleEntry{routing_key(env), env.generation, e});
  std::push_heap(idle_.begin(), idle_.end());
  env.expires_at = sim_.now() + to_us(draw_keep_alive_s());
  if (fixed_keep_alive_) {
    // Expiry times of a slot only grow, so the event already pending (earlier) is re-armed when it
    // fires instead of adding one event per idle period: the heap stays as small as the pool.
    if (!env.expiry_pending) {
      env.expiry_pending = true;
      sim_.schedule_at(env.expires_at, this, kExpire, e);
    }
  } else {
    sim_.schedule_at(env.expires_at, this, kExpire, (env.generation << kEnvBits) | e);
  }
}

void FaasSide::on_expire(std::int64_t arg) {
  const int e = static_cast<int>(arg & kEnvMask);
  Environment& env = envs_[e];
  if (fixed_keep_alive_) {
    env.expiry_pending = false;
    if (!env.alive || env.busy) return;  // a busy environment re-arms when it goes idle
    if (sim_.now() < env.expires_at) {   // used since this event was scheduled
      env.expiry_pending = true;
      sim_.schedule_at(env.expires_at, this, kExpire, e);
      return;
    }
  } else if (!env.alive || env.busy || env.generation != (arg >> kEnvBits)) {
    return;  // used again since
  }
  retire(e);
}

void FaasSide::retire(int e) {
  Environment& env = envs_[e];
  env.alive = false;
  --alive_;
  free_slots_.push_back(e);
  set_instances();
}

double FaasSide::draw_keep_alive_s() {
  if (keep_alive_quantiles_s_.empty()) return s_.faas.keep_alive_s;
  return sample_quantiles(keep_alive_quantiles_s_, keep_alive_rng_.uniform01());
}

void FaasSide::set_instances() {
  if (!queue_.window_closed()) instances_.set(sim_.now(), static_cast<double>(alive_));
}

SideSimulation FaasSide::finish(TimeUs window_end) {
  SideSimulation r = r_;
  const double window_s = to_s(window_end);
  const double hours = window_s / kSecondsPerHour;
  const ResolvedPrices& pr = in_.prices;
  const double invocations = static_cast<double>(r.invocations);
  r.cold_start_rate = invocations > 0 ? static_cast<double>(r.cold_starts) / invocations : 0;
  r.cache_hit_rate = invocations > 0 ? static_cast<double>(r.cache_hits) / invocations : 0;
  queue_.fill(r);
  r.mean_instances = instances_mean_;
  r.max_instances = instances_.max();

  // Costs: the analytic model's rules (analytic.cpp evaluate_faas) applied to the window's totals,
  // with the monthly volume (tiers, free tier) extrapolated from the window.
  // One memory size: from the integer total, exactly as the analytic model's per-case GB-s.
  r.gb_s = options_.memory_policy ? gb_s_ : lambda_gb_s(static_cast<std::int64_t>(r.billed_ms), memory_gb_);
  const double window_gb_s =
      options_.memory_policy ? window_.gb_s : lambda_gb_s(window_.billed_ms, memory_gb_);
  const double window_invocations = static_cast<double>(window_.invocations);
  const double per_month = hours > 0 ? kHoursPerMonth / hours : 0;
  const double gb_s_per_month = window_gb_s * per_month;
  const double invocations_per_month = window_invocations * per_month;
  const LambdaMonthRates rates =
      lambda_month_rates(pr, s_.faas.tiered_pricing, gb_s_per_month, invocations_per_month);
  r.cost.lambda_duration_usd = lambda_gb_s_usd(window_gb_s, rates);
  r.cost.lambda_request_usd = lambda_requests_usd(window_invocations, rates);
  r.cost.lambda_ephemeral_usd = window_.ephemeral_usd;
  r.cost.s3_request_usd = s3_faas_requests_usd(window_.s3_gets, window_.s3_puts, pr);
  r.cost.total_usd = r.cost.lambda_duration_usd + r.cost.lambda_request_usd + r.cost.lambda_ephemeral_usd +
                     r.cost.s3_request_usd;
  r.cost_usd_per_hour = hours > 0 ? r.cost.total_usd / hours : 0;
  r.cost_usd_per_month = r.cost_usd_per_hour * kHoursPerMonth;
  // Per sample served: the samples of the invocations charged to the window (throttled and dropped
  // arrivals are not served, so they do not make the served ones look cheaper).
  r.cost_usd_per_1000_samples = window_.samples > 0 ? r.cost.total_usd / window_.samples * 1000.0 : 0;

  // A side that turns work away (timeouts, throttling) does not keep up, however short its waits are.
  std::string reason;
  if (r.timeouts > 0)
    reason = std::to_string(r.timeouts) + " of " + std::to_string(r.invocations) +
             " invocations ran past faas.timeout_s " + short_number(s_.faas.timeout_s, 6) +
             " s and were cut off (billed the timeout, their work lost)";
  else if (r.throttled > 0)
    reason = std::to_string(r.throttled) + " of " + std::to_string(r.arrivals) +
             " requests were throttled at faas.concurrency_limit " +
             std::to_string(s_.faas.concurrency_limit) + " (over_limit throttle)";
  queue_.judge_keep_up(r, options_.queue_cap, reason);
  return r;
}

}  // namespace breakeven::des
