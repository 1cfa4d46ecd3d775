// How one grid point is evaluated. The sweep prepares each point's ModelInput and hands it to a
// PointEvaluator; the analytic model is one implementation, a simulator can be another. Implementations
// must be thread-safe: evaluate() is called concurrently from the sweep's workers, each with its own
// input and output.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "model/analytic.h"

namespace breakeven {

// One side's figures at one point.
struct SideFigures {
  bool feasible = true;
  std::string infeasible_reason;
  double cost_usd_per_hour = 0;
  double invocation_s = 0;  // mean time of one invocation (FaaS: client-visible; IaaS: one batch)
  double utilisation = 0;   // invocation_s / interval_s
};

// What a sweep row reports for one point.
struct PointResult {
  double interval_s = 0;
  int faas_memory_mb = 0;  // the memory the function runs with (usage_based may change it)
  SideFigures faas, iaas;
  std::string cheaper;  // "faas", "iaas" or "none"
  // FaaS cost per hour by component: GB-s duration, requests, and the rest (S3 requests, ephemeral storage).
  double faas_duration_usd_per_hour = 0;
  double faas_requests_usd_per_hour = 0;
  double faas_other_usd_per_hour = 0;
  // IaaS cost per hour by component.
  double iaas_instance_usd_per_hour = 0;
  double iaas_s3_usd_per_hour = 0;
  // Latency percentiles of FaaS invocations (s); only an evaluator that simulates fills them.
  std::optional<double> latency_p50_s, latency_p95_s, latency_p99_s;
};

class PointEvaluator {
 public:
  virtual ~PointEvaluator() = default;
  // The --mode name, e.g. "analytic".
  virtual const char* mode() const = 0;
  // Whether results carry latency percentiles (the sweep then prints their columns).
  virtual bool has_latency_percentiles() const = 0;
  // Points a worker takes at a time: large for cheap evaluations, small (even 1) for simulations, so
  // the threads stay busy and the output advances steadily.
  virtual std::size_t chunk_points() const { return 1024; }
  // Evaluates the point described by `in` at in.spec.workload.interval_s into `out`. Thread-safe.
  // A RunError thrown here marks the point invalid with its message; the sweep goes on.
  virtual void evaluate(const ModelInput& in, PointResult& out) const = 0;
};

// The closed-form model of analytic.h.
class AnalyticEvaluator final : public PointEvaluator {
 public:
  const char* mode() const override { return "analytic"; }
  bool has_latency_percentiles() const override { return false; }
  void evaluate(const ModelInput& in, PointResult& out) const override;
};

}  // namespace breakeven
