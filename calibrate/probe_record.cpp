#include "calibrate/probe_record.h"

#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "model/diagnostics.h"
#include "model/spec/did_you_mean.h"
#include "model/text.h"

namespace breakeven::calibrate {

namespace {

using Json = nlohmann::ordered_json;

const std::vector<std::string> kProbeKeys = {"kind",
                                             "memory_mb",
                                             "cold",
                                             "n_samples",
                                             "bytes",
                                             "client_ms",
                                             "duration_ms",
                                             "billed_ms",
                                             "init_ms",
                                             "handler_ms",
                                             "threads",
                                             "restore_ms",
                                             "max_memory_used_mb",
                                             "cores_seen",
                                             "env_age_s",
                                             "env_invocations",
                                             "plan_index",
                                             "time_utc"};
const std::vector<std::string> kHeaderKeys = {
    "schema_version",       "kind",       "function", "region", "arch", "original_memory_mb",
    "original_description", "started_utc"};

// Collects the problems of one line; the column of a key is where its name starts in the line.
class LineReader {
 public:
  LineReader(const Json& object, const std::string& line, const std::string& path, int line_no,
             std::vector<Diagnostic>& problems)
      : object_(object), line_(line), path_(path), line_no_(line_no), problems_(problems) {}

  void problem(const std::string& key, const std::string& message) {
    int column = 1;
    if (!key.empty()) {
      const auto at = line_.find("\"" + key + "\"");
      if (at != std::string::npos) column = static_cast<int>(at) + 1;
    }
    problems_.push_back(Diagnostic{SourcePlace{path_, line_no_, column}, key, message});
  }

  bool has(const std::string& key) const { return object_.contains(key) && !object_[key].is_null(); }

  // A number in [min, max]; `required` reports a missing key.
  std::optional<double> number(const std::string& key, bool required, double min = 0,
                               double max = kProbeMaxMs) {
    if (!has(key)) {
      if (required) problem(key, "missing; expected a number (see docs/calibration.md)");
      return std::nullopt;
    }
    const Json& v = object_[key];
    if (!v.is_number()) {
      problem(key, "expected a number, got " + v.dump());
      return std::nullopt;
    }
    const double x = v.get<double>();
    if (!(x >= min)) {
      problem(key, v.dump() + " is below the smallest allowed value " +
                       std::to_string(static_cast<long long>(min)));
      return std::nullopt;
    }
    if (!(x <= max)) {
      problem(key, v.dump() + " is above the largest allowed value " + short_number(max, 6));
      return std::nullopt;
    }
    return x;
  }

  std::optional<std::int64_t> integer(const std::string& key, bool required, std::int64_t min = 0,
                                      std::int64_t max = std::numeric_limits<std::int64_t>::max()) {
    if (!has(key)) {
      if (required) problem(key, "missing; expected a whole number");
      return std::nullopt;
    }
    const Json& v = object_[key];
    if (!v.is_number_integer()) {
      problem(key, "expected a whole number, got " + v.dump());
      return std::nullopt;
    }
    // A number beyond int64 (nlohmann keeps it unsigned) would wrap: report it as too large.
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
      problem(key, v.dump() + " is above the largest allowed value " + std::to_string(max));
      return std::nullopt;
    }
    const auto x = v.get<std::int64_t>();
    if (x < min) {
      problem(key, v.dump() + " is below the smallest allowed value " + std::to_string(min));
      return std::nullopt;
    }
    if (x > max) {
      problem(key, v.dump() + " is above the largest allowed value " + std::to_string(max));
      return std::nullopt;
    }
    return x;
  }

  std::string text(const std::string& key, bool required) {
    if (!has(key)) {
      if (required) problem(key, "missing; expected a string");
      return "";
    }
    if (!object_[key].is_string()) {
      problem(key, "expected a string, got " + object_[key].dump());
      return "";
    }
    return object_[key].get<std::string>();
  }

  void unknown_keys(const std::vector<std::string>& known) {
    for (const auto& item : object_.items()) {
      if (std::find(known.begin(), known.end(), item.key()) != known.end()) continue;
      const std::string guess = closest_match(item.key(), known);
      problem(item.key(), "unknown field '" + item.key() + "'" +
                              (guess.empty() ? "; see docs/calibration.md for the fields"
                                             : " (did you mean '" + guess + "'?)"));
    }
  }

 private:
  const Json& object_;
  const std::string& line_;
  const std::string& path_;
  int line_no_;
  std::vector<Diagnostic>& problems_;
};

bool parse_kind(const std::string& s, ProbeKind& out) {
  for (ProbeKind k : {ProbeKind::compute, ProbeKind::storage_get, ProbeKind::storage_put, ProbeKind::noop})
    if (s == to_string(k)) {
      out = k;
      return true;
    }
  return false;
}

void read_header(LineReader& r, ProbeFile& file) {
  r.unknown_keys(kHeaderKeys);
  RunHeader h;
  h.function = r.text("function", true);
  h.region = r.text("region", true);
  h.arch = r.text("arch", true);
  if (!h.arch.empty() && h.arch != "x86_64" && h.arch != "arm64")
    r.problem("arch", "expected x86_64 or arm64, got '" + h.arch + "'");
  h.original_memory_mb = static_cast<int>(r.integer("original_memory_mb", true, 128, 10240).value_or(0));
  h.original_description = r.text("original_description", false);
  h.started_utc = r.text("started_utc", false);
  if (file.header || !file.probes.empty())
    r.problem("kind", "a run header may only be the first line of the file");
  file.header = h;
}

void read_probe(LineReader& r, ProbeKind kind, ProbeFile& file) {
  r.unknown_keys(kProbeKeys);
  ProbeRecord p;
  p.kind = kind;
  p.memory_mb = static_cast<int>(r.integer("memory_mb", true, 128, 10240).value_or(0));  // Lambda's limits
  if (!r.has("cold")) {
    r.problem("cold", "missing; expected true or false");
  }
  p.cold = false;
  p.n_samples =
      r.integer("n_samples", kind == ProbeKind::compute, kind == ProbeKind::compute ? 1 : 0).value_or(0);
  const bool storage = kind == ProbeKind::storage_get || kind == ProbeKind::storage_put;
  p.bytes = r.integer("bytes", storage, 0).value_or(0);
  p.client_ms = r.number("client_ms", true).value_or(0);
  p.duration_ms = r.number("duration_ms", true).value_or(0);
  p.billed_ms = r.number("billed_ms", true).value_or(0);
  p.init_ms = r.number("init_ms", false);
  p.handler_ms = r.number("handler_ms", true).value_or(0);
  p.threads = static_cast<int>(r.integer("threads", false, 1, 1 << 16).value_or(1));
  p.restore_ms = r.number("restore_ms", false);
  p.max_memory_used_mb = r.number("max_memory_used_mb", false, 0, 1 << 20);
  if (auto c = r.integer("cores_seen", false, 1, 1 << 16)) p.cores_seen = static_cast<int>(*c);
  p.env_age_s = r.number("env_age_s", false, 0, 1e9);
  p.env_invocations = r.integer("env_invocations", false, 1);
  p.plan_index = r.integer("plan_index", false, 0);
  p.time_utc = r.text("time_utc", false);
  file.probes.push_back(p);
}

}  // namespace

const char* to_string(ProbeKind kind) {
  switch (kind) {
    case ProbeKind::compute:
      return "compute";
    case ProbeKind::storage_get:
      return "storage_get";
    case ProbeKind::storage_put:
      return "storage_put";
    case ProbeKind::noop:
      return "noop";
  }
  return "noop";
}

ProbeFile parse_probe_text(const std::string& text, const std::string& path) {
  ProbeFile file;
  std::vector<Diagnostic> problems;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    Json o;
    try {
      o = Json::parse(line);
    } catch (const Json::parse_error& e) {
      // nlohmann reports the 1-based byte where parsing failed; a line cut short (a run killed while
      // writing) fails at its end.
      const int column = static_cast<int>(std::min<std::size_t>(e.byte, line.size() + 1));
      std::string what = e.what();
      const auto colon = what.find("syntax error");
      problems.push_back(Diagnostic{SourcePlace{path, line_no, column}, "",
                                    "not a JSON object (" +
                                        (colon == std::string::npos ? what : what.substr(colon)) +
                                        "); each line of a probe file is one JSON object"});
      continue;
    } catch (const Json::out_of_range& e) {
      // A number beyond a double (1e400): nlohmann names it ("number overflow parsing '1e400'").
      const std::string what = e.what();
      const auto quote = what.find('\'');
      const std::string number =
          quote == std::string::npos ? "" : what.substr(quote + 1, what.find('\'', quote + 1) - quote - 1);
      const auto at = number.empty() ? std::string::npos : line.find(number);
      problems.push_back(
          Diagnostic{SourcePlace{path, line_no, at == std::string::npos ? 1 : static_cast<int>(at) + 1}, "",
                     "the number " + number +
                         " is too large for a double; expected a number "
                         "as calibrate run writes them (see docs/calibration.md)"});
      continue;
    }
    if (!o.is_object()) {
      problems.push_back(
          Diagnostic{SourcePlace{path, line_no, 1}, "", "expected a JSON object {\"kind\": ...}"});
      continue;
    }
    LineReader r(o, line, path, line_no, problems);
    const std::string kind_text = r.text("kind", true);
    if (kind_text.empty()) {
      r.unknown_keys(kProbeKeys);
      continue;
    }
    if (kind_text == "run") {
      read_header(r, file);
      continue;
    }
    ProbeKind kind;
    if (!parse_kind(kind_text, kind)) {
      const std::string guess =
          closest_match(kind_text, {"compute", "storage_get", "storage_put", "noop", "run"});
      r.problem("kind", "'" + kind_text + "' is not a probe kind" +
                            (guess.empty() ? "; expected compute, storage_get, storage_put or noop"
                                           : " (did you mean '" + guess + "'?)"));
      continue;
    }
    const std::size_t before = problems.size();
    read_probe(r, kind, file);
    if (o.contains("cold")) {
      if (!o["cold"].is_boolean())
        r.problem("cold", "expected true or false, got " + o["cold"].dump());
      else
        file.probes.back().cold = o["cold"].get<bool>();
    }
    ProbeRecord& p = file.probes.back();
    if (problems.size() == before) {
      if (p.cold && !p.init_ms && !p.restore_ms)
        r.problem("init_ms", "a cold probe needs init_ms (REPORT Init Duration) or restore_ms");
      if (!p.cold && p.init_ms)
        r.problem("init_ms", "a warm probe has init_ms null (only a cold start has an Init Duration)");
    }
  }
  if (!problems.empty()) throw InputError(problems);
  return file;
}

ProbeFile read_probe_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(
        {Diagnostic{SourcePlace{path, 0, 0}, "", "cannot open the probe file (does it exist?)"}});
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_probe_text(buffer.str(), path);
}

std::string probe_to_json_line(const ProbeRecord& p) {
  Json o;
  o["kind"] = to_string(p.kind);
  o["memory_mb"] = p.memory_mb;
  o["cold"] = p.cold;
  o["n_samples"] = p.n_samples;
  o["bytes"] = p.bytes;
  o["client_ms"] = p.client_ms;
  o["duration_ms"] = p.duration_ms;
  o["billed_ms"] = p.billed_ms;
  o["init_ms"] = p.init_ms ? Json(*p.init_ms) : Json(nullptr);
  o["handler_ms"] = p.handler_ms;
  o["threads"] = p.threads;
  if (p.restore_ms) o["restore_ms"] = *p.restore_ms;
  if (p.max_memory_used_mb) o["max_memory_used_mb"] = *p.max_memory_used_mb;
  if (p.cores_seen) o["cores_seen"] = *p.cores_seen;
  if (p.env_age_s) o["env_age_s"] = *p.env_age_s;
  if (p.env_invocations) o["env_invocations"] = *p.env_invocations;
  if (p.plan_index) o["plan_index"] = *p.plan_index;
  if (!p.time_utc.empty()) o["time_utc"] = p.time_utc;
  return o.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string header_to_json_line(const RunHeader& h) {
  Json o;
  o["schema_version"] = 1;  // the JSON outputs' schema version (docs/output.md)
  o["kind"] = "run";
  o["function"] = h.function;
  o["region"] = h.region;
  o["arch"] = h.arch;
  o["original_memory_mb"] = h.original_memory_mb;
  o["original_description"] = h.original_description;
  if (!h.started_utc.empty()) o["started_utc"] = h.started_utc;
  return o.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace breakeven::calibrate
