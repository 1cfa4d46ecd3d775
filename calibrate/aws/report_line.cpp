#include "calibrate/aws/report_line.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "model/checked_cast.h"
#include "model/text.h"

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

// Checks every value of `r`, filling r.refused with the first that is not sound.
void check_values(ReportLine& r, double memory_size) {
  auto time = [&](const char* name, double ms) {
    if (r.refused.empty() && !(std::isfinite(ms) && ms >= 0 && ms <= kReportMaxMs))
      r.refused = std::string(name) + " " + short_number(ms, 6) + " ms is not a time from 0 to " +
                  short_number(kReportMaxMs, 6) + " ms";
  };
  time("Duration", r.duration_ms);
  time("Billed Duration", r.billed_ms);
  if (r.init_ms) time("Init Duration", *r.init_ms);
  if (r.restore_ms) time("Restore Duration", *r.restore_ms);
  if (r.refused.empty() && !(std::isfinite(r.max_memory_used_mb) && r.max_memory_used_mb >= 0))
    r.refused = "Max Memory Used " + short_number(r.max_memory_used_mb, 6) + " MB is not a size";
  const auto memory = checked_cast<int>(memory_size, 1, 1 << 20);
  if (memory && *memory == memory_size)
    r.memory_size_mb = *memory;
  else if (r.refused.empty())
    r.refused = "Memory Size " + short_number(memory_size, 6) + " MB is not a whole number from 1 to " +
                std::to_string(1 << 20);
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
    const double memory_size = m.at("memorySizeMB").get<double>();
    r.max_memory_used_mb = m.value("maxMemoryUsedMB", 0.0);
    if (m.contains("initDurationMs")) r.init_ms = m["initDurationMs"].get<double>();
    if (m.contains("restoreDurationMs")) r.restore_ms = m["restoreDurationMs"].get<double>();
    check_values(r, memory_size);
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
  double memory_size = 0;
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
      memory_size = *number, has_memory = true;
    else if (name == "Max Memory Used")
      r.max_memory_used_mb = *number;
    else if (name == "Init Duration")
      r.init_ms = number;
    else if (name == "Restore Duration")
      r.restore_ms = number;
  }
  if (!has_duration || !has_billed || !has_memory) return std::nullopt;
  check_values(r, memory_size);
  return r;
}

}  // namespace breakeven::calibrate
