#include <doctest/doctest.h>

#include "hand_scenario.h"
#include "model/break_even.h"

using namespace breakeven;
using namespace breakeven::test;

TEST_CASE("the break-even of warm invocations has the closed form 3600 x (c_faas - c_s3_vm) / P") {
  // Below the keep-alive every invocation is warm and costs c (hand_scenario.h); FaaS costs 3600/I x c
  // per hour, the VM P + 3600/I x (GET + PUT). Equal at I* = 3600 (c - GET - PUT) / P.
  const double c = kWarmMissHandler_s * kGb * 0.0000166667 + 2e-7 + kS3Warm_usd;
  const double expected = 3600 * (c - (4e-7 + 5e-6)) / 0.0416;  // about 6.18 s
  const BreakEven b = find_break_even(hand_scenario());
  REQUIRE(b.interval_s);
  CHECK(*b.interval_s == doctest::Approx(expected).epsilon(1e-9));
  CHECK(b.faas_cost_usd_per_hour == doctest::Approx(b.iaas_cost_usd_per_hour).epsilon(1e-9));
  REQUIRE(b.crossings.size() == 1);
  CHECK(b.crossings[0].cheaper_below == "iaas");
  CHECK(b.crossings[0].cheaper_above == "faas");
  CHECK_FALSE(b.crossings[0].jump);
}

TEST_CASE("a dearer VM moves the break-even down in proportion") {
  ModelInput in = hand_scenario();
  const double base = *find_break_even(in).interval_s;
  in.prices.ec2_usd_per_hour *= 1.5;  // still above the 2.48 s where FaaS becomes feasible
  CHECK(*find_break_even(in).interval_s == doctest::Approx(base / 1.5).epsilon(1e-9));
}

TEST_CASE("when FaaS is cheaper wherever both sides are feasible, there is no break-even and the reason says why") {
  ModelInput in = hand_scenario();
  in.prices.ec2_usd_per_hour = 10;  // closed form would give 0.026 s, where FaaS cannot keep up
  const BreakEven b = find_break_even(in);
  CHECK_FALSE(b.interval_s);
  CHECK(b.reason.find("FaaS is cheaper wherever both are feasible") == 0);
  REQUIRE(b.faas_feasible_from_s);
  CHECK(*b.faas_feasible_from_s == doctest::Approx(2.48).epsilon(0.03));  // first grid point above 2.48 s
}

TEST_CASE("when FaaS can never run, the break-even is null with the reason") {
  ModelInput in = hand_scenario();
  in.spec.learner.model_bytes = 4e9;  // 4 GB model does not fit in 1,769 MB
  in.prices.ec2_memory_gib = 16;
  const BreakEven b = find_break_even(in);
  CHECK_FALSE(b.interval_s);
  CHECK(b.reason.find("FaaS is infeasible everywhere") == 0);
}

TEST_CASE("a cold start above the keep-alive makes FaaS dearer per invocation, seen as a step in the crossing") {
  // With a free VM (P tiny) FaaS never wins: IaaS is cheaper at every interval.
  ModelInput in = hand_scenario();
  in.prices.ec2_usd_per_hour = 1e-9;
  const BreakEven b = find_break_even(in);
  CHECK_FALSE(b.interval_s);
  CHECK(b.reason.find("IaaS is cheaper wherever both are feasible") == 0);
}
