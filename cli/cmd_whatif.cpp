#include "cli/commands.h"
#include "cli/outputs.h"
#include "cli/run.h"
#include "cli/scenario_options.h"
#include "model/spec/load.h"

namespace breakeven::cli {

int cmd_whatif(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  const auto options = parse_scenario_options(
      "whatif",
      "Both sides at the scenario's interval: cost per hour, month and 1,000 samples, invocation time,\n"
      "billed ms, utilisation, which is cheaper and by how much, the break-even interval, and the phases\n"
      "of one invocation.",
      args, out);
  if (!options) return kExitOk;
  const LoadedScenario scenario = load_scenario(options->scenario_path, options->overrides);
  const WhatIfReport report = make_whatif_report(scenario);
  switch (options->format) {
    case Format::json:
      out << whatif_json(report).dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
      break;
    case Format::csv:
      write_csv(whatif_json(report), out);
      break;
    case Format::table:
      write_whatif_table(report, out);
      break;
  }
  return kExitOk;
}

}  // namespace breakeven::cli
