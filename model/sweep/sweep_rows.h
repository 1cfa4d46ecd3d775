// The rows of `sweep` and `solve --grid` outputs, as CSV or JSON. Both formats put one row on one line,
// in point order, after a header that depends only on the command, the scenario and the grid, so shards
// and resumed runs can be joined byte for byte (docs/sweeps.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/break_even.h"
#include "model/sweep/point_evaluator.h"
#include "model/sweep/sweep_plan.h"

namespace breakeven {

enum class RowFormat { csv, json };

// What a row holds: the evaluation of a point (sweep) or its break-even interval (solve --grid).
enum class RowKind { sweep, solve };

class RowLayout {
 public:
  // `data_files` and `overrides` go into the JSON header (hashes and --set values, no paths), so shards
  // or a resumed run of another scenario or other overrides are refused.
  RowLayout(RowKind kind, RowFormat format, const SweepPlan& plan, std::string command, std::string mode,
            std::string scenario_name, bool break_even_column, bool latency_columns,
            const std::vector<DataFileInfo>& data_files = {}, const std::vector<std::string>& overrides = {});

  RowKind kind() const { return kind_; }
  RowFormat format() const { return format_; }
  const std::vector<std::string>& columns() const { return columns_; }
  // Everything before the first row.
  const std::string& header() const { return header_; }
  // What follows the last row ("" for CSV).
  std::string footer() const;

  // Appends the row of point `point`. `last` marks the last row of the file (JSON: no comma after it).
  void sweep_row(std::string& out, std::size_t point, const std::optional<std::string>& error,
                 const PointResult* r, const std::optional<BreakEven>& be, bool last) const;
  void solve_row(std::string& out, std::size_t point, const std::optional<std::string>& error,
                 const BreakEven* be, bool last) const;

 private:
  class Row;

  // The cells every row starts with: the point, its swept values and the status. An invalid point's
  // row is written whole (its message, empty figures) and false is returned.
  bool begin_row(Row& row, std::size_t point, const std::optional<std::string>& error, bool valid,
                 bool last) const;
  RowKind kind_;
  RowFormat format_;
  const SweepPlan& plan_;
  bool break_even_column_, latency_columns_;
  std::vector<std::string> columns_;
  std::string header_;
};

// The point number at the start of a row line, or nullopt when the line is not a complete row.
std::optional<std::size_t> row_point(RowFormat format, const std::string& line);

// The format named by an output file's extension (.csv or .json); throws InputError otherwise.
RowFormat format_of_path(const std::string& path, const std::string& option);

}  // namespace breakeven
