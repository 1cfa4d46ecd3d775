// The subcommands; each parses its own options and writes only to the streams it is given.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace breakeven::cli {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};

int cmd_whatif(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_solve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_keys(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_simulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_profile(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_calibrate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_sweep(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_merge(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_completion(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_chart(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The table of subcommands, in the order `breakeven --help` lists them.
const std::vector<Command>& commands();

}  // namespace breakeven::cli
