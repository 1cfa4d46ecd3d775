// Options shared by the commands that read a scenario: SCENARIO, --set key=value..., --format.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace breakeven::cli {

enum class Format { table, json, csv };

struct ScenarioOptions {
  std::string scenario_path;
  std::vector<std::string> overrides;
  Format format = Format::table;
};

// Parses `args` against `visible` plus one positional SCENARIO (stored in `scenario_path`), for every
// command that takes a scenario file; boost's errors propagate to the caller.
boost::program_options::variables_map parse_with_scenario(
    const std::vector<std::string>& args, const boost::program_options::options_description& visible,
    std::string& scenario_path);

// Parses `args` for a scenario command. Returns nullopt after printing help to `out` for --help.
// Throws InputError or a program_options error for bad options.
std::optional<ScenarioOptions> parse_scenario_options(const std::string& command, const std::string& summary,
                                                      const std::vector<std::string>& args,
                                                      std::ostream& out);

}  // namespace breakeven::cli
