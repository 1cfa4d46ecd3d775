#include <iomanip>

#include "cli/commands.h"
#include "cli/run.h"
#include "model/spec/keys.h"

namespace breakeven::cli {

int cmd_keys(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  bool markdown = false;
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      out << "usage: breakeven keys [--markdown]\n\nEvery scenario key with its type, range, unit, default "
             "and "
             "meaning.\n--markdown prints the table of docs/scenario-reference.md.\n";
      return kExitOk;
    }
    if (a == "--markdown") {
      markdown = true;
      continue;
    }
    err << "breakeven keys: unknown option '" << a << "' (expected --markdown or --help)\n";
    return kExitBadInput;
  }
  if (markdown) {
    out << scenario_keys_markdown();
    return kExitOk;
  }
  for (const auto& k : scenario_keys()) {
    out << std::left << std::setw(28) << k.path << " " << describe_expected(k) << "; default "
        << k.default_text << "\n    " << k.meaning << "\n";
  }
  return kExitOk;
}

}  // namespace breakeven::cli
