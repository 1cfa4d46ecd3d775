#include "model/analytic.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "model/billing.h"
#include "model/memory_policy.h"
#include "model/text.h"
#include "model/units.h"

namespace breakeven {

namespace {

// Where an invocation sits in the save cycle: how many batches are not in the saved model before it
// (replayed after a lost cache), whether it saves the model, and the weight of such positions.
struct CyclePosition {
  double unsaved_batches = 0;
  bool saves_model = true;
  double weight = 1;
};

using Building = PhaseBlocks;

}  // namespace

PhaseBlocks phase_blocks(const ScenarioSpec& s, double compute_scale) {
  const double B = s.storage.bandwidth_mb_s, L = s.storage.latency_s;
  const double n = static_cast<double>(s.workload.batch_size);
  Building b;
  b.batch_s = transfer_s(n * s.workload.sample_bytes, B, L);
  b.history_s = transfer_s(s.faas.history_record_bytes, B, L);
  b.infer_s = s.learner.infer_s_per_sample * n * compute_scale;
  b.train_s = (s.learner.train_s_fixed + s.learner.train_s_per_sample * n) * compute_scale;
  if (s.faas.delta_encoding) {
    b.model_load_s = transfer_s(s.faas.delta_bytes, B, L) + s.faas.delta_decode_s * compute_scale;
    b.model_save_s = s.faas.delta_encode_s * compute_scale + transfer_s(s.faas.delta_bytes, B, L);
  } else {
    b.model_load_s = transfer_s(s.learner.model_bytes, B, L) + s.learner.deserialize_s * compute_scale;
    b.model_save_s = s.learner.serialize_s * compute_scale + transfer_s(s.learner.model_bytes, B, L);
  }
  return b;
}

namespace {

Building building_blocks(const ScenarioSpec& s, double compute_scale) {
  return phase_blocks(s, compute_scale);
}

std::vector<CyclePosition> save_cycle(const ScenarioSpec& s, double interval_s, double* worst_unsaved) {
  std::vector<CyclePosition> out;
  switch (s.faas.save_policy) {
    case SavePolicy::always:
      out.push_back({0, true, 1});
      *worst_unsaved = 0;
      break;
    case SavePolicy::every_k: {
      // Invocation i saves when i is a multiple of k; before it, (i - 1) mod k batches are unsaved.
      const int k = s.faas.save_every_k;
      for (int j = 0; j < k; ++j) out.push_back({static_cast<double>(j), j == k - 1, 1.0 / k});
      *worst_unsaved = k - 1;
      break;
    }
    case SavePolicy::never: {
      // Nothing is ever saved: before invocation i (1-based) of the horizon, i - 1 batches are unsaved.
      // Replay time is linear in that count, so the horizon's mean is exact for time and S3 requests.
      const double batches = std::max(1.0, std::floor(s.workload.horizon_h * kSecondsPerHour / interval_s));
      out.push_back({(batches - 1) / 2, false, 1});
      *worst_unsaved = batches - 1;
      break;
    }
  }
  return out;
}

Phases case_phases(const ScenarioSpec& s, const Building& b, const CyclePosition& pos, bool cold, bool hit) {
  Phases p;
  p.start_s = cold ? s.faas.cold_start_s + s.faas.cold_start_extra_s : s.faas.warm_overhead_s;
  p.setup_batch_s = b.batch_s;
  if (!hit) {
    p.setup_model_s = b.model_load_s;
    if (pos.unsaved_batches > 0)
      p.setup_replay_s = b.history_s + pos.unsaved_batches * (b.batch_s + b.train_s);
  }
  p.inference_s = b.infer_s;
  p.training_s = b.train_s;
  p.cleanup_s = pos.saves_model ? b.model_save_s : b.history_s;
  return p;
}

void add_scaled(Phases& sum, const Phases& p, double w) {
  sum.start_s += w * p.start_s;
  sum.setup_batch_s += w * p.setup_batch_s;
  sum.setup_model_s += w * p.setup_model_s;
  sum.setup_replay_s += w * p.setup_replay_s;
  sum.inference_s += w * p.inference_s;
  sum.training_s += w * p.training_s;
  sum.cleanup_s += w * p.cleanup_s;
}

// Mean client-visible time of warm invocations when a fraction `hit` of them find the model cached.
double mean_warm_latency(const ScenarioSpec& s, const Building& b, const std::vector<CyclePosition>& cycle,
                         double hit) {
  double sum = 0;
  for (const auto& pos : cycle)
    sum += pos.weight * (hit * case_phases(s, b, pos, false, true).total_s() +
                         (1 - hit) * case_phases(s, b, pos, false, false).total_s());
  return sum;
}

double mean_cold_latency(const ScenarioSpec& s, const Building& b, const std::vector<CyclePosition>& cycle) {
  double sum = 0;
  for (const auto& pos : cycle) sum += pos.weight * case_phases(s, b, pos, true, false).total_s();
  return sum;
}

}  // namespace

Phases invocation_phases(const ScenarioSpec& s, const PhaseBlocks& b, double unsaved_batches,
                         bool saves_model, bool cold, bool cache_hit) {
  return case_phases(s, b, CyclePosition{unsaved_batches, saves_model, 1}, cold, cache_hit);
}

FaasResult evaluate_faas(const ModelInput& in, double interval_s) {
  const ScenarioSpec& s = in.spec;
  const ResolvedPrices& pr = in.prices;
  FaasResult r;
  r.memory_mb = effective_memory_mb(s, in.limits);
  r.cpu_share_vcpu = lambda_cpu_share_vcpu(r.memory_mb, s.learner.threads, in.limits);
  const double compute_scale = s.faas.speed_factor / r.cpu_share_vcpu;
  const Building b = building_blocks(s, compute_scale);
  double worst_unsaved = 0;
  const std::vector<CyclePosition> cycle = save_cycle(s, interval_s, &worst_unsaved);

  // Cold starts. Keep-alive rule: an environment idle for longer than keep_alive_s after its last
  // invocation ended is retired. With a fixed interval, the idle gap is interval - (invocation time).
  r.cache_hit_rate_asked = s.faas.cache_hit_rate;
  if (s.faas.cold_start_rate) {
    r.cold_start_fraction = *s.faas.cold_start_rate;
  } else {
    const double idle_after_warm = interval_s - mean_warm_latency(s, b, cycle, s.faas.cache_hit_rate);
    const double idle_after_cold = interval_s - mean_cold_latency(s, b, cycle);
    if (idle_after_warm <= s.faas.keep_alive_s)
      r.cold_start_fraction = 0;
    else if (idle_after_cold > s.faas.keep_alive_s)
      r.cold_start_fraction = 1;
    else
      r.cold_start_fraction = 0.5;  // a cold invocation is long enough to keep the next one warm
  }
  const double warm = 1 - r.cold_start_fraction;
  r.cache_hit_rate_effective = std::min(s.faas.cache_hit_rate, warm);
  if (r.cache_hit_rate_effective < s.faas.cache_hit_rate)
    r.notes.push_back("faas.cache_hit_rate " + short_number(s.faas.cache_hit_rate, 4) +
                      " capped at the warm fraction " + short_number(warm, 4) +
                      ": a new environment never holds the model");

  struct Kind {
    const char* label;
    bool cold, hit;
    double probability;
  };
  const Kind kinds[] = {{"cold", true, false, r.cold_start_fraction},
                        {"warm, cache hit", false, true, r.cache_hit_rate_effective},
                        {"warm, cache miss", false, false, warm - r.cache_hit_rate_effective}};
  const double memory_gb = lambda_memory_gb(r.memory_mb);
  double worst_handler_s = 0;  // the function timeout limits the invoke phase; INIT has its own limit
  for (const auto& kind : kinds) {
    if (kind.probability <= 0) continue;
    for (size_t j = 0; j < cycle.size(); ++j) {
      const CyclePosition& pos = cycle[j];
      InvocationCase c;
      c.label = kind.label;
      if (cycle.size() > 1)
        c.label += ", save cycle position " + std::to_string(j + 1) + "/" + std::to_string(cycle.size());
      c.probability = kind.probability * pos.weight;
      c.cold = kind.cold;
      c.cache_hit = kind.hit;
      c.phases = case_phases(s, b, pos, kind.cold, kind.hit);
      const double init_billed_s = lambda_init_billed_s(kind.cold, pr.init_billed, s.faas.cold_start_s);
      const double billed_s = c.phases.handler_s() + init_billed_s;
      c.billed_ms = billed_ms(billed_s, pr.lambda_granularity_ms);
      c.gb_s = lambda_gb_s(c.billed_ms, memory_gb);
      c.s3_gets = training_s3_gets(1, kind.hit, pos.unsaved_batches);
      c.s3_puts = 1;
      worst_handler_s = std::max(worst_handler_s, c.phases.handler_s());
      r.max_invocation_s = std::max(r.max_invocation_s, c.phases.total_s());
      r.cases.push_back(std::move(c));
    }
  }
  // `never` averages the replay over the horizon; its last invocation replays the whole horizon.
  if (s.faas.save_policy == SavePolicy::never && r.cache_hit_rate_effective < 1) {
    const CyclePosition last{worst_unsaved, false, 1};
    const Phases p = case_phases(s, b, last, r.cold_start_fraction > 0, false);
    worst_handler_s = std::max(worst_handler_s, p.handler_s());
    r.max_invocation_s = std::max(r.max_invocation_s, p.total_s());
    r.notes.push_back("save_policy never: after a lost cache the last invocation of the " +
                      short_number(s.workload.horizon_h, 4) + " h horizon replays " +
                      short_number(worst_unsaved, 10) + " batches (" + short_number(p.total_s(), 4) + " s)");
  }

  // Means over the cases.
  double mean_gb_s = 0, mean_gets = 0, mean_puts = 0;
  for (const auto& c : r.cases) {
    add_scaled(r.mean_phases, c.phases, c.probability);
    r.billed_ms += c.probability * static_cast<double>(c.billed_ms);
    mean_gb_s += c.probability * c.gb_s;
    mean_gets += c.probability * c.s3_gets;
    mean_puts += c.probability * c.s3_puts;
  }
  r.invocation_s = r.mean_phases.total_s();
  r.handler_s = r.mean_phases.handler_s();
  r.utilisation = r.invocation_s / interval_s;
  r.invocations_per_hour = kSecondsPerHour / interval_s;
  r.s3_requests_per_hour = r.invocations_per_hour * (mean_gets + mean_puts);

  // Monthly volume decides the tier (and the free tier, when asked for).
  const double invocations_per_month = r.invocations_per_hour * kHoursPerMonth;
  r.gb_s_per_month = mean_gb_s * invocations_per_month;
  const LambdaMonthRates rates =
      lambda_month_rates(pr, s.faas.tiered_pricing, r.gb_s_per_month, invocations_per_month);
  r.usd_per_gb_s_average = rates.usd_per_gb_s;
  for (auto& c : r.cases) {
    c.cost_usd = lambda_gb_s_usd(c.gb_s, rates) + lambda_requests_usd(1, rates) +
                 lambda_ephemeral_usd(c.billed_ms, s.faas.ephemeral_storage_mb,
                                      pr.lambda_ephemeral_included_mb, pr.lambda_ephemeral_usd_per_gb_s) +
                 s3_faas_requests_usd(c.s3_gets, c.s3_puts, pr);
    r.cost_usd_per_invocation += c.probability * c.cost_usd;
  }
  r.cost_usd_per_hour = r.cost_usd_per_invocation * r.invocations_per_hour;
  r.cost_usd_per_month = r.cost_usd_per_hour * kHoursPerMonth;
  r.cost_usd_per_1000_samples =
      r.cost_usd_per_hour / (r.invocations_per_hour * static_cast<double>(s.workload.batch_size)) * 1000.0;

  // Feasibility.
  const double memory_bytes = r.memory_mb * kBytesPerMib;
  if (s.faas.memory_policy == MemoryPolicy::usage_based &&
      usage_based_memory_mb(s) > in.limits.memory_mb_max) {
    r.feasible = false;
    r.infeasible_reason = "memory_policy usage_based needs " + short_number(usage_based_memory_mb(s), 10) +
                          " MB (peak use plus headroom), above the Lambda maximum " +
                          std::to_string(in.limits.memory_mb_max) + " MB";
  } else if (s.learner.model_bytes > memory_bytes) {
    r.feasible = false;
    r.infeasible_reason = "the model (" + short_number(s.learner.model_bytes / kBytesPerMb, 4) +
                          " MB) does not fit in " + std::to_string(r.memory_mb) + " MB of function memory";
  } else if (worst_handler_s > s.faas.timeout_s) {
    r.feasible = false;
    r.infeasible_reason = "the longest invocation runs " + short_number(worst_handler_s, 4) +
                          " s, over the function timeout " + short_number(s.faas.timeout_s, 4) + " s";
  } else if (r.invocation_s >= interval_s) {
    r.feasible = false;
    r.infeasible_reason = "one invocation takes " + short_number(r.invocation_s, 4) +
                          " s on average, not less than the " + short_number(interval_s, 4) +
                          " s between batches: with one training invocation at a time, batches "
                          "pile up";
  } else if (r.max_invocation_s >= interval_s) {
    r.notes.push_back("the longest invocation kind (" + short_number(r.max_invocation_s, 4) +
                      " s) exceeds the interval; "
                      "batches queue behind it but the mean keeps up");
  }
  return r;
}

IaasResult evaluate_iaas(const ModelInput& in, double interval_s) {
  const ScenarioSpec& s = in.spec;
  const ResolvedPrices& pr = in.prices;
  IaasResult r;
  r.vcpu_used = std::min(static_cast<double>(s.learner.threads), pr.ec2_vcpu);
  const double compute_scale = s.iaas.speed_factor / r.vcpu_used;
  const Building b = building_blocks(s, compute_scale);
  // The VM keeps the model in its own memory: no start, no model download; upload if asked to.
  r.phases.setup_batch_s = b.batch_s;
  r.phases.inference_s = b.infer_s;
  r.phases.training_s = b.train_s;
  r.phases.cleanup_s =
      s.iaas.save_model ? s.learner.serialize_s * compute_scale +
                              transfer_s(s.learner.model_bytes, s.storage.bandwidth_mb_s, s.storage.latency_s)
                        : 0;
  r.invocation_s = r.phases.total_s();
  r.utilisation = r.invocation_s / interval_s;
  const double compute_s =
      b.infer_s + b.train_s + (s.iaas.save_model ? s.learner.serialize_s * compute_scale : 0);
  r.cpu_utilisation = compute_s * r.vcpu_used / (interval_s * pr.ec2_vcpu);
  r.instance_usd_per_hour = pr.ec2_usd_per_hour;
  const double s3_per_batch = s3_iaas_requests_usd(1, s.iaas.save_model ? 1 : 0, pr);
  r.s3_usd_per_hour = s3_per_batch * kSecondsPerHour / interval_s;
  r.cost_usd_per_hour = r.instance_usd_per_hour + r.s3_usd_per_hour;
  r.cost_usd_per_month = r.cost_usd_per_hour * kHoursPerMonth;
  r.cost_usd_per_1000_samples = r.cost_usd_per_hour /
                                (kSecondsPerHour / interval_s * static_cast<double>(s.workload.batch_size)) *
                                1000.0;
  if (pr.ec2_memory_gib > 0 && s.learner.model_bytes > pr.ec2_memory_gib * kBytesPerGib) {
    r.feasible = false;
    r.infeasible_reason = "the model (" + short_number(s.learner.model_bytes / kBytesPerMb, 4) +
                          " MB) does not fit in the " + s.iaas.instance + "'s " +
                          short_number(pr.ec2_memory_gib, 4) + " GiB";
  } else if (r.utilisation >= 1) {
    r.feasible = false;
    r.infeasible_reason = "the VM needs " + short_number(r.invocation_s, 4) +
                          " s per batch, not less than the " + short_number(interval_s, 4) +
                          " s between batches: it cannot keep up";
  }
  if (pr.ec2_burstable_baseline_per_vcpu && r.cpu_utilisation > *pr.ec2_burstable_baseline_per_vcpu)
    r.notes.push_back(
        s.iaas.instance + " sustains " + short_number(*pr.ec2_burstable_baseline_per_vcpu * 100, 4) +
        "% of each vCPU; this workload uses " + short_number(r.cpu_utilisation * 100, 4) +
        "%: once its CPU credits run out, standard mode throttles it to the baseline and unlimited "
        "mode bills surplus credits (not modelled)");
  return r;
}

std::vector<double> keep_alive_edges_s(const ModelInput& in) {
  const ScenarioSpec& s = in.spec;
  if (s.faas.cold_start_rate) return {};
  const double share = lambda_cpu_share_vcpu(effective_memory_mb(s, in.limits), s.learner.threads, in.limits);
  const Building b = building_blocks(s, s.faas.speed_factor / share);
  double worst = 0;
  // `never` makes latencies depend on the interval through its horizon; the edges are then evaluated at
  // the keep-alive itself, a close estimate.
  const std::vector<CyclePosition> cycle = save_cycle(s, std::max(s.faas.keep_alive_s, 1e-3), &worst);
  return {s.faas.keep_alive_s + mean_warm_latency(s, b, cycle, s.faas.cache_hit_rate),
          s.faas.keep_alive_s + mean_cold_latency(s, b, cycle)};
}

Side cheaper_side(const FaasResult& f, const IaasResult& i) {
  return cheaper_side(f.feasible, f.cost_usd_per_hour, i.feasible, i.cost_usd_per_hour);
}

}  // namespace breakeven
