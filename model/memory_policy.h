// The memory a Lambda invocation runs with: faas.memory_mb, or with the usage_based policy (Creek,
// seed 003) the peak memory an invocation needs plus headroom, rounded up to a whole MB (Lambda's step)
// within the platform's limits. The analytic model and the simulator both size the function here.
#pragma once

#include "model/spec/catalog.h"
#include "model/spec/scenario.h"

namespace breakeven {

// Peak bytes one training invocation holds: the runtime, the model being trained, its serialised copy
// while it is downloaded or uploaded (the delta with delta encoding), and the batch.
double usage_peak_bytes(const ScenarioSpec& s);

// The memory the usage_based policy asks for, before the Lambda limits: peak x (1 + headroom), in MB
// rounded up (Lambda sizes are whole MB of 2^20 bytes).
double usage_based_memory_mb(const ScenarioSpec& s);

// The memory an invocation runs with, in MB, within the limits.
int effective_memory_mb(const ScenarioSpec& s, const LambdaLimits& limits);

}  // namespace breakeven
