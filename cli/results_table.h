// A sweep's or solve --grid's output file read back as a table of text cells (for charts).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace breakeven::cli {

struct ResultsTable {
  std::string path;
  std::string command;                 // "sweep" or "solve" (JSON), or guessed from the columns (CSV)
  std::string scenario;                // the scenario's name from a JSON header, "" otherwise
  std::vector<std::string> overrides;  // the --set overrides from a JSON header
  std::vector<std::string> columns;
  std::vector<std::string> axes;               // the swept keys: the columns between "point" and "status"
  std::vector<std::vector<std::string>> rows;  // cells as text; empty = no value

  // Index of `column`, or nullopt.
  std::optional<std::size_t> column(const std::string& name) const;
  // The cell as a number, or nullopt when empty or not a number.
  std::optional<double> number(std::size_t row, std::size_t column) const;
};

// Reads RESULTS (.csv or .json as written by sweep, solve --grid or merge); throws InputError when it is
// not one.
ResultsTable read_results(const std::string& path);

}  // namespace breakeven::cli
