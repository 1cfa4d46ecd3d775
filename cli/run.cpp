#include "cli/run.h"

#include <algorithm>
#include <boost/program_options/errors.hpp>
#include <exception>

#include "cli/commands.h"
#include "cli/install_paths.h"
#include "model/diagnostics.h"
#include "model/spec/did_you_mean.h"

namespace breakeven::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"whatif", "both sides' cost, time and utilisation for one scenario, and its break-even interval",
       cmd_whatif},
      {"solve", "the break-even interval of a scenario and both costs at it", cmd_solve},
      {"keys", "every scenario key with its unit, range, default and meaning", cmd_keys},
      {"simulate", "discrete-event simulation of both sides: costs by item, latency percentiles, cold starts",
       cmd_simulate},
      {"profile", "measure a learner's compute time, model size and deltas for learner.profile", cmd_profile},
      {"calibrate", "measure Lambda with a short live run and fit the platform constants", cmd_calibrate},
      {"sweep", "both sides at every point of a grid over scenario keys (CSV or JSON rows)", cmd_sweep},
      {"merge", "joins the outputs of sharded sweeps into the output of one run", cmd_merge},
      {"chart", "draws a sweep's or solve --grid's results with gnuplot (PNG, SVG or PDF)", cmd_chart},
      {"completion", "prints a bash or zsh completion script (source <(breakeven completion bash))",
       cmd_completion},
  };
  return table;
}

namespace {

void print_usage(std::ostream& out) {
  out << "breakeven " BREAKEVEN_VERSION
         " - is online training on streaming data cheaper on AWS Lambda (FaaS) or on EC2 (IaaS),\n"
         "and at which interval between batches do they cost the same?\n\n"
         "usage: breakeven <command> [options]\n"
         "       breakeven <command> --help\n"
         "       breakeven [<command>] --version  version, data directory, pricing file version\n\n"
         "global option:\n"
         "  --data-dir DIR   the data/ directory (pricing, platform, profiles); also BREAKEVEN_DATA_DIR.\n"
         "                   Without it: a scenario's include paths, then the installed share directory\n\n"
         "commands:\n";
  for (const auto& c : commands()) {
    std::string name = c.name;
    name.resize(11, ' ');
    out << "  " << name << c.summary << "\n";
  }
  out << "\nexit codes: 0 success, 1 the run failed, 2 bad input (scenario, option or data file), 130\n"
         "            interrupted by Ctrl-C (what was written is kept whole)\n"
         "docs: docs/ in the source tree or share/doc/breakeven where installed (scenario-reference.md,\n"
         "      output.md, model.md)\n";
}

}  // namespace

int run(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args = arguments;
  try {
    configure_data_search(take_data_dir_option(args));
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) err << format_diagnostic(d) << "\n";
    return kExitBadInput;
  }
  if (args.empty()) {
    print_usage(err);
    return kExitBadInput;
  }
  const std::string& first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    print_usage(out);
    return kExitOk;
  }
  if (first == "--version") {
    print_version(out);
    return kExitOk;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  for (const auto& c : commands()) {
    if (first != c.name) continue;
    // `breakeven <command> ... --version` answers as `breakeven --version` does, for every command.
    if (std::find(rest.begin(), rest.end(), "--version") != rest.end()) {
      print_version(out);
      return kExitOk;
    }
    try {
      return c.run(rest, out, err);
    } catch (const InputError& e) {
      for (const auto& d : e.diagnostics()) err << format_diagnostic(d) << "\n";
      return kExitBadInput;
    } catch (const boost::program_options::error& e) {
      err << "breakeven " << c.name << ": " << e.what() << " (see breakeven " << c.name << " --help)\n";
      return kExitBadInput;
    } catch (const Interrupted& e) {
      err << "breakeven " << c.name << ": " << e.what() << "\n";
      return kExitInterrupted;
    } catch (const RunError& e) {
      err << "breakeven " << c.name << ": " << e.what() << "\n";
      return kExitRunFailed;
    } catch (const std::exception& e) {
      err << "breakeven " << c.name << ": internal error: " << e.what() << "\n";
      return kExitRunFailed;
    }
  }
  std::vector<std::string> names;
  for (const auto& c : commands()) names.emplace_back(c.name);
  const std::string guess = closest_match(first, names);
  err << "breakeven: unknown command '" << first << "'"
      << (guess.empty() ? "" : " (did you mean '" + guess + "'?)") << "; see breakeven --help\n";
  return kExitBadInput;
}

}  // namespace breakeven::cli
