// Printers of `breakeven simulate`: the whatif JSON with a "simulation" object added (docs/output.md),
// CSV flattened from it, and a table for people.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "cli/outputs.h"
#include "model/des/simulate.h"

namespace breakeven::cli {

// What `simulate --learner live` learned, for the output: which learner, from what, how much, how big.
struct LiveLearnerSummary {
  std::string learner;              // biased_mf, logistic ...
  std::string stream;               // the stream's own description (synthetic settings or the data file)
  std::string metric;               // the quality metric's name: rmse or accuracy
  std::uint64_t samples = 0;        // samples learnt (the FaaS side's batches; the EC2 side reuses them)
  std::int64_t batches = 0;         // batches learnt
  double model_bytes = 0;           // serialised model after the last batch
  double scenario_model_bytes = 0;  // learner.model_bytes, which the live learner's size replaces
};

// `live` is null unless the run used --learner live.
Json simulate_json(const WhatIfReport& analytic, const des::SimulationResult& sim,
                   const LiveLearnerSummary* live = nullptr);
void write_simulate_table(const WhatIfReport& analytic, const des::SimulationResult& sim, std::ostream& out,
                          const LiveLearnerSummary* live = nullptr);

}  // namespace breakeven::cli
