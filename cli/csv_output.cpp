#include <string>
#include <vector>

#include "cli/outputs.h"

namespace breakeven::cli {

namespace {

void flatten(const Json& j, const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>& cells) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items())
      flatten(value, prefix.empty() ? key : prefix + "." + key, cells);
    return;
  }
  if (j.is_array()) return;
  std::string text;
  if (j.is_null())
    text = "";
  else if (j.is_string())
    text = j.get<std::string>();
  else
    text = j.dump();
  // RFC 4180 quoting when the cell holds a separator, a quote or a line break.
  if (text.find_first_of(",\"\r\n") != std::string::npos) {
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    text = quoted + "\"";
  }
  cells.emplace_back(prefix, text);
}

}  // namespace

void write_csv(const Json& j, std::ostream& out) {
  std::vector<std::pair<std::string, std::string>> cells;
  flatten(j, "", cells);
  for (size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << cells[i].first;
  out << "\n";
  for (size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << cells[i].second;
  out << "\n";
}

}  // namespace breakeven::cli
