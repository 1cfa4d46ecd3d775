#include "cli/commands.h"
#include "cli/grid_run.h"
#include "cli/outputs.h"
#include "cli/run.h"
#include "cli/scenario_options.h"
#include "model/spec/load.h"

namespace breakeven::cli {

int cmd_solve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (has_grid_option(args)) return run_grid_command(RowKind::solve, args, out, err);
  const auto options = parse_scenario_options(
      "solve",
      "The interval between batches at which FaaS and IaaS cost the same per hour (searched from 1 ms\n"
      "to 30 days), both costs there, and where each side is feasible. workload.interval_s is ignored.\n"
      "With --grid KEY=SPEC (repeatable), the break-even at every point of a grid: see\n"
      "`breakeven solve --grid x --help` and docs/sweeps.md.",
      args, out);
  if (!options) return kExitOk;
  const LoadedScenario scenario = load_scenario(options->scenario_path, options->overrides);
  const WhatIfReport report = make_whatif_report(scenario);
  switch (options->format) {
    case Format::json:
      out << solve_json(report).dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
      break;
    case Format::csv:
      write_csv(solve_json(report), out);
      break;
    case Format::table:
      write_solve_table(report, out);
      break;
  }
  return kExitOk;
}

}  // namespace breakeven::cli
