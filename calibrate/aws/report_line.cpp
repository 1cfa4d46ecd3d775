#include "calibrate/aws/report_line.h"

#include <sstream>
#include <vector>

namespace breakeven::calibrate {

namespace {

// "12.34 ms" -> 12.34; empty when not a number.
std::optional<double> leading_number(const std::string& text) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used > 0) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace

std::optional<ReportLine> parse_report_line(const std::string& log) {
  std::istringstream in(log);
  std::string line, report;
  while (std::getline(in, line))
    if (line.rfind("REPORT ", 0) == 0) report = line;
  if (report.empty()) return std::nullopt;
  ReportLine r;
  bool has_duration = false, has_billed = false, has_memory = false;
  std::istringstream fields(report.substr(7));
  std::string field;
  while (std::getline(fields, field, '\t')) {
    const auto colon = field.find(": ");
    if (colon == std::string::npos) continue;
    std::string name = field.substr(0, colon);
    name.erase(0, name.find_first_not_of(' '));
    const std::string value = field.substr(colon + 2);
    const auto number = leading_number(value);
    if (name == "RequestId") r.request_id = value;
    else if (!number) continue;
    else if (name == "Duration") r.duration_ms = *number, has_duration = true;
    else if (name == "Billed Duration") r.billed_ms = *number, has_billed = true;
    else if (name == "Memory Size") r.memory_size_mb = static_cast<int>(*number), has_memory = true;
    else if (name == "Max Memory Used") r.max_memory_used_mb = *number;
    else if (name == "Init Duration") r.init_ms = number;
    else if (name == "Restore Duration") r.restore_ms = number;
  }
  if (!has_duration || !has_billed || !has_memory) return std::nullopt;
  return r;
}

}  // namespace breakeven::calibrate
