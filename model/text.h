// Numbers in messages and notes: the shortest text with at most `significant` digits ("1e+12", "0.72").
#pragma once

#include <cstdio>
#include <string>

namespace breakeven {

// The same text as an ostream with precision(significant) prints (printf's %.*g), without building a
// stream: sweeps format notes for millions of points.
inline std::string short_number(double x, int significant) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*g", significant, x);
  return buffer;
}

}  // namespace breakeven
