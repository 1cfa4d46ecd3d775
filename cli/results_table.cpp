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

// A JSON cell as text: strings as they are, numbers with 10 significant digits, null as empty.
std::string cell_text(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    char b[40];
    const auto res = std::to_chars(b, b + sizeof b, v.get<double>(), std::chars_format::general, 10);
    return std::string(b, res.ptr);
  }
  return v.dump();
}

// The JSON output of sweep, solve --grid or merge; every shape other than the one they write is bad input.
void read_json_results(const std::string& path, const std::string& text, ResultsTable& t) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("columns") || !j.contains("rows"))
    bad(path,
        "not the JSON output of breakeven sweep or solve --grid (or an unfinished one: finish it with "
        "--resume)");
  if (j.contains("command") && j["command"].is_string()) t.command = j["command"].get<std::string>();
  if (j.contains("scenario") && j["scenario"].is_string()) t.scenario = j["scenario"].get<std::string>();
  if (j.contains("set") && j["set"].is_array())
    for (const auto& o : j["set"])
      if (o.is_string()) t.overrides.push_back(o.get<std::string>());
  const auto& columns = j["columns"];
  if (!columns.is_array())
    bad(path, "\"columns\" is " + std::string(columns.type_name()) + ", expected an array of column names");
  for (const auto& c : columns) {
    if (!c.is_string())
      bad(path, "\"columns\" holds " + std::string(c.type_name()) + ", expected column names (strings)");
    t.columns.push_back(c.get<std::string>());
  }
  const auto& rows = j["rows"];
  if (!rows.is_array())
    bad(path, "\"rows\" is " + std::string(rows.type_name()) + ", expected an array of row objects");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].is_object())
      bad(path, "rows[" + std::to_string(i) + "] is " + std::string(rows[i].type_name()) +
                    ", expected an object of column: value");
    std::vector<std::string> cells;
    for (const auto& c : t.columns) cells.push_back(rows[i].contains(c) ? cell_text(rows[i][c]) : "");
    t.rows.push_back(std::move(cells));
  }
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
    read_json_results(path, text, t);
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
