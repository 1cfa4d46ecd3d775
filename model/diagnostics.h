// Errors the library reports instead of printing or exiting.
//
// InputError: the user's input is wrong (exit code 2 in the CLI); it holds every problem found, each
// with the place it was found. RunError: valid input, but the run failed (exit code 1).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace breakeven {

// Where a value came from: a file position (1-based line and column) or a command-line override.
struct SourcePlace {
  std::string file;  // path as the user gave it, or "--set" for a command-line override
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
};

// One problem with the input, printed as `file:line:column: key: message`.
struct Diagnostic {
  SourcePlace place;
  std::string key;      // dotted key, or empty when the problem is not about one key
  std::string message;  // what is wrong and what was expected, with a suggestion where one exists
};

std::string format_diagnostic(const Diagnostic& d);

class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace breakeven
