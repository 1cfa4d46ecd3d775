#include "calibrate/aws/report_line.h"

#include <nlohmann/json.hpp>
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

// A function whose log format is JSON reports {"type": "platform.report", "record": {"requestId": ...,
// "metrics": {"durationMs", "billedDurationMs", "memorySizeMB", "maxMemoryUsedMB", "initDurationMs"?,
// "restoreDurationMs"?}}} (Lambda Telemetry API event schema, platform.report).
std::optional<ReportLine> parse_json_report(const std::string& line) {
  try {
    const auto j = nlohmann::json::parse(line);
    if (!j.is_object() || j.value("type", "") != "platform.report") return std::nullopt;
    const auto& record = j.at("record");
    const auto& m = record.at("metrics");
    ReportLine r;
    r.request_id = record.value("requestId", "");
    r.duration_ms = m.at("durationMs").get<double>();
    r.billed_ms = m.at("billedDurationMs").get<double>();
    r.memory_size_mb = m.at("memorySizeMB").get<int>();
    r.max_memory_used_mb = m.value("maxMemoryUsedMB", 0.0);
    if (m.contains("initDurationMs")) r.init_ms = m["initDurationMs"].get<double>();
    if (m.contains("restoreDurationMs")) r.restore_ms = m["restoreDurationMs"].get<double>();
    return r;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<ReportLine> parse_report_line(const std::string& log) {
  std::istringstream in(log);
  std::string line, report;
  std::optional<ReportLine> json_report;
  while (std::getline(in, line)) {
    if (line.rfind("REPORT ", 0) == 0)
      report = line;
    else if (!line.empty() && line.front() == '{' && line.find("platform.report") != std::string::npos)
      if (auto r = parse_json_report(line)) json_report = r;
  }
  if (report.empty()) return json_report;
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
    if (name == "RequestId")
      r.request_id = value;
    else if (!number)
      continue;
    else if (name == "Duration")
      r.duration_ms = *number, has_duration = true;
    else if (name == "Billed Duration")
      r.billed_ms = *number, has_billed = true;
    else if (name == "Memory Size")
      r.memory_size_mb = static_cast<int>(*number), has_memory = true;
    else if (name == "Max Memory Used")
      r.max_memory_used_mb = *number;
    else if (name == "Init Duration")
      r.init_ms = number;
    else if (name == "Restore Duration")
      r.restore_ms = number;
  }
  if (!has_duration || !has_billed || !has_memory) return std::nullopt;
  return r;
}

}  // namespace breakeven::calibrate
