// The command line: subcommand dispatch, --help, --version and the mapping of errors to exit codes
// (0 success, 1 failed run, 2 bad input, 130 interrupted by Ctrl-C).
#pragma once

#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace breakeven::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRunFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as shells and the AWS CLI report Ctrl-C

// A run stopped by Ctrl-C after keeping what it wrote whole; the message says how to continue.
struct Interrupted : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Runs `breakeven <args...>`, writing results to `out` and messages to `err`; returns the exit code.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace breakeven::cli
