// One plain report per run of the analytic model; printers in cli/ turn it into a table, JSON or CSV.
#pragma once

#include <string>
#include <vector>

#include "model/analytic.h"
#include "model/break_even.h"
#include "model/spec/load.h"

namespace breakeven {

struct WhatIfReport {
  std::string scenario_name;
  std::string scenario_path;
  ScenarioSpec spec;  // the scenario after includes and overrides
  double interval_s = 0;
  FaasResult faas;
  IaasResult iaas;
  std::string cheaper;              // "faas", "iaas" or "none"
  double savings_usd_per_hour = 0;  // cost of the dearer side - cost of the cheaper (both feasible)
  double savings_fraction = 0;      // savings / cost of the dearer side
  BreakEven break_even;
  bool init_billed = true;
  std::string init_rule;
  std::vector<PriceUsed> prices_used;
  std::vector<std::string> substitutions;
  std::vector<DataFileInfo> data_files;
};

// The model's input for a loaded, validated scenario (prices resolved).
ModelInput model_input(const LoadedScenario& scenario);

// Evaluates both sides at the scenario's interval and solves for the break-even interval.
WhatIfReport make_whatif_report(const LoadedScenario& scenario);

}  // namespace breakeven
