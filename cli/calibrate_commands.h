// The `calibrate` subcommands, dispatched by cmd_calibrate (cmd_calibrate.cpp, which also holds fit).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace breakeven::cli {

// cmd_calibrate_run.cpp: the probes and their cost; the live run.
int calibrate_plan(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int calibrate_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// calibrate_run_exec.cpp: replaces this process with breakeven-calibrate-run (found beside it) running
// `calibrate run ARGS`; returns only on failure, with a message.
int exec_calibrate_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// cmd_calibrate_report.cpp: a fit's estimates and residual chart; held-out probes against a fit.
int calibrate_report(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int calibrate_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace breakeven::cli
