// How many problems one input error reports: the first kMaxReportedProblems, then one line that counts
// the others (a file of 200,000 unknown keys gives a readable message, not a 20 MB one). Loaders stop
// working out suggestions for problems beyond it.
#pragma once

#include <cstddef>

namespace breakeven {

inline constexpr std::size_t kMaxReportedProblems = 100;

}  // namespace breakeven
