// Arrival traces for workload.arrival trace: a CSV of timestamps, the Azure Functions 2019 per-minute
// counts, or the Azure Functions 2021 per-invocation trace. docs/simulator.md gives the formats and
// the rule that spreads a minute's count over the minute.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "model/des/kernel.h"
#include "model/spec/scenario.h"

namespace breakeven::des {

struct Trace {
  std::string path;
  std::string function;             // the function replayed (azure formats), empty for timestamps
  std::vector<TimeUs> arrivals_us;  // sorted, >= 0
};

// Reads `path` in `format`. `function` selects a function by its hash (azure2019: HashFunction,
// azure2021: func); empty = the first row's function (azure2019) or every row (azure2021).
// Throws InputError with file:line for a bad file.
Trace load_trace(const std::string& path, TraceFormat format, const std::string& function);

// Arrival times of one azure2019 row: `count` arrivals in minute `minute` (0-based) are spread evenly,
// at minute x 60 + (i + 0.5) x 60 / count seconds, i = 0 .. count - 1.
void spread_minute(std::int64_t minute, std::int64_t count, std::vector<TimeUs>& out);

// The lines that can hold an arrival (not blank, not a # comment) counted without parsing them (about
// 1 GB/s), so that a file of more than 10^8 arrivals is refused before they are read and stored: the
// 1-based number of the line at which the count passes `limit`, or 0 when it does not.
int line_past_limit(std::istream& in, std::size_t limit);

}  // namespace breakeven::des
