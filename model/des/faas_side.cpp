#include "model/des/faas_side.h"

#include <algorithm>

#include "model/des/keep_alive.h"
#include "model/des/percentiles_of.h"
#include "model/memory_policy.h"
#include "model/pricing.h"
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
  const double cpu_share = std::min(
      {static_cast<double>(s_.learner.threads), memory_mb / in_.limits.mb_per_vcpu, in_.limits.max_vcpus});
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
  window_end_ = window_end;
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
      instances_mean_ = instances_.mean(window_end_);
      queue_mean_ = queue_.mean(window_end_);
      waiting_at_window_end_ = waiting_.size();
      window_closed_ = true;
      break;
  }
}

void FaasSide::on_arrival() {
  ++r_.arrivals;
  const TimeUs now = sim_.now();
  const bool training = s_.workload.kind == WorkloadKind::training_stream;
  const bool can_start =
      training ? !writer_busy_ && waiting_.empty() : busy_ < s_.faas.concurrency_limit && waiting_.empty();
  if (can_start) {
    if (training) writer_batches_.assign(1, now);
    start_invocation(1, now);
  } else if (!training && s_.faas.over_limit == OverLimit::throttle) {
    ++r_.throttled;
  } else if (waiting_.size() >= options_.queue_cap) {
    ++r_.dropped;
  } else {
    waiting_.push_back(now);
    if (!window_closed_) queue_.set(now, static_cast<double>(waiting_.size()));
  }
  TimeUs next = 0;
  if (arrivals_.next(next) && next < window_end_) sim_.schedule_at(next, this, kArrival);
}

void FaasSide::try_dispatch() {
  const TimeUs now = sim_.now();
  if (s_.workload.kind == WorkloadKind::training_stream) {
    if (writer_busy_ || waiting_.empty()) return;
    const TimeUs oldest = waiting_.front();
    const std::int64_t k =
        s_.workload.overlap == Overlap::merge ? static_cast<std::int64_t>(waiting_.size()) : 1;
    writer_batches_.clear();
    for (std::int64_t i = 0; i < k; ++i) {
      writer_batches_.push_back(waiting_.front());
      waiting_.pop_front();
    }
    start_invocation(k, oldest);
  } else {
    while (!waiting_.empty() && busy_ < s_.faas.concurrency_limit) {
      const TimeUs arrival = waiting_.front();
      waiting_.pop_front();
      start_invocation(1, arrival);
    }
  }
  if (!window_closed_) queue_.set(now, static_cast<double>(waiting_.size()));
}

void FaasSide::start_invocation(std::int64_t batches, TimeUs oldest_arrival) {
  const TimeUs now = sim_.now();
  if (options_.memory_policy) {
    const int mb = options_.memory_policy->memory_mb(invocation_index_);
    if (mb != memory_mb_) set_memory(mb);
  }
  bool cold = false;
  const int e = take_environment(cold);
  Environment& env = envs_[e];
  const bool training = s_.workload.kind == WorkloadKind::training_stream;
  // faas.cold_start_rate forces that fraction of invocations cold, as the analytic model does: one draw
  // per invocation from its own stream. A forced cold start on an idle environment replaces it with a
  // new one (new creation order, no model in memory); with no idle environment it is cold anyway.
  if (s_.faas.cold_start_rate) {
    const bool forced = forced_cold_rng_.uniform01() < *s_.faas.cold_start_rate;
    if (forced && !cold) {
      cold = true;
      env.created = next_created_++;
      env.model_version = -1;
    }
  }

  bool hit = false;
  if (!cold) {
    hit = s_.faas.model_cache == ModelCache::per_environment
              ? env.model_version == newest_version_
              : cache_rng_.uniform01() < s_.faas.cache_hit_rate;
  }
  env.model_version = newest_version_;  // a miss loads the newest saved model (and replays what is unsaved)
  const std::int64_t n_samples = s_.workload.batch_size * batches;
  PhaseBlocks b = blocks_;
  double variable_train_s =
      s_.learner.train_s_per_sample * static_cast<double>(s_.workload.batch_size) * compute_scale_;
  BatchCompute measured;
  if (training && options_.compute) {
    // A compute source replaces the learner constants for this batch; the formulas stay the analytic ones.
    measured = options_.compute->compute(batch_index_, n_samples);
    ScenarioSpec spec = s_;
    spec.workload.batch_size = n_samples;
    spec.learner.train_s_fixed = measured.train_s;
    spec.learner.train_s_per_sample = 0;
    spec.learner.infer_s_per_sample = measured.infer_s / static_cast<double>(n_samples);
    spec.learner.model_bytes = measured.model_bytes;
    spec.faas.delta_bytes = measured.delta_bytes;
    b = phase_blocks(spec, compute_scale_);
    b.batch_s = blocks_.batch_s;  // still one object per batch
    variable_train_s = 0;
  }

  Phases p;
  double gets = 0, puts = 0;
  bool saves = true;
  if (training) {
    const double unsaved = static_cast<double>(unsaved_batches_);
    saves = s_.faas.save_policy == SavePolicy::always ||
            (s_.faas.save_policy == SavePolicy::every_k &&
             invocation_index_ % s_.faas.save_every_k == s_.faas.save_every_k - 1);
    p = invocation_phases(s_, b, unsaved, saves, cold, hit);
    if (batches > 1 && !options_.compute) {
      // A merged invocation downloads every batch object and learns all their samples in one call.
      const double extra = static_cast<double>(batches - 1);
      p.setup_batch_s += extra * b.batch_s;
      p.inference_s += extra * b.infer_s;
      p.training_s += extra * variable_train_s;
    } else if (batches > 1) {
      p.setup_batch_s += static_cast<double>(batches - 1) * b.batch_s;
    }
    gets = static_cast<double>(batches) + (hit ? 0 : 1 + (unsaved_batches_ > 0 ? 1 + unsaved : 0));
    puts = 1;
  } else {
    p = cold ? request_cold_ : hit ? request_warm_hit_ : request_warm_miss_;
    gets = hit ? 0 : 1;
  }
  double factor = 1;
  if (s_.workload.service_time == ServiceTime::exponential) {
    factor = service_rng_.exponential(1.0);
    scale_phases(p, factor);
  }
  // The function timeout cuts the handler (not INIT, which has its own limit) at faas.timeout_s: the
  // invocation is billed the timeout and learns or answers nothing; its upload never happens.
  const bool timed_out = p.handler_s() > s_.faas.timeout_s;
  const double handler_s = timed_out ? s_.faas.timeout_s : p.handler_s();
  if (timed_out) {
    ++r_.timeouts;
    puts = 0;
  }
  const double init_billed_s = cold && in_.prices.init_billed ? s_.faas.cold_start_s * factor : 0;
  const std::int64_t ms = billed_ms(handler_s + init_billed_s, in_.prices.lambda_granularity_ms);
  r_.billed_ms += static_cast<std::uint64_t>(ms);
  gb_s_ += static_cast<double>(ms) / 1000.0 * memory_gb_;
  if (options_.memory_policy)
    options_.memory_policy->observe(
        InvocationUse{invocation_index_, memory_mb_, p.handler_s(), s_.learner.model_bytes});
  r_.s3_gets += static_cast<std::uint64_t>(gets);
  r_.s3_puts += static_cast<std::uint64_t>(puts);
  ++r_.invocations;
  if (cold) ++r_.cold_starts;
  if (hit) ++r_.cache_hits;

  const double total_s = p.start_s + handler_s;
  // The window's charges and busy time: invocations that start inside it, the part of one still
  // running at its end prorated; work drained after the window is run (and counted) but not charged
  // to it, as the VM is billed only up to the window's end.
  if (now < window_end_) {
    const TimeUs run_us = to_us(total_s);
    const TimeUs inside_us = std::min(run_us, window_end_ - now);
    busy_us_ += inside_us;
    const std::int64_t window_ms =
        inside_us == run_us ? ms
                            : billed_ms((handler_s + init_billed_s) * static_cast<double>(inside_us) /
                                            static_cast<double>(run_us),
                                        in_.prices.lambda_granularity_ms);
    window_.billed_ms += window_ms;
    window_.gb_s += static_cast<double>(window_ms) / 1000.0 * memory_gb_;
    window_.ephemeral_usd +=
        lambda_ephemeral_usd(window_ms, s_.faas.ephemeral_storage_mb, in_.prices.lambda_ephemeral_included_mb,
                             in_.prices.lambda_ephemeral_usd_per_gb_s);
    window_.invocations += 1;
    window_.s3_gets += gets;
    window_.s3_puts += puts;
    window_.samples += static_cast<double>(n_samples);
  }
  const double wait_s = to_s(now - oldest_arrival);
  if (training) {
    for (const TimeUs arrival : writer_batches_) wait_sum_s_ += to_s(now - arrival);
    started_ += writer_batches_.size();
  } else {
    wait_sum_s_ += wait_s;
    ++started_;
  }
  latency_.add(training ? total_s : wait_s + total_s);
  if (training && timed_out) {
    // The batches are lost with the invocation: the model and what is saved stay as they were.
    writer_busy_ = true;
    writer_timed_out_ = true;
    env.model_version = newest_version_;
    batch_index_ += batches;
  } else if (training) {
    writer_busy_ = true;
    writer_timed_out_ = false;
    env.model_version = ++newest_version_;
    unsaved_batches_ = saves ? 0 : unsaved_batches_ + batches;
    if (quality_ && measured.has_metric)
      quality_->push_back(BatchQuality{to_s(now) + total_s, batch_index_ + batches - 1, measured.metric});
    batch_index_ += batches;
  }
  ++invocation_index_;
  sim_.schedule_in(to_us(total_s), this, kDone, e);
}

void FaasSide::on_done(int e) {
  --busy_;
  if (s_.workload.kind == WorkloadKind::training_stream) {
    writer_busy_ = false;
    // Freshness: from each batch's arrival to the end of the invocation that learnt it.
    if (!writer_timed_out_)
      for (const TimeUs arrival : writer_batches_) freshness_.add(to_s(sim_.now() - arrival));
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
  if (!window_closed_) instances_.set(sim_.now(), static_cast<double>(alive_));
}

SideSimulation FaasSide::finish(TimeUs window_end) {
  SideSimulation r = r_;
  const double window_s = to_s(window_end);
  const double hours = window_s / kSecondsPerHour;
  const ResolvedPrices& pr = in_.prices;
  const double invocations = static_cast<double>(r.invocations);
  r.cold_start_rate = invocations > 0 ? static_cast<double>(r.cold_starts) / invocations : 0;
  r.cache_hit_rate = invocations > 0 ? static_cast<double>(r.cache_hits) / invocations : 0;
  r.utilisation = to_s(busy_us_) / window_s;
  r.mean_instances = instances_mean_;
  r.max_instances = instances_.max();
  r.queue_mean = queue_mean_;
  r.queue_max = queue_.max();
  r.mean_wait_s = started_ ? wait_sum_s_ / static_cast<double>(started_) : 0;
  r.latency = percentiles_of(latency_);
  r.freshness = percentiles_of(freshness_);

  // Costs: the analytic model's rules (analytic.cpp evaluate_faas) applied to the window's totals,
  // with the monthly volume (tiers, free tier) extrapolated from the window.
  // One memory size: from the integer total, exactly as the analytic model's per-case GB-s.
  r.gb_s = options_.memory_policy ? gb_s_ : static_cast<double>(r.billed_ms) / 1000.0 * memory_gb_;
  const double window_gb_s =
      options_.memory_policy ? window_.gb_s : static_cast<double>(window_.billed_ms) / 1000.0 * memory_gb_;
  const double window_invocations = static_cast<double>(window_.invocations);
  const double per_month = hours > 0 ? kHoursPerMonth / hours : 0;
  const double gb_s_per_month = window_gb_s * per_month;
  const double invocations_per_month = window_invocations * per_month;
  const double billable_gb_s = std::max(0.0, gb_s_per_month - pr.free_gb_s_per_month);
  const double billable_requests = std::max(0.0, invocations_per_month - pr.free_requests_per_month);
  const double usd_per_gb_s =
      s_.faas.tiered_pricing
          ? tiered_average_usd_per_gb_s(pr.lambda_tiers, billable_gb_s)
          : (pr.lambda_tiers.empty() ? 0 : *pr.lambda_tiers.front().price_usd_per_gb_s.value);
  const double duration_share = gb_s_per_month > 0 ? billable_gb_s / gb_s_per_month : 0;
  const double request_share = invocations_per_month > 0 ? billable_requests / invocations_per_month : 0;
  r.cost.lambda_duration_usd = window_gb_s * duration_share * usd_per_gb_s;
  r.cost.lambda_request_usd = window_invocations * request_share * pr.lambda_request_usd;
  r.cost.lambda_ephemeral_usd = window_.ephemeral_usd;
  r.cost.s3_request_usd = window_.s3_gets * pr.s3_faas_get_usd + window_.s3_puts * pr.s3_faas_put_usd;
  r.cost.total_usd = r.cost.lambda_duration_usd + r.cost.lambda_request_usd + r.cost.lambda_ephemeral_usd +
                     r.cost.s3_request_usd;
  r.cost_usd_per_hour = hours > 0 ? r.cost.total_usd / hours : 0;
  r.cost_usd_per_month = r.cost_usd_per_hour * kHoursPerMonth;
  // Per sample served: the samples of the invocations charged to the window (throttled and dropped
  // arrivals are not served, so they do not make the served ones look cheaper).
  r.cost_usd_per_1000_samples = window_.samples > 0 ? r.cost.total_usd / window_.samples * 1000.0 : 0;

  if (r.dropped > 0) {
    r.keeps_up = false;
    r.keep_up_note = std::to_string(r.dropped) + " arrivals found the waiting line full (" +
                     std::to_string(options_.queue_cap) + ") and were dropped";
  } else if (r.timeouts > 0) {
    r.keeps_up = false;
    r.keep_up_note = std::to_string(r.timeouts) + " of " + std::to_string(r.invocations) +
                     " invocations ran past faas.timeout_s " + short_number(s_.faas.timeout_s, 6) +
                     " s and were cut off (billed the timeout, their work lost)";
  } else if (r.throttled > 0) {
    // A side that turns work away does not keep up, however short its waits are.
    r.keeps_up = false;
    r.keep_up_note = std::to_string(r.throttled) + " of " + std::to_string(r.arrivals) +
                     " requests were throttled at faas.concurrency_limit " +
                     std::to_string(s_.faas.concurrency_limit) + " (over_limit throttle)";
  } else if (waiting_at_window_end_ > 10 + r.arrivals / 100) {
    r.keeps_up = false;
    r.keep_up_note =
        std::to_string(waiting_at_window_end_) + " arrivals were still waiting at the end of the window";
  }
  return r;
}

}  // namespace breakeven::des
