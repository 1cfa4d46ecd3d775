#include "model/sweep/sweep_rows.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "model/diagnostics.h"
#include "model/output_schema.h"
#include "model/sha256.h"

namespace breakeven {

namespace {

// 64 bits of the SHA-256: two different sweeps share an identity with probability 2^-64.
constexpr std::size_t kIdentityHexDigits = 16;

void append_json_string(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void append_csv_text(std::string& out, const std::string& s) {
  // RFC 4180 quoting when the cell holds a separator, a quote or a line break. (A plain loop: libstdc++'s
  // find_first_of calls memchr once per character, which showed in sweep profiles.)
  bool needs_quotes = false;
  for (char c : s) needs_quotes = needs_quotes || c == ',' || c == '"' || c == '\r' || c == '\n';
  if (!needs_quotes) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// The header's description of a sweep: command, mode, scenario, data files, overrides, grid, size and
// columns (the JSON header; hashed into the CSV's identity line).
nlohmann::ordered_json identity(const SweepPlan& plan, const std::vector<std::string>& columns,
                                const std::string& command, const std::string& mode,
                                const std::string& scenario_name, const std::vector<DataFileInfo>& data_files,
                                const std::vector<std::string>& overrides) {
  nlohmann::ordered_json h;
  h["schema_version"] = kOutputSchemaVersion;
  h["command"] = command;
  h["mode"] = mode;
  h["scenario"] = scenario_name;
  h["data_files"] = nlohmann::ordered_json::array();
  for (const auto& f : data_files) h["data_files"].push_back({{"role", f.role}, {"sha256", f.sha256}});
  h["set"] = overrides;
  h["grid"] = nlohmann::ordered_json::array();
  for (const auto& a : plan.axes())
    h["grid"].push_back({{"key", std::string(a.key->path)}, {"spec", a.spec}, {"values", a.values}});
  h["points"] = plan.point_count();
  h["columns"] = columns;
  return h;
}

}  // namespace

// Writes the cells of one row in the layout's format; cells come in column order.
class RowLayout::Row {
 public:
  Row(const RowLayout& layout, std::string& out) : layout_(layout), out_(out) {
    if (layout_.format_ == RowFormat::json) out_ += '{';
  }
  void number(double x) {
    start();
    if (!std::isfinite(x)) {
      out_ += layout_.format_ == RowFormat::json ? "null" : "";
      return;
    }
    // 10 significant digits, like the other outputs: last-bit differences between maths libraries
    // cannot change the bytes.
    char buffer[40];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::general, 10);
    out_.append(buffer, r.ptr);
  }
  void integer(std::size_t n) {
    start();
    char buffer[24];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, n);
    out_.append(buffer, r.ptr);
  }
  void optional_number(const std::optional<double>& x) {
    if (x)
      number(*x);
    else
      empty();
  }
  void text(const std::string& s) {
    start();
    if (layout_.format_ == RowFormat::json)
      append_json_string(out_, s);
    else
      append_csv_text(out_, s);
  }
  // A swept value: a number in JSON when it reads as one, else a string.
  void value(const std::string& s) {
    if (layout_.format_ == RowFormat::csv) return text(s);
    double x = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), x);
    if (r.ptr == s.data() + s.size() && r.ec == std::errc() && !s.empty() && std::isfinite(x)) {
      start();
      out_ += s;
    } else {
      text(s);
    }
  }
  void boolean(bool b) {
    start();
    out_ += b ? "true" : "false";
  }
  void empty() {
    start();
    if (layout_.format_ == RowFormat::json) out_ += "null";
  }
  void end(bool last) {
    if (layout_.format_ == RowFormat::json)
      out_ += last ? "}\n" : "},\n";
    else
      out_ += '\n';
  }

 private:
  void start() {
    if (layout_.format_ == RowFormat::json) {
      if (column_ > 0) out_ += ',';
      append_json_string(out_, layout_.columns_[column_]);
      out_ += ':';
    } else if (column_ > 0) {
      out_ += ',';
    }
    ++column_;
  }
  const RowLayout& layout_;
  std::string& out_;
  std::size_t column_ = 0;
};

RowLayout::RowLayout(RowKind kind, RowFormat format, const SweepPlan& plan, std::string command,
                     std::string mode, std::string scenario_name, bool break_even_column,
                     bool latency_columns, const std::vector<DataFileInfo>& data_files,
                     const std::vector<std::string>& overrides)
    : kind_(kind),
      format_(format),
      plan_(plan),
      break_even_column_(break_even_column),
      latency_columns_(latency_columns) {
  columns_.push_back("point");
  for (const auto& a : plan.axes()) columns_.emplace_back(a.key->path);
  columns_.push_back("status");
  columns_.push_back("error");
  if (kind == RowKind::sweep) {
    for (const char* c :
         {"cheaper", "faas_cost_usd_per_hour", "iaas_cost_usd_per_hour", "faas_invocation_s",
          "iaas_invocation_s", "faas_utilisation", "iaas_utilisation", "faas_memory_mb", "faas_feasible",
          "iaas_feasible", "faas_infeasible_reason", "iaas_infeasible_reason", "faas_duration_usd_per_hour",
          "faas_requests_usd_per_hour", "faas_other_usd_per_hour", "iaas_instance_usd_per_hour",
          "iaas_s3_usd_per_hour"})
      columns_.emplace_back(c);
    if (break_even_column_) columns_.emplace_back("break_even_interval_s");
    if (latency_columns_)
      for (const char* c : {"latency_p50_s", "latency_p95_s", "latency_p99_s"}) columns_.emplace_back(c);
  } else {
    for (const char* c : {"break_even_interval_s", "break_even_reason",
                          "faas_cost_usd_per_hour_at_break_even", "iaas_cost_usd_per_hour_at_break_even",
                          "faas_feasible_from_s", "iaas_feasible_from_s", "crossings"})
      columns_.emplace_back(c);
  }
  const nlohmann::ordered_json h =
      identity(plan, columns_, command, mode, scenario_name, data_files, overrides);
  if (format_ == RowFormat::csv) {
    // The sweep's identity in a comment line, so that --resume and merge refuse a CSV of another sweep
    // with the same columns, as they refuse such a JSON by its header.
    header_ = "# breakeven " + command + ": mode " + mode + ", " + std::to_string(plan.point_count()) +
              " points, identity " +
              sha256_hex(h.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace))
                  .substr(0, kIdentityHexDigits) +
              "\n";
    for (std::size_t i = 0; i < columns_.size(); ++i) header_ += (i ? "," : "") + columns_[i];
    header_ += '\n';
    return;
  }
  header_ = h.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  header_.pop_back();  // the closing brace: the rows follow
  header_ += ",\"rows\":[\n";
}

std::string RowLayout::footer() const {
  return format_ == RowFormat::json ? "]}\n" : "";
}

bool RowLayout::begin_row(Row& row, std::size_t point, const std::optional<std::string>& error, bool valid,
                          bool last) const {
  row.integer(point);
  for (std::size_t a = 0; a < plan_.axes().size(); ++a)
    row.value(plan_.axes()[a].values[plan_.shape().digit(point, a)]);
  if (error || !valid) {
    row.text("invalid");
    row.text(error ? *error : "");
    for (std::size_t i = 4 + plan_.axes().size() - 1; i < columns_.size(); ++i) row.empty();
    row.end(last);
    return false;
  }
  row.text("ok");
  row.empty();
  return true;
}

void RowLayout::sweep_row(std::string& out, std::size_t point, const std::optional<std::string>& error,
                          const PointResult* r, const std::optional<BreakEven>& be, bool last) const {
  Row row(*this, out);
  if (!begin_row(row, point, error, r != nullptr, last)) return;
  row.text(r->cheaper);
  row.number(r->faas.cost_usd_per_hour);
  row.number(r->iaas.cost_usd_per_hour);
  row.number(r->faas.invocation_s);
  row.number(r->iaas.invocation_s);
  row.number(r->faas.utilisation);
  row.number(r->iaas.utilisation);
  row.integer(static_cast<std::size_t>(r->faas_memory_mb));
  row.boolean(r->faas.feasible);
  row.boolean(r->iaas.feasible);
  row.text(r->faas.infeasible_reason);
  row.text(r->iaas.infeasible_reason);
  row.number(r->faas_duration_usd_per_hour);
  row.number(r->faas_requests_usd_per_hour);
  row.number(r->faas_other_usd_per_hour);
  row.number(r->iaas_instance_usd_per_hour);
  row.number(r->iaas_s3_usd_per_hour);
  if (break_even_column_) row.optional_number(be ? be->interval_s : std::nullopt);
  if (latency_columns_) {
    row.optional_number(r->latency_p50_s);
    row.optional_number(r->latency_p95_s);
    row.optional_number(r->latency_p99_s);
  }
  row.end(last);
}

void RowLayout::solve_row(std::string& out, std::size_t point, const std::optional<std::string>& error,
                          const BreakEven* be, bool last) const {
  Row row(*this, out);
  if (!begin_row(row, point, error, be != nullptr, last)) return;
  row.optional_number(be->interval_s);
  row.text(be->reason);
  if (be->interval_s) {
    row.number(be->faas_cost_usd_per_hour);
    row.number(be->iaas_cost_usd_per_hour);
  } else {
    row.empty();
    row.empty();
  }
  row.optional_number(be->faas_feasible_from_s);
  row.optional_number(be->iaas_feasible_from_s);
  row.integer(be->crossings.size());
  row.end(last);
}

std::optional<std::size_t> row_point(RowFormat format, const std::string& line) {
  std::size_t start = 0;
  if (format == RowFormat::json) {
    const std::string prefix = "{\"point\":";
    if (line.rfind(prefix, 0) != 0) return std::nullopt;
    if (line.size() < 2 || (line.back() != '}' && !(line.back() == ',' && line[line.size() - 2] == '}')))
      return std::nullopt;
    start = prefix.size();
  }
  std::size_t n = 0;
  const auto r = std::from_chars(line.data() + start, line.data() + line.size(), n);
  if (r.ec != std::errc() || r.ptr == line.data() + start) return std::nullopt;
  if (format == RowFormat::csv && r.ptr != line.data() + line.size() && *r.ptr != ',') return std::nullopt;
  return n;
}

RowFormat format_of_path(const std::string& path, const std::string& option) {
  auto ends_with = [&](const char* ext) {
    const std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends_with(".csv")) return RowFormat::csv;
  if (ends_with(".json")) return RowFormat::json;
  throw InputError(
      {Diagnostic{SourcePlace{option + " " + path, 0, 0}, "",
                  "the output file must end in .csv or .json (the format follows the extension)"}});
}

}  // namespace breakeven
