// Printers of the analytic reports. JSON is the stable interface (docs/output.md); CSV flattens it to
// one header line and one row; the table is for people.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "model/output_schema.h"
#include "model/report.h"

namespace breakeven::cli {

using Json = nlohmann::ordered_json;

Json whatif_json(const WhatIfReport& r);
Json solve_json(const WhatIfReport& r);

// One CSV header line and one row: every scalar of `j` under its dotted path; lists are left out.
void write_csv(const Json& j, std::ostream& out);

void write_whatif_table(const WhatIfReport& r, std::ostream& out);
void write_solve_table(const WhatIfReport& r, std::ostream& out);

}  // namespace breakeven::cli
