#include "model/memory_policy.h"

#include <algorithm>
#include <cmath>

#include "model/units.h"

namespace breakeven {

namespace {}  // namespace

const char* to_string(MemoryPolicy p) {
  return p == MemoryPolicy::usage_based ? "usage_based" : "fixed";
}

double usage_peak_bytes(const ScenarioSpec& s) {
  const double transfer_copy_bytes = s.faas.delta_encoding ? s.faas.delta_bytes : s.learner.model_bytes;
  const double batch_bytes = static_cast<double>(s.workload.batch_size) * s.workload.sample_bytes;
  return s.faas.runtime_memory_mb * kBytesPerMib + s.learner.model_bytes + transfer_copy_bytes + batch_bytes;
}

double usage_based_memory_mb(const ScenarioSpec& s) {
  return std::ceil(usage_peak_bytes(s) * (1 + s.faas.memory_headroom) / kBytesPerMib);
}

int effective_memory_mb(const ScenarioSpec& s, const LambdaLimits& limits) {
  if (s.faas.memory_policy == MemoryPolicy::fixed) return s.faas.memory_mb;
  const double asked = usage_based_memory_mb(s);
  return static_cast<int>(std::clamp(asked, static_cast<double>(limits.memory_mb_min),
                                     static_cast<double>(limits.memory_mb_max)));
}

}  // namespace breakeven
