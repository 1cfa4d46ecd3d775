#include "model/des/trace.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "model/diagnostics.h"

namespace breakeven::des {

namespace {

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::stringstream ss(line);
  while (std::getline(ss, cell, ',')) {
    while (!cell.empty() && (cell.back() == '\r' || cell.back() == ' ')) cell.pop_back();
    while (!cell.empty() && cell.front() == ' ') cell.erase(cell.begin());
    out.push_back(cell);
  }
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

bool parse_double(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(out);
}

[[noreturn]] void fail(const std::string& path, int line, const std::string& message) {
  throw InputError({Diagnostic{SourcePlace{path, line, line > 0 ? 1 : 0}, "workload.trace_file", message}});
}

// Bounds that keep a trace inside what the simulator can represent: times within the longest
// window --duration-h accepts (87600 h, to_us stays far inside 64 bits), and per-minute counts a real
// function could see (the Azure 2019 trace's busiest functions stay below 10^6 a minute), so a typo
// such as 1e9 is an input error instead of an allocation of billions of arrival times.
constexpr double kMaxTraceTimeS = 87600.0 * 3600.0;
constexpr double kMaxPerMinute = 1e6;
constexpr std::size_t kMaxArrivals = 100000000;  // 800 MB of arrival times

void check_time(const std::string& path, int line, double s, const std::string& what,
                const std::string& text) {
  if (s > kMaxTraceTimeS)
    fail(path, line, what + " " + text + " s is beyond 87600 h (315360000 s), the longest simulated window");
}

void check_total(const std::string& path, int line, std::size_t n) {
  if (n > kMaxArrivals)
    fail(path, line,
         "more than " + std::to_string(kMaxArrivals) + " arrivals; replay a shorter part of the trace");
}

int find_column(const std::vector<std::string>& header, const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

void spread_minute(std::int64_t minute, std::int64_t count, std::vector<TimeUs>& out) {
  const TimeUs start = minute * 60 * kUsPerSecond;
  for (std::int64_t i = 0; i < count; ++i)
    out.push_back(start + (2 * i + 1) * 60 * kUsPerSecond / (2 * count));
}

namespace {

// A UTF-8 byte order mark that some editors put before the first line: not part of the first cell.
void drop_bom(std::string& line) {
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
}

void check_line_count(std::ifstream& in, const std::string& path, std::size_t header_lines) {
  const int past = line_past_limit(in, kMaxArrivals + header_lines);
  if (past > 0)
    fail(path, past,
         "more than " + std::to_string(kMaxArrivals) +
             " arrivals (counted before reading them); replay a shorter part of the trace");
  in.clear();
  in.seekg(0);
}

void read_timestamps(std::ifstream& in, const std::string& path, Trace& t) {
  check_line_count(in, path, 1);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    if (++line_no == 1) drop_bom(line);
    const auto comma = line.find(',');
    std::string cell = line.substr(0, comma);
    while (!cell.empty() && (cell.back() == '\r' || cell.back() == ' ')) cell.pop_back();
    while (!cell.empty() && cell.front() == ' ') cell.erase(cell.begin());
    if (cell.empty() || cell[0] == '#') continue;
    double s = 0;
    if (!parse_double(cell, s)) {
      if (line_no == 1) continue;  // a header line
      fail(path, line_no, "expected an arrival time in seconds, got '" + cell + "'");
    }
    if (s < 0) fail(path, line_no, "arrival time " + cell + " s is negative");
    check_time(path, line_no, s, "arrival time", cell);
    t.arrivals_us.push_back(to_us(s));
  }
}

void read_azure2019(std::ifstream& in, const std::string& path, const std::string& function, Trace& t) {
  std::string line;
  if (!std::getline(in, line))
    fail(path, 1, "empty file; expected the header HashOwner,HashApp,HashFunction,Trigger,1,...,1440");
  drop_bom(line);
  int line_no = 1;
  const std::vector<std::string> header = split_csv(line);
  const int fn_col = find_column(header, "HashFunction");
  const int first_minute_col = find_column(header, "1");
  if (fn_col < 0 || first_minute_col < 0)
    fail(path, 1,
         "expected the Azure Functions 2019 header HashOwner,HashApp,HashFunction,Trigger,1,...,1440");
  while (std::getline(in, line)) {
    ++line_no;
    const std::vector<std::string> cells = split_csv(line);
    if (cells.size() <= static_cast<size_t>(fn_col)) continue;
    if (!function.empty() && cells[fn_col] != function) continue;
    t.function = cells[fn_col];
    for (size_t c = first_minute_col; c < cells.size(); ++c) {
      double n = 0;
      const std::string column = "column " + std::to_string(c + 1);
      if (!parse_double(cells[c], n) || n < 0 || n != std::floor(n))
        fail(path, line_no, column + ": expected a count of invocations, got '" + cells[c] + "'");
      if (n > kMaxPerMinute)
        fail(path, line_no,
             column + ": " + cells[c] + " invocations in one minute is above the limit of 1000000 a minute");
      check_time(path, line_no, static_cast<double>(c - first_minute_col) * 60.0, column + ": minute start",
                 std::to_string((c - first_minute_col) * 60));
      check_total(path, line_no, t.arrivals_us.size() + static_cast<std::size_t>(n));  // before the memory
      spread_minute(static_cast<std::int64_t>(c - first_minute_col), static_cast<std::int64_t>(n),
                    t.arrivals_us);
    }
    return;
  }
  fail(path, 0, function.empty() ? "no function rows" : "no row with HashFunction '" + function + "'");
}

void read_azure2021(std::ifstream& in, const std::string& path, const std::string& function, Trace& t) {
  std::string line;
  if (!std::getline(in, line))
    fail(path, 1, "empty file; expected the header app,func,end_timestamp,duration");
  drop_bom(line);
  int line_no = 1;
  const std::vector<std::string> header = split_csv(line);
  const int fn_col = find_column(header, "func");
  const int end_col = find_column(header, "end_timestamp");
  const int dur_col = find_column(header, "duration");
  if (fn_col < 0 || end_col < 0 || dur_col < 0)
    fail(path, 1, "expected the Azure Functions 2021 header app,func,end_timestamp,duration");
  const size_t need = static_cast<size_t>(std::max({fn_col, end_col, dur_col}));
  while (std::getline(in, line)) {
    ++line_no;
    const std::vector<std::string> cells = split_csv(line);
    if (cells.empty() || (cells.size() == 1 && cells[0].empty())) continue;
    if (cells.size() <= need) fail(path, line_no, "expected 4 columns app,func,end_timestamp,duration");
    if (!function.empty() && cells[fn_col] != function) continue;
    double end_s = 0, duration_s = 0;
    if (!parse_double(cells[end_col], end_s) || !parse_double(cells[dur_col], duration_s) || duration_s < 0)
      fail(path, line_no, "expected numbers end_timestamp (s) and duration (s) >= 0");
    check_time(path, line_no, end_s, "end_timestamp", cells[end_col]);
    check_total(path, line_no, t.arrivals_us.size() + 1);
    // The trace records when an invocation ended and how long it ran: it arrived at end - duration.
    t.arrivals_us.push_back(std::max<TimeUs>(0, to_us(std::max(0.0, end_s - duration_s))));
  }
  t.function = function;
}

}  // namespace

int line_past_limit(std::istream& in, std::size_t limit) {
  std::size_t count = 0;
  int line_no = 0;
  bool at_start = true, counted = false;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    const std::streamsize n = in.gcount();
    for (std::streamsize i = 0; i < n; ++i) {
      const char c = buffer[i];
      if (at_start) ++line_no;
      if (c == '\n') {
        at_start = true;
        counted = false;
        continue;
      }
      if (at_start && c == '#') counted = true;  // a comment: never counted
      at_start = false;
      if (!counted && c != '\r' && c != ' ') {
        counted = true;
        if (++count > limit) return line_no;
      }
    }
  }
  return 0;
}

Trace load_trace(const std::string& path, TraceFormat format, const std::string& function) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(path, 0, "cannot open the trace file; check workload.trace_file (relative to the scenario file)");
  Trace t;
  t.path = path;
  if (format == TraceFormat::timestamps)
    read_timestamps(in, path, t);
  else if (format == TraceFormat::azure2019)
    read_azure2019(in, path, function, t);
  else
    read_azure2021(in, path, function, t);
  if (t.arrivals_us.empty()) fail(path, 0, "the trace has no arrivals");
  std::sort(t.arrivals_us.begin(), t.arrivals_us.end());
  return t;
}

}  // namespace breakeven::des
