// A check of a generated gnuplot script for the chart fuzz target: no line may start a command the
// generator does not write, no string may run past the end of its line (gnuplot then runs the next
// line), and nothing outside a comment may substitute text (backquotes, `@` macros) or call `system`.
#pragma once

#include <sstream>
#include <string>

namespace breakeven::fuzz {

namespace detail {

// What is wrong with one physical line, or "". `continued`: the line continues the previous one.
inline std::string line_problem(const std::string& line, bool continued) {
  static const char* const kStarts[] = {"set ", "unset ", "plot ", "splot ", "data = "};
  const auto first = line.find_first_not_of(' ');
  if (first == std::string::npos || line[first] == '#') return "";
  if (!continued) {
    bool known = false;
    for (const char* start : kStarts) known = known || line.rfind(start, 0) == 0;
    if (!known) return "starts a command the chart generator does not write";
  }
  char quote = 0;  // the open string's quote, or 0 outside strings
  for (std::size_t i = first; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '`') return "has a backquote (command substitution)";
    if (quote == '"' && c == '\\') {
      ++i;
    } else if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#') {
      return "";
    } else if (c == '@' || c == ';') {
      return std::string("has '") + c + "' outside a string (macro or second command)";
    } else if (line.compare(i, 6, "system") == 0) {
      return "calls system outside a string";
    }
  }
  return quote != 0 ? "leaves a string open at the end of the line" : "";
}

}  // namespace detail

// "line N: <problem>: <line>" for the first unsafe line of `script`, or "" when every line is safe.
inline std::string unsafe_script_line(const std::string& script) {
  std::istringstream lines(script);
  std::string line;
  bool continued = false;
  for (int n = 1; std::getline(lines, line); ++n) {
    const std::string problem = detail::line_problem(line, continued);
    if (!problem.empty()) return "line " + std::to_string(n) + ": " + problem + ": " + line;
    continued = !line.empty() && line.back() == '\\';
  }
  return "";
}

}  // namespace breakeven::fuzz
