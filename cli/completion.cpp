#include "cli/completion.h"

#include <algorithm>
#include <regex>
#include <sstream>

#include "calibrate/probe_plan.h"
#include "cli/charts.h"
#include "cli/commands.h"
#include "cli/run.h"
#include "model/diagnostics.h"
#include "model/spec/data_paths.h"
#include "model/spec/keys.h"

namespace breakeven::cli {

namespace {

// The --options a help text lists (lines that start with an option), in order, without repeats.
std::vector<std::string> options_of_help(const std::string& help) {
  std::vector<std::string> found;
  static const std::regex option_line(R"(^\s+(?:-\w \[ )?(--[a-z][a-z0-9-]*))");
  std::istringstream lines(help);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line))
    if (std::regex_search(line, m, option_line) &&
        std::find(found.begin(), found.end(), m[1].str()) == found.end())
      found.push_back(m[1].str());
  if (std::find(found.begin(), found.end(), "--help") == found.end()) found.emplace_back("--help");
  found.emplace_back("--version");
  found.emplace_back("--data-dir");
  return found;
}

// The subcommands a help text's usage names as <a|b|c>.
std::vector<std::string> subcommands_of_help(const std::string& help) {
  static const std::regex usage(R"(usage: breakeven \w+ <([a-z|]+)>)");
  std::smatch m;
  std::vector<std::string> subs;
  if (!std::regex_search(help, m, usage)) return subs;
  std::istringstream names(m[1].str());
  for (std::string s; std::getline(names, s, '|');) subs.push_back(s);
  return subs;
}

std::string help_of(const Command& c, const std::vector<std::string>& args) {
  std::ostringstream out, err;
  try {
    c.run(args, out, err);
  } catch (const std::exception&) {
    // A command whose help cannot be printed gets only the common options.
  }
  return out.str();
}

void add_instance_types(CompletionWords& w) {
  const DataLookup pricing = find_data_file("pricing/aws.yaml");
  if (!pricing.found) {
    w.pricing_note = "no pricing file found (" + describe_tried(pricing) + "): no instance types";
    return;
  }
  try {
    const PricingCatalog catalog = calibrate::load_pricing_file(pricing.path);
    for (const auto& [name, _] : catalog.ec2_instances) w.instance_types.push_back(name);
    w.pricing_note = "instance types from " + pricing.path + " version " + catalog.version;
  } catch (const InputError&) {
    w.pricing_note = pricing.path + " cannot be read: no instance types";
  }
}

}  // namespace

CompletionWords completion_words() {
  CompletionWords w;
  for (const auto& c : commands()) {
    w.commands.emplace_back(c.name);
    if (std::string(c.name) == "completion") {
      w.options[c.name] = {"--help", "--version"};
      w.subcommands[c.name] = {"bash", "zsh"};
      continue;
    }
    const std::string help = help_of(c, {"--help"});
    w.options[c.name] = options_of_help(help);
    const auto subs = subcommands_of_help(help);
    if (subs.empty()) continue;
    w.subcommands[c.name] = subs;
    for (const auto& s : subs)
      w.options[std::string(c.name) + " " + s] = options_of_help(help_of(c, {s, "--help"}));
  }
  for (const auto& k : scenario_keys()) {
    const std::string key(k.path);
    w.keys.push_back(key + "=");
    for (const auto& choice : k.choices) w.key_values[key].emplace_back(choice);
    if (k.type == KeyType::boolean) w.key_values[key] = {"true", "false"};
  }
  for (const char* const* kind = chart_kinds(); *kind != nullptr; ++kind) w.chart_kinds.emplace_back(*kind);
  add_instance_types(w);
  if (!w.instance_types.empty()) w.key_values["iaas.instance"] = w.instance_types;
  return w;
}

int cmd_completion(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const bool help = !args.empty() && (args.front() == "--help" || args.front() == "-h");
  if (args.size() != 1 || help || (args.front() != "bash" && args.front() != "zsh")) {
    (help ? out : err)
        << "usage: breakeven completion bash|zsh\n\n"
           "Prints a completion script: commands, options, scenario keys after --set and --grid,\n"
           "chart kinds, and the instance types of the pricing file in the data directory.\n"
           "  bash: source <(breakeven completion bash)      (e.g. in ~/.bashrc)\n"
           "  zsh:  source <(breakeven completion zsh)       (after compinit in ~/.zshrc), or save\n"
           "        it as _breakeven in a directory of $fpath\n";
    if (help) return kExitOk;
    if (!args.empty()) err << "breakeven completion: expected bash or zsh, got '" << args.front() << "'\n";
    return kExitBadInput;
  }
  const CompletionWords words = completion_words();
  out << (args.front() == "bash" ? bash_completion(words) : zsh_completion(words));
  return kExitOk;
}

}  // namespace breakeven::cli
