// Keep-alive as a distribution (faas.keep_alive_quantiles_s): quantiles at equal probability steps
// from 0 to 1, e.g. "300,420,600" = minimum 300 s, median 420 s, maximum 600 s; a draw interpolates
// linearly between neighbouring quantiles (a piecewise-uniform distribution).
#pragma once

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace breakeven::des {

// Parses the comma-separated list; empty text gives an empty list (fixed keep-alive). On a bad list,
// returns empty and, when `error` is given, says what is wrong there.
inline std::vector<double> parse_keep_alive_quantiles(const std::string& text, std::string* error) {
  std::vector<double> out;
  if (text.empty()) return out;
  std::stringstream ss(text);
  std::string cell;
  while (std::getline(ss, cell, ',')) {
    while (!cell.empty() && cell.front() == ' ') cell.erase(cell.begin());
    while (!cell.empty() && cell.back() == ' ') cell.pop_back();
    char* end = nullptr;
    const double v = std::strtod(cell.c_str(), &end);
    if (cell.empty() || end != cell.c_str() + cell.size() || !std::isfinite(v) || v < 0) {
      if (error) *error = "'" + cell + "' is not a number of seconds >= 0";
      return {};
    }
    if (!out.empty() && v < out.back()) {
      if (error) *error = "quantiles must not decrease (" + cell + " after a larger value)";
      return {};
    }
    out.push_back(v);
  }
  if (out.size() < 2) {
    if (error) *error = "give at least two quantiles (the minimum and the maximum), e.g. \"300,600\"";
    return {};
  }
  return out;
}

// The value at probability u in [0, 1) of the piecewise-linear inverse distribution function.
inline double sample_quantiles(const std::vector<double>& q, double u) {
  const double pos = u * static_cast<double>(q.size() - 1);
  const std::size_t i = static_cast<std::size_t>(pos);
  if (i + 1 >= q.size()) return q.back();
  return q[i] + (pos - static_cast<double>(i)) * (q[i + 1] - q[i]);
}

}  // namespace breakeven::des
