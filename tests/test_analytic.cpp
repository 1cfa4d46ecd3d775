#include <doctest/doctest.h>

#include "hand_scenario.h"

using namespace breakeven;
using namespace breakeven::test;

TEST_CASE("a warm invocation that misses the cache downloads the model and pays for 2,460 ms") {
  const ModelInput in = hand_scenario();
  const FaasResult f = evaluate_faas(in, 60);
  REQUIRE(f.feasible);
  CHECK(f.cold_start_fraction == 0);  // idle 60 - 2.48 s < 600 s keep-alive
  CHECK(f.handler_s == doctest::Approx(kWarmMissHandler_s));
  CHECK(f.invocation_s == doctest::Approx(2.48));
  CHECK(f.billed_ms == 2460);
  // 2.46 s x 1.7275390625 GB x 0.0000166667 + request 2e-7 + 2 GETs + 1 PUT.
  const double per_invocation = 2.46 * kGb * 0.0000166667 + 2e-7 + kS3Warm_usd;
  CHECK(f.cost_usd_per_invocation == doctest::Approx(per_invocation).epsilon(1e-12));
  CHECK(f.cost_usd_per_hour == doctest::Approx(per_invocation * 60).epsilon(1e-12));  // 60 invocations/h
  CHECK(f.cost_usd_per_month == doctest::Approx(per_invocation * 60 * 730).epsilon(1e-12));
  // 60 batches of 1,000 samples per hour.
  CHECK(f.cost_usd_per_1000_samples == doctest::Approx(per_invocation * 60 / 60).epsilon(1e-12));
  CHECK(f.utilisation == doctest::Approx(2.48 / 60));
}

TEST_CASE("an idle gap longer than the keep-alive makes every invocation cold, and INIT is billed") {
  const ModelInput in = hand_scenario();
  const FaasResult f = evaluate_faas(in, 1000);  // idle 1000 - 3.26 s > 600 s
  CHECK(f.cold_start_fraction == 1);
  CHECK(f.invocation_s == doctest::Approx(0.5 + 0.3 + 2.46));
  CHECK(f.billed_ms == 2960);  // handler 2.46 s + Init 0.5 s
}

TEST_CASE("INIT is left out of the bill under the rule before 2025-08-01 for zip on a managed runtime") {
  ModelInput in = hand_scenario();
  in.prices.init_billed = false;
  CHECK(evaluate_faas(in, 1000).billed_ms == 2460);
}

TEST_CASE("when only a cold invocation is long enough to keep the next one warm, cold and warm alternate") {
  ModelInput in = hand_scenario();
  in.spec.faas.keep_alive_s = 997;  // idle after warm 997.52 s > 997; after cold 996.74 s <= 997
  CHECK(evaluate_faas(in, 1000).cold_start_fraction == 0.5);
}

TEST_CASE("a forced cold-start rate overrides the keep-alive rule") {
  ModelInput in = hand_scenario();
  in.spec.faas.cold_start_rate = 0.25;
  const FaasResult f = evaluate_faas(in, 60);
  CHECK(f.cold_start_fraction == 0.25);
  CHECK(f.billed_ms == doctest::Approx(0.25 * 2960 + 0.75 * 2460));
}

TEST_CASE("the cache hit rate is capped at the warm fraction, with a note saying so") {
  ModelInput in = hand_scenario();
  in.spec.faas.cache_hit_rate = 1;
  const FaasResult f = evaluate_faas(in, 1000);  // all cold
  CHECK(f.cache_hit_rate_effective == 0);
  REQUIRE(f.notes.size() == 1);
  CHECK(f.notes[0].find("capped at the warm fraction 0") != std::string::npos);
}

TEST_CASE("half the warm invocations hitting the cache skip half the model downloads") {
  ModelInput in = hand_scenario();
  in.spec.faas.cache_hit_rate = 0.5;
  const FaasResult f = evaluate_faas(in, 60);
  // hit: 0.11 + 0.05 + 0.1 + 1.1 = 1.36 s -> 1,360 ms; miss 2,460 ms.
  CHECK(f.billed_ms == doctest::Approx((1360 + 2460) / 2.0));
  CHECK(f.mean_phases.setup_model_s == doctest::Approx(0.55));
}

TEST_CASE("compute slows by the CPU share below 1,769 MB") {
  ModelInput in = hand_scenario();
  in.spec.faas.memory_mb = 884;
  const FaasResult f = evaluate_faas(in, 60);
  CHECK(f.cpu_share_vcpu == doctest::Approx(884.0 / 1769));
  CHECK(f.mean_phases.training_s == doctest::Approx(0.1 * 1769 / 884));
  CHECK(f.mean_phases.setup_batch_s == doctest::Approx(0.11));  // transfers do not scale
}

TEST_CASE("a multi-threaded learner runs at min(threads, memory / 1,769 MB) vCPU") {
  ModelInput in = hand_scenario();
  in.spec.learner.threads = 8;
  in.spec.faas.memory_mb = 10240;
  CHECK(evaluate_faas(in, 60).cpu_share_vcpu == doctest::Approx(10240.0 / 1769));  // 5.79 vCPU
  in.spec.learner.threads = 2;
  CHECK(evaluate_faas(in, 60).cpu_share_vcpu == 2);
  in.spec.learner.threads = 1;
  CHECK(evaluate_faas(in, 60).cpu_share_vcpu == 1);  // a single thread gains nothing above one vCPU
}

TEST_CASE("saving every k-th invocation replays the unsaved batches after a lost cache") {
  ModelInput in = hand_scenario();
  in.spec.faas.save_policy = SavePolicy::every_k;
  in.spec.faas.save_every_k = 4;
  const FaasResult f = evaluate_faas(in, 60);
  // Positions j = 0..3 before the save at j = 3: replay j batches (batch 0.11 s + training 0.1 s each)
  // after reading the history record (0.1 + 1024/1e8 s). Cleanup: history record at j < 3, model at 3.
  const double history = 0.1 + 1024 / 1e8;
  const double replay = (3 * history + (1 + 2 + 3) * 0.21) / 4;
  const double cleanup = (3 * history + 1.1) / 4;
  CHECK(f.mean_phases.setup_replay_s == doctest::Approx(replay));
  CHECK(f.mean_phases.cleanup_s == doctest::Approx(cleanup));
  CHECK(f.cases.size() == 4);
}

TEST_CASE("an invocation longer than the interval makes FaaS infeasible with the reason") {
  const FaasResult f = evaluate_faas(hand_scenario(), 2);
  CHECK_FALSE(f.feasible);
  CHECK(f.infeasible_reason.find("batches pile up") != std::string::npos);
}

TEST_CASE("an invocation longer than the function timeout is infeasible") {
  ModelInput in = hand_scenario();
  in.spec.learner.train_s_per_sample = 1;  // 1,000 s of training
  in.spec.faas.timeout_s = 900;
  const FaasResult f = evaluate_faas(in, 86400);
  CHECK_FALSE(f.feasible);
  CHECK(f.infeasible_reason.find("over the function timeout 900 s") != std::string::npos);
}

TEST_CASE("the VM keeps the model in memory and costs its hourly price plus S3 requests") {
  const IaasResult i = evaluate_iaas(hand_scenario(), 60);
  REQUIRE(i.feasible);
  CHECK(i.invocation_s == doctest::Approx(0.11 + 0.05 + 0.1 + 1.1));
  CHECK(i.utilisation == doctest::Approx(1.36 / 60));
  CHECK(i.cost_usd_per_hour == doctest::Approx(0.0416 + 60 * (4e-7 + 5e-6)));
}

TEST_CASE("a VM busier than the interval cannot keep up and has no cost as if it could") {
  const IaasResult i = evaluate_iaas(hand_scenario(), 1.0);
  CHECK_FALSE(i.feasible);
  CHECK(i.infeasible_reason.find("cannot keep up") != std::string::npos);
}
