// Creek's usage-based memory (seed 003): the function is sized from the peak memory an invocation needs
// plus headroom, rounded up to a whole MB within the Lambda limits.
#include <doctest/doctest.h>

#include "hand_scenario.h"
#include "model/memory_policy.h"

using breakeven::MemoryPolicy;

TEST_CASE("usage_based sizes the function from runtime + model + its transfer copy + batch, plus headroom") {
  auto in = breakeven::test::hand_scenario();
  in.spec.faas.memory_policy = MemoryPolicy::usage_based;
  in.spec.faas.runtime_memory_mb = 100;
  in.spec.faas.memory_headroom = 0.25;
  // Peak = 100 x 2^20 (runtime) + 100e6 (model) + 100e6 (its serialised copy) + 1,000 x 1,000 (batch)
  //      = 104,857,600 + 201,000,000 = 305,857,600 bytes; x 1.25 = 382,322,000 bytes = 364.61 MiB -> 365 MB.
  CHECK(breakeven::usage_peak_bytes(in.spec) == doctest::Approx(305857600.0));
  CHECK(breakeven::effective_memory_mb(in.spec, in.limits) == 365);
  const auto usage = breakeven::evaluate_faas(in, 60);
  CHECK(usage.memory_mb == 365);
  CHECK(usage.cpu_share_vcpu == doctest::Approx(365.0 / 1769.0));
  // The same function configured by hand with 365 MB costs and takes exactly the same.
  auto fixed = in;
  fixed.spec.faas.memory_policy = MemoryPolicy::fixed;
  fixed.spec.faas.memory_mb = 365;
  const auto by_hand = breakeven::evaluate_faas(fixed, 60);
  CHECK(usage.cost_usd_per_hour == by_hand.cost_usd_per_hour);
  CHECK(usage.invocation_s == by_hand.invocation_s);
  // With delta encoding the transfer copy is the delta: 100 x 2^20 + 100e6 + 4e6 + 1e6 = 209,857,600
  // bytes; x 1.25 = 262,322,000 bytes = 250.17 MiB -> 251 MB.
  in.spec.faas.delta_encoding = true;
  in.spec.faas.delta_bytes = 4e6;
  CHECK(breakeven::effective_memory_mb(in.spec, in.limits) == 251);
}

TEST_CASE("usage_based stays within the Lambda limits and says when the peak does not fit") {
  auto in = breakeven::test::hand_scenario();
  in.spec.faas.memory_policy = MemoryPolicy::usage_based;
  in.spec.faas.memory_headroom = 0;
  // A 10 kB model and a 1 MB batch need about 1 MB: the Lambda minimum, 128 MB, applies.
  in.spec.learner.model_bytes = 1e4;
  CHECK(breakeven::effective_memory_mb(in.spec, in.limits) == 128);
  // A 6 GB model needs 2 x 6e9 + 1e6 bytes = 11,445.1 MiB -> 11,446 MB, above the 10,240 MB maximum.
  in.spec.learner.model_bytes = 6e9;
  CHECK(breakeven::usage_based_memory_mb(in.spec) == 11446);
  CHECK(breakeven::effective_memory_mb(in.spec, in.limits) == 10240);
  const auto r = breakeven::evaluate_faas(in, 3600);
  CHECK_FALSE(r.feasible);
  CHECK(
      r.infeasible_reason ==
      "memory_policy usage_based needs 11446 MB (peak use plus headroom), above the Lambda maximum 10240 MB");
}

TEST_CASE("the fixed policy runs with faas.memory_mb whatever the peak") {
  auto in = breakeven::test::hand_scenario();
  in.spec.faas.runtime_memory_mb = 5000;
  CHECK(breakeven::effective_memory_mb(in.spec, in.limits) == 1769);
}
