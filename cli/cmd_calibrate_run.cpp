#include "cli/calibrate_commands.h"
#include "model/diagnostics.h"
namespace breakeven::cli {
int calibrate_plan(const std::vector<std::string>&, std::ostream&, std::ostream&) { throw RunError("plan: not built yet"); }
int calibrate_run(const std::vector<std::string>&, std::ostream&, std::ostream&) { throw RunError("run: not built yet"); }
}
