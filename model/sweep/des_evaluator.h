// `sweep --mode des`: each grid point is simulated (model/des) instead of evaluated in closed form.
// Every point uses the same seed (common random numbers), so differences between points come from the
// swept keys, not from different random draws.
#pragma once

#include <cstdint>

#include "model/des/trace.h"
#include "model/sweep/point_evaluator.h"

namespace breakeven {

class DesEvaluator final : public PointEvaluator {
 public:
  // `trace` holds the base scenario's arrivals when workload.arrival is trace (des::scenario_trace).
  DesEvaluator(std::uint64_t seed, double duration_s, des::Trace trace)
      : seed_(seed), duration_s_(duration_s), trace_(std::move(trace)) {}
  const char* mode() const override { return "des"; }
  bool has_latency_percentiles() const override { return true; }
  // A simulated day takes milliseconds, not nanoseconds: small chunks keep both threads busy.
  std::size_t chunk_points() const override { return 1; }
  void evaluate(const ModelInput& in, PointResult& out) const override;

 private:
  std::uint64_t seed_;
  double duration_s_;
  des::Trace trace_;
};

}  // namespace breakeven
