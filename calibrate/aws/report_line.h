// The REPORT line Lambda writes at the end of every invocation's log, e.g.
//   REPORT RequestId: 3f..  Duration: 12.34 ms  Billed Duration: 13 ms  Memory Size: 512 MB
//   Max Memory Used: 40 MB  Init Duration: 110.52 ms
// (fields separated by tabs; Init Duration only on a cold start; Restore Duration with SnapStart), or
// its JSON form {"type": "platform.report", ...} when the function's log format is JSON.
#pragma once

#include <optional>
#include <string>

#include "calibrate/probe_record.h"

namespace breakeven::calibrate {

struct ReportLine {
  std::string request_id;
  double duration_ms = 0;
  double billed_ms = 0;
  int memory_size_mb = 0;
  double max_memory_used_mb = 0;
  std::optional<double> init_ms;
  std::optional<double> restore_ms;
  // Why the values cannot be used (a time that is not a finite number from 0 to kReportMaxMs, a memory
  // size that is not a whole number of MB); empty when every value is sound.
  std::string refused;
};

// The largest time a REPORT line may state: the largest a probe line may hold.
inline constexpr double kReportMaxMs = kProbeMaxMs;

// Finds the last REPORT line in `log` (the decoded log tail) and parses it; empty when there is none
// or a required field (Duration, Billed Duration, Memory Size) is missing. A line whose values are not
// sound (NaN, negative, out of range) is returned with `refused` saying why: never use its numbers.
std::optional<ReportLine> parse_report_line(const std::string& log);

}  // namespace breakeven::calibrate
