// Numbers in messages and notes: the shortest text with at most `significant` digits ("1e+12", "0.72").
#pragma once

#include <sstream>
#include <string>

namespace breakeven {

inline std::string short_number(double x, int significant) {
  std::ostringstream os;
  os.precision(significant);
  os << x;
  return os.str();
}

}  // namespace breakeven
