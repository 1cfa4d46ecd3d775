// The command line: subcommand dispatch, --help, --version and the mapping of errors to exit codes
// (0 success, 1 failed run, 2 bad input).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace breakeven::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRunFailed = 1;
inline constexpr int kExitBadInput = 2;

// Runs `breakeven <args...>`, writing results to `out` and messages to `err`; returns the exit code.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace breakeven::cli
