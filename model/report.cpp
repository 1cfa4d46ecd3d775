#include "model/report.h"

namespace breakeven {

ModelInput model_input(const LoadedScenario& scenario) {
  ModelInput in;
  in.spec = scenario.spec;
  in.limits = scenario.limits;
  std::vector<MissingPrice> missing;
  in.prices = resolve_prices(scenario.spec, scenario.pricing, missing);
  if (!missing.empty()) throw RunError("unresolved price: " + missing.front().message);  // validated at load
  return in;
}

WhatIfReport make_whatif_report(const LoadedScenario& scenario) {
  const ModelInput in = model_input(scenario);
  WhatIfReport r;
  r.scenario_name = scenario.name;
  r.scenario_path = scenario.path;
  r.spec = scenario.spec;
  r.interval_s = scenario.spec.workload.interval_s;
  r.faas = evaluate_faas(in, r.interval_s);
  r.iaas = evaluate_iaas(in, r.interval_s);
  r.cheaper = to_string(cheaper_side(r.faas, r.iaas));
  if (r.faas.feasible && r.iaas.feasible) {
    const double hi = std::max(r.faas.cost_usd_per_hour, r.iaas.cost_usd_per_hour);
    const double lo = std::min(r.faas.cost_usd_per_hour, r.iaas.cost_usd_per_hour);
    r.savings_usd_per_hour = hi - lo;
    r.savings_fraction = hi > 0 ? (hi - lo) / hi : 0;
  }
  r.break_even = find_break_even(in);
  r.init_billed = in.prices.init_billed;
  r.init_rule = in.prices.init_rule;
  r.prices_used = in.prices.used;
  r.substitutions = in.prices.substitutions;
  r.data_files = scenario.data_files;
  return r;
}

}  // namespace breakeven
