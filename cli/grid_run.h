// The shared machinery of `sweep` and `solve --grid`: options, output file (fresh, resumed or stdout),
// the parallel run in point order, and the progress bar.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "model/sweep/sweep_rows.h"

namespace breakeven::cli {

// Runs `sweep` (kind sweep) or `solve --grid` (kind solve) with the command line `args`.
int run_grid_command(RowKind kind, const std::vector<std::string>& args, std::ostream& out,
                     std::ostream& err);

// Whether `args` asks solve for a grid.
bool has_grid_option(const std::vector<std::string>& args);

}  // namespace breakeven::cli
