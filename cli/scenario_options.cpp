#include "cli/scenario_options.h"

#include "model/diagnostics.h"
#include "model/spec/did_you_mean.h"

namespace breakeven::cli {

namespace po = boost::program_options;

po::variables_map parse_with_scenario(const std::vector<std::string>& args,
                                      const po::options_description& visible, std::string& scenario_path) {
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>(&scenario_path));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  return vm;
}

std::optional<ScenarioOptions> parse_scenario_options(const std::string& command, const std::string& summary,
                                                      const std::vector<std::string>& args,
                                                      std::ostream& out) {
  ScenarioOptions o;
  std::string format = "table";
  po::options_description visible("options");
  visible.add_options()(
      "set", po::value<std::vector<std::string>>(&o.overrides)->composing(),
      "override a scenario key, e.g. --set faas.memory_mb=1024 (repeatable; validated like the file)")(
      "format", po::value<std::string>(&format)->default_value("table"), "output format: table, json or csv")(
      "help,h", "show this help");
  po::variables_map vm = parse_with_scenario(args, visible, o.scenario_path);
  if (vm.count("help")) {
    out << "usage: breakeven " << command << " SCENARIO [--set key=value]... [--format table|json|csv]\n\n"
        << summary << "\n\n"
        << "SCENARIO is a YAML file (see scenarios/ and docs/scenario-reference.md); `breakeven keys` lists\n"
        << "every key.\n\n"
        << visible << "\n";
    return std::nullopt;
  }
  po::notify(vm);
  if (o.scenario_path.empty())
    throw InputError({Diagnostic{SourcePlace{"breakeven " + command, 0, 0}, "",
                                 "missing SCENARIO (a YAML file, e.g. scenarios/thesis-movielens.yaml)"}});
  if (format == "table")
    o.format = Format::table;
  else if (format == "json")
    o.format = Format::json;
  else if (format == "csv")
    o.format = Format::csv;
  else {
    const std::string guess = closest_match(format, {"table", "json", "csv"});
    throw InputError({Diagnostic{SourcePlace{"--format " + format, 0, 0}, "",
                                 "expected table, json or csv" +
                                     (guess.empty() ? std::string() : " (did you mean '" + guess + "'?)")}});
  }
  return o;
}

}  // namespace breakeven::cli
