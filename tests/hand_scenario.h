// A scenario with round numbers whose invocation times and costs are worked out by hand in the tests.
#pragma once

#include "model/analytic.h"

namespace breakeven::test {

// batch: 1,000 samples x 1,000 bytes = 1 MB; model 100 MB; storage 100 MB/s with 0.1 s latency;
// training 0.1 ms and inference 0.05 ms per sample; 1,769 MB = exactly one vCPU; flat prices.
inline ModelInput hand_scenario() {
  ModelInput in;
  ScenarioSpec& s = in.spec;
  s.workload.interval_s = 60;
  s.workload.batch_size = 1000;
  s.workload.sample_bytes = 1000;
  s.learner.model_bytes = 100e6;
  s.learner.train_s_per_sample = 1e-4;
  s.learner.infer_s_per_sample = 5e-5;
  s.storage.bandwidth_mb_s = 100;
  s.storage.latency_s = 0.1;
  s.faas.memory_mb = 1769;
  s.faas.region = "test-region";
  s.faas.cold_start_s = 0.5;
  s.faas.cold_start_extra_s = 0.3;
  s.faas.warm_overhead_s = 0.02;
  s.faas.keep_alive_s = 600;
  s.faas.cache_hit_rate = 0;
  s.faas.history_record_bytes = 1024;
  s.faas.billing_date = "latest";
  s.iaas.instance = "t3.medium";
  in.prices.lambda_tiers = {PriceTier{0, 1e300, SourcedValue{0.0000166667, "", "", false}}};
  in.prices.lambda_request_usd = 2e-7;
  in.prices.s3_faas_get_usd = in.prices.s3_iaas_get_usd = 4e-7;
  in.prices.s3_faas_put_usd = in.prices.s3_iaas_put_usd = 5e-6;
  in.prices.ec2_usd_per_hour = 0.0416;
  in.prices.ec2_vcpu = 2;
  in.prices.ec2_memory_gib = 4;
  in.prices.init_billed = true;
  return in;
}

// Hand-worked times of hand_scenario():
//   batch download  0.1 + 1/100   = 0.11 s
//   model download  0.1 + 100/100 = 1.1 s   (upload the same)
//   inference       1000 x 5e-5   = 0.05 s
//   training        1000 x 1e-4   = 0.1 s
//   warm miss handler = 0.11 + 1.1 + 0.05 + 0.1 + 1.1 = 2.46 s, client-visible 2.48 s
inline constexpr double kWarmMissHandler_s = 2.46;
inline constexpr double kGb = 1769.0 / 1024.0;          // 1.7275390625 GB billed
inline constexpr double kS3Warm_usd = 2 * 4e-7 + 5e-6;  // batch GET + model GET + model PUT

}  // namespace breakeven::test
