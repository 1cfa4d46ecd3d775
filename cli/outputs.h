// Printers of the analytic reports. JSON is the stable interface (docs/output.md); CSV flattens it to
// one header line and one row; the table is for people.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "model/report.h"

namespace breakeven::cli {

using Json = nlohmann::ordered_json;

// The schema_version of every JSON output (whatif, solve, simulate, sweep headers, profiles, probe files);
// docs/output.md says when it changes.
inline constexpr int kOutputSchemaVersion = 1;

Json whatif_json(const WhatIfReport& r);
Json solve_json(const WhatIfReport& r);

// One CSV header line and one row: every scalar of `j` under its dotted path; lists are left out.
void write_csv(const Json& j, std::ostream& out);

void write_whatif_table(const WhatIfReport& r, std::ostream& out);
void write_solve_table(const WhatIfReport& r, std::ostream& out);

}  // namespace breakeven::cli
