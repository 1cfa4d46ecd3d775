// Printers of `breakeven simulate`: the whatif JSON with a "simulation" object added (docs/output.md),
// CSV flattened from it, and a table for people.
#pragma once

#include <ostream>

#include "cli/outputs.h"
#include "model/des/simulate.h"

namespace breakeven::cli {

Json simulate_json(const WhatIfReport& analytic, const des::SimulationResult& sim);
void write_simulate_table(const WhatIfReport& analytic, const des::SimulationResult& sim, std::ostream& out);

}  // namespace breakeven::cli
