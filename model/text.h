// Numbers in messages and notes: the shortest text with at most `significant` digits ("1e+12", "0.72").
#pragma once

#include <charconv>
#include <string>

namespace breakeven {

// The same text as an ostream with precision(significant) prints (printf's %.*g; std::to_chars with a
// precision is specified as exactly that), without a stream or printf: sweeps format notes for millions
// of points.
inline std::string short_number(double x, int significant) {
  char buffer[64];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::general, significant);
  return std::string(buffer, r.ptr);
}

}  // namespace breakeven
