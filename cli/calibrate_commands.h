// The `calibrate` subcommands that talk to AWS (cmd_calibrate_run.cpp); fit and report are in cmd_calibrate.cpp.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace breakeven::cli {

int calibrate_plan(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int calibrate_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace breakeven::cli
