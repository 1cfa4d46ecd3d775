// Hook for policies that size each FaaS invocation's memory (Creek's usage-based dynamic allocation,
// seed 003: size the next invocation from what the last ones used). Without a policy every invocation
// runs at faas.memory_mb. A policy object belongs to one simulate() call (it may keep state).
#pragma once

#include <cstdint>

namespace breakeven::des {

// What an invocation used, reported to the policy after it is billed.
struct InvocationUse {
  std::int64_t invocation_index = 0;
  int memory_mb = 0;       // memory it ran with
  double handler_s = 0;    // billed-side duration without Init
  double model_bytes = 0;  // model size it held
};

class MemorySizer {
 public:
  virtual ~MemorySizer() = default;
  // Memory in MB (within the Lambda limits) for invocation number `invocation_index` (0-based).
  virtual int memory_mb(std::int64_t invocation_index) = 0;
  // Called after each invocation with what it used.
  virtual void observe(const InvocationUse&) {}
};

}  // namespace breakeven::des
