// The analytic model: closed-form time and cost of one training invocation on each side, per hour,
// per month and per 1,000 samples, for a fixed interval between batches. docs/model.md gives the
// equations with their units and sources.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/billing.h"
#include "model/pricing.h"
#include "model/spec/catalog.h"
#include "model/spec/scenario.h"

namespace breakeven {

// Seconds spent in each phase of one invocation.
struct Phases {
  double start_s = 0;         // warm overhead, or cold start (Init + extra); FaaS only
  double setup_batch_s = 0;   // batch download
  double setup_model_s = 0;   // model (or delta) download and rebuild on a cache miss
  double setup_replay_s = 0;  // history download and replay of unsaved batches after a lost cache
  double inference_s = 0;     // progressive validation on the new batch
  double training_s = 0;      // learning the batch
  double cleanup_s = 0;       // model (or delta) upload, or the history record
  double handler_s() const {
    return setup_batch_s + setup_model_s + setup_replay_s + inference_s + training_s + cleanup_s;
  }
  double total_s() const { return start_s + handler_s(); }
};

// The per-batch times (seconds) every invocation is built from; the simulator reuses them so both
// models read the same constants.
struct PhaseBlocks {
  double batch_s = 0;       // one batch download
  double model_load_s = 0;  // model (or delta) download and rebuild
  double model_save_s = 0;  // model (or delta) serialisation and upload
  double history_s = 0;     // one training-history record transfer
  double infer_s = 0;       // progressive validation of one batch
  double train_s = 0;       // learning one batch
};

// The blocks of `s` with compute times multiplied by `compute_scale` (speed factor / CPU share).
PhaseBlocks phase_blocks(const ScenarioSpec& s, double compute_scale);

// The phases of one FaaS training invocation: cold or warm, cache hit or miss, with `unsaved_batches`
// to replay after a miss and a model upload (`saves_model`) or a history record at the end.
Phases invocation_phases(const ScenarioSpec& s, const PhaseBlocks& b, double unsaved_batches,
                         bool saves_model, bool cold, bool cache_hit);

// One kind of FaaS invocation (cold or warm, cache hit or miss, position in the save cycle).
struct InvocationCase {
  std::string label;       // e.g. "warm, cache miss"
  double probability = 0;  // fraction of invocations of this kind
  bool cold = false;
  bool cache_hit = false;
  Phases phases;
  std::int64_t billed_ms = 0;  // duration billed, INIT included where billed, rounded up
  double gb_s = 0;             // billed_ms x memory GB
  double s3_gets = 0;
  double s3_puts = 0;
  double cost_usd = 0;  // duration + request + ephemeral + S3 requests
};

struct FaasResult {
  bool feasible = true;
  std::string infeasible_reason;
  int memory_mb = 0;          // memory the function runs with (faas.memory_mb unless usage_based)
  double cpu_share_vcpu = 0;  // lambda_cpu_share_vcpu: min(threads, memory_mb / mb_per_vcpu, max_vcpus)
  double cold_start_fraction = 0;
  double cache_hit_rate_asked = 0;
  double cache_hit_rate_effective = 0;  // capped at the warm fraction
  double invocation_s = 0;              // mean client-visible time of one invocation
  double max_invocation_s = 0;          // the longest kind (for the interval and timeout checks)
  double handler_s = 0;                 // mean billed-side duration without INIT
  double billed_ms = 0;                 // mean billed ms per invocation
  double utilisation = 0;               // invocation_s / interval_s: the single writer's busy fraction
  double invocations_per_hour = 0;
  double gb_s_per_month = 0;
  double usd_per_gb_s_average = 0;  // after monthly tiers
  double cost_usd_per_invocation = 0;
  double cost_usd_per_hour = 0;
  double cost_usd_per_month = 0;
  double cost_usd_per_1000_samples = 0;
  double s3_requests_per_hour = 0;
  Phases mean_phases;
  std::vector<InvocationCase> cases;
  std::vector<std::string> notes;
};

struct IaasResult {
  bool feasible = true;
  std::string infeasible_reason;
  double vcpu_used = 0;        // min(threads, instance vCPUs)
  double invocation_s = 0;     // time to process one batch
  double utilisation = 0;      // invocation_s / interval_s
  double cpu_utilisation = 0;  // compute time / (interval x instance vCPUs)
  double cost_usd_per_hour = 0;
  double cost_usd_per_month = 0;
  double cost_usd_per_1000_samples = 0;
  double instance_usd_per_hour = 0;
  double s3_usd_per_hour = 0;
  Phases phases;
  std::vector<std::string> notes;
};

// Everything the analytic model needs: the scenario, its limits and its resolved prices.
struct ModelInput {
  ScenarioSpec spec;
  LambdaLimits limits;
  ResolvedPrices prices;
};

FaasResult evaluate_faas(const ModelInput& in, double interval_s);
IaasResult evaluate_iaas(const ModelInput& in, double interval_s);

// Intervals at which the keep-alive rule switches between warm, alternating and cold invocations
// (keep_alive_s + mean warm latency, keep_alive_s + mean cold latency); empty with a forced cold rate.
// The break-even solver samples both sides of each, so a narrow range between them is not missed.
std::vector<double> keep_alive_edges_s(const ModelInput& in);

// Which side is cheaper at one interval: none when neither is feasible (billing.h cheaper_side).
Side cheaper_side(const FaasResult& f, const IaasResult& i);

}  // namespace breakeven
