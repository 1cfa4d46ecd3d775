// The simulator's entry point: one scenario, one seed, one simulated duration -> one SimulationResult.
// Pure and thread-safe (no shared mutable state), so a sweep can run grid points on several threads.
// docs/simulator.md describes what is modelled and how it is cross-checked with the analytic model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/analytic.h"
#include "model/des/batch_compute.h"
#include "model/des/memory_sizer.h"
#include "model/des/trace.h"
#include "model/spec/load.h"

namespace breakeven::des {

// Latency-like statistics from the bounded-memory histogram (values within 0.4% of the exact ones).
struct Percentiles {
  std::uint64_t count = 0;
  double mean_s = 0;                       // exact mean
  double p50_s = 0, p95_s = 0, p99_s = 0;  // clamped to the exact minimum and maximum
  double max_s = 0;                        // exact maximum
};

// Costs of one side over the simulated window, by item, in USD.
struct CostItems {
  double lambda_duration_usd = 0;  // GB-s (INIT included where billed), after tiers and free tier
  double lambda_request_usd = 0;
  double lambda_ephemeral_usd = 0;
  double ec2_instance_usd = 0;  // per-second billing with the minimum, per run of the VM
  double s3_request_usd = 0;
  double total_usd = 0;
};

// What one side did over the window [0, duration). Counts (invocations, billed ms, GB-s, S3 requests)
// include the work drained after the window; utilisation and every cost are the window's only (busy
// time clipped to it, invocations charged when they start in it, the one running at its end prorated,
// the VM billed up to its end).
struct SideSimulation {
  bool keeps_up = true;
  std::string keep_up_note;       // why not, when keeps_up is false
  std::uint64_t arrivals = 0;     // batches or requests arriving in the window
  std::uint64_t invocations = 0;  // invocations run (merged batches count once)
  std::uint64_t throttled = 0;    // FaaS, over_limit throttle: rejected invocations
  std::uint64_t dropped = 0;      // arrivals beyond the queue's memory cap
  std::uint64_t timeouts = 0;     // FaaS: invocations cut off at faas.timeout_s (billed the timeout)
  std::uint64_t cold_starts = 0;  // FaaS: invocations that started a new environment
  std::uint64_t cache_hits = 0;   // FaaS: invocations that found the newest model in memory
  std::uint64_t boots = 0;        // IaaS: VM starts after an idle stop
  double cold_start_rate = 0;     // cold_starts / invocations
  double cache_hit_rate = 0;      // cache_hits / invocations
  double utilisation = 0;  // busy time inside the window / window: the single writer's or VM's busy fraction;
                           // for FaaS requests the mean number of busy environments
  double mean_instances = 0;  // FaaS: time-averaged environments alive (busy or idle)
  double max_instances = 0;
  double queue_mean = 0;  // time-averaged number waiting (not in service)
  double queue_max = 0;
  double mean_wait_s = 0;       // arrival to start of service
  Percentiles latency;          // requests: arrival to response; training: one invocation's duration
  Percentiles freshness;        // training: batch arrival to the model that learnt it being saved
  std::uint64_t billed_ms = 0;  // FaaS: total billed milliseconds
  double gb_s = 0;              // FaaS: total GB-s
  std::uint64_t s3_gets = 0, s3_puts = 0;
  CostItems cost;
  double cost_usd_per_hour = 0;
  double cost_usd_per_month = 0;
  double cost_usd_per_1000_samples = 0;  // window cost / samples of the invocations charged to the window
};

struct SimulationOptions {
  std::uint64_t seed = 1;
  double duration_s = 0;                  // simulated window; 0 = workload.horizon_h
  int warm_environments_at_start = 1;     // idle FaaS environments holding the current model at time 0
  std::size_t queue_cap = 1000000;        // waiting arrivals kept at most (memory bound); more are dropped
  BatchComputeSource* compute = nullptr;  // training compute per batch; nullptr = the scenario's constants
  MemorySizer* memory_policy =
      nullptr;  // FaaS memory per invocation; nullptr = faas.memory_mb, or the usage_based size
};

struct SimulationResult {
  std::uint64_t seed = 0;
  double duration_s = 0;
  std::uint64_t events = 0;  // kernel events run (both sides)
  SideSimulation faas;
  SideSimulation iaas;
  std::string cheaper;  // "faas", "iaas" or "none" (neither keeps up)
  std::vector<BatchQuality>
      quality;  // model quality over simulated time (with a compute source that measures it)
  std::vector<std::string> notes;
};

// Simulates both sides of `in` for `options.duration_s`. `trace` holds the arrival times when
// workload.arrival is trace (load_trace). Throws InputError for settings the simulator cannot use.
SimulationResult simulate(const ModelInput& in, const SimulationOptions& options,
                          const Trace* trace = nullptr);

// The trace a loaded scenario asks for (workload.trace_file resolved relative to the scenario file),
// or an empty Trace with no arrivals when workload.arrival is not trace.
Trace scenario_trace(const LoadedScenario& scenario);

// Convenience for one loaded scenario: resolves prices, reads its trace, and simulates.
SimulationResult simulate_scenario(const LoadedScenario& scenario, const SimulationOptions& options);

}  // namespace breakeven::des
