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
  // Below 1.36 s neither side keeps up (the VM needs 1.36 s per batch, hand_scenario.h); then IaaS
  // is cheaper up to I*, and FaaS from there to 30 days.
  REQUIRE(b.crossings.size() == 2);
  CHECK_FALSE(b.crossings[0].by_cost);
  CHECK(b.crossings[0].interval_s == doctest::Approx(1.36).epsilon(1e-9));
  CHECK(b.crossings[1].by_cost);
  CHECK(b.crossings[1].cheaper_below == "iaas");
  CHECK(b.crossings[1].cheaper_above == "faas");
  CHECK_FALSE(b.crossings[1].jump);
  REQUIRE(b.segments.size() == 3);
  CHECK(b.segments[0].cheaper == "none");
  CHECK(b.segments[1].cheaper == "iaas");
  CHECK(b.segments[2].cheaper == "faas");
  CHECK(b.segments[2].to_s == kBreakEvenMaxInterval_s);
}

TEST_CASE("above the keep-alive, cold starts make FaaS dearer, and the break-even reports it") {
  // Keep-alive 30 s: all warm while interval - 2.48 s <= 30 s; alternating warm and cold while
  // interval - 3.26 s <= 30 s (a cold invocation is long enough to keep the next one warm); all cold
  // beyond. Warm invocation c_w (2,460 ms), cold c_c (2,960 ms with INIT). With the VM at
  // P = 0.0087 USD/h each regime has its own closed-form break-even 3600 (c - 5.4e-6) / P:
  //   warm 29.557 s (below 32.48: FaaS wins from there), alternating 32.535 s (inside 32.48..33.26),
  //   cold 35.514 s (above 33.26). So: IaaS below 29.557 s, FaaS to 32.48, IaaS (step) to 32.535,
  //   FaaS to 33.26, IaaS (step) to 35.514, FaaS beyond.
  ModelInput in = hand_scenario();
  in.spec.faas.keep_alive_s = 30;
  in.prices.ec2_usd_per_hour = 0.0087;
  const double c_w = kWarmMissHandler_s * kGb * 0.0000166667 + 2e-7 + kS3Warm_usd;
  const double c_c = 2.96 * kGb * 0.0000166667 + 2e-7 + kS3Warm_usd;
  const BreakEven b = find_break_even(in);
  REQUIRE(b.interval_s);
  CHECK(*b.interval_s == doctest::Approx(3600 * (c_w - 5.4e-6) / 0.0087).epsilon(1e-9));
  REQUIRE(b.crossings.size() == 6);
  CHECK(b.crossings[2].jump);
  CHECK(b.crossings[2].interval_s == doctest::Approx(32.48).epsilon(1e-9));
  CHECK(b.crossings[2].cheaper_above == "iaas");
  CHECK_FALSE(b.crossings[3].jump);
  CHECK(b.crossings[3].interval_s ==
        doctest::Approx(3600 * ((c_w + c_c) / 2 - 5.4e-6) / 0.0087).epsilon(1e-9));
  CHECK(b.crossings[4].jump);
  CHECK(b.crossings[4].interval_s == doctest::Approx(33.26).epsilon(1e-9));
  CHECK_FALSE(b.crossings[5].jump);
  CHECK(b.crossings[5].interval_s == doctest::Approx(3600 * (c_c - 5.4e-6) / 0.0087).epsilon(1e-9));
  CHECK(b.reason.find("but IaaS is cheaper again from 33.26 s to 35.51 s") != std::string::npos);
}

TEST_CASE("a dearer VM moves the break-even down in proportion") {
  ModelInput in = hand_scenario();
  const double base = *find_break_even(in).interval_s;
  in.prices.ec2_usd_per_hour *= 1.5;  // still above the 2.48 s where FaaS becomes feasible
  CHECK(*find_break_even(in).interval_s == doctest::Approx(base / 1.5).epsilon(1e-9));
}

TEST_CASE(
    "when FaaS is cheaper wherever both sides are feasible, there is no break-even and the reason says why") {
  ModelInput in = hand_scenario();
  in.prices.ec2_usd_per_hour = 10;  // closed form would give 0.026 s, where FaaS cannot keep up
  const BreakEven b = find_break_even(in);
  CHECK_FALSE(b.interval_s);
  CHECK(b.reason.find("FaaS is cheaper wherever both are feasible") == 0);
  REQUIRE(b.faas_feasible_from_s);
  CHECK(*b.faas_feasible_from_s == doctest::Approx(2.48).epsilon(1e-9));  // mean invocation 2.48 s < interval
}

TEST_CASE("when FaaS can never run, the break-even is null with the reason") {
  ModelInput in = hand_scenario();
  in.spec.learner.model_bytes = 4e9;  // 4 GB model does not fit in 1,769 MB
  in.prices.ec2_memory_gib = 16;
  const BreakEven b = find_break_even(in);
  CHECK_FALSE(b.interval_s);
  CHECK(b.reason.find("FaaS is infeasible everywhere") == 0);
}

TEST_CASE(
    "a cold start above the keep-alive makes FaaS dearer per invocation, seen as a step in the crossing") {
  // With a free VM (P tiny) FaaS never wins: IaaS is cheaper at every interval.
  ModelInput in = hand_scenario();
  in.prices.ec2_usd_per_hour = 1e-9;
  const BreakEven b = find_break_even(in);
  CHECK_FALSE(b.interval_s);
  CHECK(b.reason.find("IaaS is cheaper wherever both are feasible") == 0);
}

TEST_CASE("two changes of the cheaper side inside one grid step are both found") {
  // The VM at speed factor 8.4 needs 0.11 + 0.15 x 8.4 + 1.1 = 2.47 s per batch and FaaS 2.48 s per
  // invocation: 1 ms to 2.47 s neither keeps up, 2.47 to 2.48 s only the VM, then FaaS (the VM costs
  // 10 USD/h). Both limits lie within one 2.3 % step of the grid.
  ModelInput in = hand_scenario();
  in.spec.iaas.speed_factor = 8.4;
  in.prices.ec2_usd_per_hour = 10;
  const BreakEven b = find_break_even(in);
  REQUIRE(b.segments.size() == 3);
  CHECK(b.segments[0].cheaper == "none");
  CHECK(b.segments[1].cheaper == "iaas");
  CHECK(b.segments[1].from_s == doctest::Approx(2.47).epsilon(1e-9));
  CHECK(b.segments[2].cheaper == "faas");
  CHECK(b.segments[2].from_s == doctest::Approx(2.48).epsilon(1e-9));
}
