// What the calibration-run tests share: a plan of no-op probes, the probe prices, scratch file paths.
#pragma once

#include <filesystem>
#include <string>

#include "calibrate/probe_plan.h"
#include "calibrate/probe_runner.h"
#include "scenario_files.h"

namespace breakeven::test {

// One cold no-op probe at 512 MB and `warm_noops` warm ones; no compute or storage probes.
inline calibrate::PlanOptions noop_plan(int warm_noops) {
  calibrate::PlanOptions p;
  p.memory_mb = {512};
  p.cold_per_memory = 1;
  p.warm_noop_per_memory = warm_noops;
  p.compute_samples = {};
  p.storage_bytes = {};
  return p;
}

// Lambda x86_64 in us-east-1, first tier: $0.0000166667 per GB-s and $0.20 per million requests
// (data/pricing/aws.yaml).
inline calibrate::ProbePrices probe_prices() {
  calibrate::ProbePrices p;
  p.usd_per_gb_s = 0.0000166667;
  p.usd_per_request = 0.0000002;
  return p;
}

// A path in this test process's scratch directory.
inline std::string temp_path(const std::string& name) {
  return (std::filesystem::path(write_scenario("")).parent_path() / name).string();
}

}  // namespace breakeven::test
