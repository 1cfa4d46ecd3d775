// `breakeven completion bash|zsh`: a shell completion script made from the program itself: the command
// table, each command's options (from its --help), the scenario keys and their choices, the chart kinds
// and the instance types of the pricing file in the data directory.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace breakeven::cli {

struct CompletionWords {
  std::vector<std::string> commands;                            // whatif, solve, ..., "calibrate plan", ...
  std::map<std::string, std::vector<std::string>> options;      // command -> --options
  std::map<std::string, std::vector<std::string>> subcommands;  // calibrate -> plan, run, ...
  std::vector<std::string> keys;                                // "faas.memory_mb=" ...
  std::map<std::string, std::vector<std::string>> key_values;   // key -> its choices
  std::vector<std::string> chart_kinds;
  std::vector<std::string> instance_types;
  std::string pricing_note;  // where the instance types came from, or why there are none
};

CompletionWords completion_words();
std::string bash_completion(const CompletionWords& w);
std::string zsh_completion(const CompletionWords& w);

}  // namespace breakeven::cli
