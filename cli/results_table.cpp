#include "cli/results_table.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "model/diagnostics.h"
#include "model/sweep/sweep_rows.h"

namespace breakeven::cli {

namespace {

[[noreturn]] void bad(const std::string& path, const std::string& message) {
  throw InputError({Diagnostic{SourcePlace{path, 0, 0}, "", message}});
}

// One CSV record (RFC 4180 quoting, no line breaks inside cells: sweep outputs have none).
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
        cells.back() += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        cells.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

}  // namespace

std::optional<std::size_t> ResultsTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return i;
  return std::nullopt;
}

std::optional<double> ResultsTable::number(std::size_t row, std::size_t col) const {
  const std::string& s = rows[row][col];
  double x = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), x);
  if (s.empty() || r.ptr != s.data() + s.size() || r.ec != std::errc() || !std::isfinite(x))
    return std::nullopt;
  return x;
}

ResultsTable read_results(const std::string& path) {
  const RowFormat format = format_of_path(path, "RESULTS");
  std::ifstream in(path, std::ios::binary);
  if (!in) bad(path, "cannot read the results file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  ResultsTable t;
  t.path = path;
  if (format == RowFormat::csv) {
    std::istringstream lines(text);
    std::string line;
    if (!std::getline(lines, line))
      bad(path, "empty file: expected the output of breakeven sweep or solve --grid");
    if (line.rfind("# breakeven ", 0) == 0 && !std::getline(lines, line))  // the sweep's identity line
      bad(path,
          "no column names after the first line: expected the output of breakeven sweep or solve --grid");
    t.columns = split_csv(line);
    while (std::getline(lines, line))
      if (!line.empty()) t.rows.push_back(split_csv(line));
    t.command = t.column("cheaper") ? "sweep" : "solve";
  } else {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("columns") || !j.contains("rows"))
      bad(path,
          "not the JSON output of breakeven sweep or solve --grid (or an unfinished one: finish it with "
          "--resume)");
    t.command = j.value("command", "");
    t.columns = j["columns"].get<std::vector<std::string>>();
    for (const auto& r : j["rows"]) {
      std::vector<std::string> cells;
      for (const auto& c : t.columns) {
        const auto& v = r.contains(c) ? r[c] : nlohmann::json();
        if (v.is_null())
          cells.emplace_back();
        else if (v.is_string())
          cells.push_back(v.get<std::string>());
        else if (v.is_number_float()) {
          char b[40];
          const auto res = std::to_chars(b, b + sizeof b, v.get<double>(), std::chars_format::general, 10);
          cells.emplace_back(b, res.ptr);
        } else
          cells.push_back(v.dump());
      }
      t.rows.push_back(std::move(cells));
    }
  }
  if (t.columns.size() < 3 || t.columns.front() != "point" || !t.column("status"))
    bad(path,
        "not the output of breakeven sweep or solve --grid: the first column must be 'point' and a 'status' "
        "column must follow the swept keys");
  for (std::size_t i = 1; t.columns[i] != "status"; ++i) t.axes.push_back(t.columns[i]);
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (t.rows[r].size() != t.columns.size())
      bad(path + ":" + std::to_string(r + 2), "row has " + std::to_string(t.rows[r].size()) +
                                                  " cells, the header " + std::to_string(t.columns.size()));
  return t;
}

}  // namespace breakeven::cli
