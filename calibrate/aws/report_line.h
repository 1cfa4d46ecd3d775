// The REPORT line Lambda writes at the end of every invocation's log, e.g.
//   REPORT RequestId: 3f..  Duration: 12.34 ms  Billed Duration: 13 ms  Memory Size: 512 MB
//   Max Memory Used: 40 MB  Init Duration: 110.52 ms
// (fields separated by tabs; Init Duration only on a cold start; Restore Duration with SnapStart), or
// its JSON form {"type": "platform.report", ...} when the function's log format is JSON.
#pragma once

#include <optional>
#include <string>

namespace breakeven::calibrate {

struct ReportLine {
  std::string request_id;
  double duration_ms = 0;
  double billed_ms = 0;
  int memory_size_mb = 0;
  double max_memory_used_mb = 0;
  std::optional<double> init_ms;
  std::optional<double> restore_ms;
};

// Finds the last REPORT line in `log` (the decoded log tail) and parses it; empty when there is none
// or a required field (Duration, Billed Duration, Memory Size) is missing.
std::optional<ReportLine> parse_report_line(const std::string& log);

}  // namespace breakeven::calibrate
