#include "calibrate/probe_runner.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "model/checked_cast.h"
#include "model/diagnostics.h"
#include "model/text.h"

namespace breakeven::calibrate {

namespace {

namespace fs = std::filesystem;

std::string usd(double x) {
  return "$" + short_number(x, 4);
}

// Reads what a previous run wrote. A last line without its newline was cut short by a kill while
// being written: it is dropped from the file (that probe runs again).
ProbeFile read_for_resume(const std::string& path) {
  std::string text;
  {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream b;
    b << in.rdbuf();
    text = b.str();
  }
  if (!text.empty() && text.back() != '\n') {
    const std::size_t start = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
    // Only the start of a line this tool writes ({"kind":"...) is dropped; anything else is not ours.
    const std::string last = text.substr(start), ours = "{\"kind\":\"";
    const bool cut_line_of_ours =
        last.size() < ours.size() ? ours.rfind(last, 0) == 0 : last.rfind(ours, 0) == 0;
    if (!cut_line_of_ours) {
      const auto line_no = static_cast<int>(std::count(text.begin(), text.begin() + start, '\n')) + 1;
      throw InputError({Diagnostic{SourcePlace{path, line_no, 1}, "",
                                   "the last line is not a probe line cut short by an interrupted run "
                                   "(those start with {\"kind\":\"); this file was not written by calibrate "
                                   "run, or was changed since: choose another --out"}});
    }
    text.erase(start);
    fs::resize_file(path, text.size());
  }
  return parse_probe_text(text, path);
}

// A whole number of the handler's answer in [min, max], whatever JSON number type holds it.
std::int64_t whole(const nlohmann::json& j, const char* key, std::int64_t min, std::int64_t max) {
  const auto& v = j.at(key);
  std::optional<std::int64_t> x;
  if (v.is_number_unsigned())
    x = v.get<std::uint64_t>() <= static_cast<std::uint64_t>(max)
            ? std::optional<std::int64_t>(v.get<std::int64_t>())
            : std::nullopt;
  else if (v.is_number_integer())
    x = v.get<std::int64_t>();
  else if (v.is_number_float() && std::trunc(v.get<double>()) == v.get<double>())
    x = checked_cast<std::int64_t>(v.get<double>());
  if (!x || *x < min || *x > max)
    throw std::invalid_argument(std::string(key) + " is not a whole number from " + std::to_string(min) +
                                " to " + std::to_string(max));
  return *x;
}

ProbeRecord record_of(const PlannedProbe& p, const InvokeResult& r, const std::string& function,
                      const LambdaClient& lambda, const std::function<void(const std::string&)>& log) {
  const ReportLine& report = *r.report;
  ProbeRecord rec;
  rec.kind = p.kind;
  rec.memory_mb = p.memory_mb;
  rec.n_samples = p.n_samples;
  rec.bytes = p.bytes;
  rec.client_ms = r.client_ms;
  rec.duration_ms = report.duration_ms;
  rec.billed_ms = report.billed_ms;
  rec.init_ms = report.init_ms;
  rec.restore_ms = report.restore_ms;
  rec.cold = report.init_ms.has_value() || report.restore_ms.has_value();
  rec.max_memory_used_mb = report.max_memory_used_mb;
  rec.plan_index = p.index;
  rec.time_utc = utc_now_iso8601();
  try {
    const auto j = nlohmann::json::parse(r.payload);
    rec.handler_ms = j.at("handler_ms").get<double>();
    if (j.contains("cores_seen")) rec.cores_seen = static_cast<int>(whole(j, "cores_seen", 1, 1 << 16));
    if (j.contains("env_age_s")) rec.env_age_s = j["env_age_s"].get<double>();
    if (j.contains("env_invocations"))
      rec.env_invocations = whole(j, "env_invocations", 1, std::numeric_limits<std::int64_t>::max());
    if (j.contains("threads")) rec.threads = static_cast<int>(whole(j, "threads", 1, 1 << 16));
    if (j.value("cold", false) != rec.cold)
      log("note: probe " + std::to_string(p.index) +
          ": the handler says cold=" + (j.value("cold", false) ? "true" : "false") + " but the REPORT line " +
          (rec.cold ? "has" : "has no") + " Init Duration; recorded by the REPORT line");
  } catch (const std::exception& e) {
    // The parser's message may quote the answer too: the whole message is redacted.
    throw RunError(lambda.redact("probe " + std::to_string(p.index) + ": " + function + " answered " +
                                 lambda.excerpt(r.payload, 200) + ", not the probe's JSON (" + e.what() +
                                 "); is it breakeven-probe?"));
  }
  return rec;
}

// What one probe gave: the record to write, or why it failed.
struct Measured {
  std::optional<ProbeRecord> record;
  std::string failure;
};

Measured measure(const PlannedProbe& p, const RunOptions& o, LambdaClient& lambda, double invoke_timeout_s,
                 const std::function<void(const std::string&)>& log) {
  InvokeResult r;
  try {
    r = lambda.invoke(o.function, probe_payload(p, o.bucket), invoke_timeout_s);
  } catch (const TransportError& e) {
    if (!e.may_have_arrived) throw;  // never sent: the endpoint is unreachable, stop the run
    return {std::nullopt, e.what()};
  }
  if (!r.function_error.empty())
    throw RunError(lambda.redact("probe " + std::to_string(p.index) + " (" + to_string(p.kind) +
                                 "): the function failed (" + r.function_error +
                                 "): " + lambda.excerpt(r.payload, 300)));
  if (!r.report)
    throw RunError("probe " + std::to_string(p.index) + ": no REPORT line in the invocation's log tail");
  if (!r.report->refused.empty()) return {std::nullopt, "its REPORT line is refused: " + r.report->refused};
  if (r.report->memory_size_mb != p.memory_mb)
    throw RunError("probe " + std::to_string(p.index) + ": REPORT says Memory Size " +
                   std::to_string(r.report->memory_size_mb) + " MB, expected " + std::to_string(p.memory_mb) +
                   " MB (did something else change the function?)");
  ProbeRecord rec = record_of(p, r, o.function, lambda, log);
  try {
    parse_probe_text(probe_to_json_line(rec) + "\n", o.out_path);
  } catch (const InputError& e) {
    return {std::nullopt, "its line would not read back (" + e.diagnostics().at(0).message + ")"};
  }
  return {rec, ""};
}

// What a resumed run finds in its file, checked against the plan the options make.
struct Resumed {
  ProbeFile file;
  std::set<std::int64_t> done_index;
  double spent_usd = 0;
};

Resumed load_resumed(const RunOptions& o, const std::vector<PlannedProbe>& plan, const ProbePrices& prices) {
  Resumed out;
  std::error_code ec;
  const bool exists = fs::exists(o.out_path, ec) && fs::file_size(o.out_path, ec) > 0;
  if (exists && !o.resume)
    throw InputError(
        {Diagnostic{SourcePlace{"--out " + o.out_path, 0, 0}, "",
                    "the probe file exists; add --resume to continue that run, or choose another --out"}});
  if (!exists) return out;
  out.file = read_for_resume(o.out_path);
  for (const auto& p : out.file.probes) {
    if (p.plan_index) {
      // A probe done under another plan (another --memory list, sizes or repeats) would be skipped
      // by its index and leave the new plan's probe unmeasured: refuse instead of mixing two plans.
      const auto i = *p.plan_index;
      const bool matches = i >= 0 && static_cast<std::size_t>(i) < plan.size() && plan[i].kind == p.kind &&
                           plan[i].memory_mb == p.memory_mb && plan[i].n_samples == p.n_samples &&
                           plan[i].bytes == p.bytes;
      if (!matches)
        throw InputError(
            {Diagnostic{SourcePlace{"--resume " + o.out_path, 0, 0}, "",
                        "probe " + std::to_string(i) + " in this file (" + to_string(p.kind) + " at " +
                            std::to_string(p.memory_mb) +
                            " MB) is not the same probe of the plan these options make; resume with "
                            "the options of the first run (--memory and the probe counts and sizes), "
                            "or choose another --out"}});
      out.done_index.insert(i);
    }
    out.spent_usd += probe_cost_usd(p, prices);
  }
  const auto& header = out.file.header;
  if (header && !header->region.empty() && header->region != o.plan.region)
    throw InputError(
        {Diagnostic{SourcePlace{"--region " + o.plan.region, 0, 0}, "",
                    "this probe file was measured in " + header->region + "; resume with --region " +
                        header->region + " or choose another --out"}});
  if (header && header->function != o.function)
    throw InputError(
        {Diagnostic{SourcePlace{o.out_path, 1, 1}, "function",
                    "this probe file is of function '" + header->function + "', not '" + o.function + "'"}});
  return out;
}

// Sets the function's memory and description and remembers them, so the original can be restored.
class ConfigKeeper {
 public:
  ConfigKeeper(LambdaClient& lambda, const std::string& function, const FunctionConfiguration& now)
      : lambda_(lambda), function_(function), memory_mb(now.memory_mb), description(now.description) {}
  void set(int m, const std::string& d) {
    lambda_.update_configuration(function_, m, d);
    lambda_.wait_until_updated(function_);
    memory_mb = m;
    description = d;
  }

 private:
  LambdaClient& lambda_;
  const std::string& function_;

 public:
  int memory_mb;
  std::string description;
};

// Runs the probes not done yet, appending each to `file`; updates `out`.
void run_probes(const RunOptions& o, const std::vector<PlannedProbe>& plan, const Resumed& done,
                const ProbePrices& prices, LambdaClient& lambda, ConfigKeeper& config, double timeout_s,
                std::ofstream& file, const std::atomic<bool>& stop,
                const std::function<void(const std::string&)>& log, RunOutcome& out) {
  int failed_in_a_row = 0;
  for (const auto& p : plan) {
    if (done.done_index.count(p.index)) continue;
    if (stop.load()) {
      out.interrupted = true;
      log("stopped: interrupted");
      return;
    }
    if (out.spent_usd + p.estimated_usd > o.budget_usd) {
      out.budget_reached = true;
      log("stopped: the next probe would take the estimated spend " + usd(out.spent_usd) +
          " past the budget");
      return;
    }
    if (p.cold) {
      log("probe " + std::to_string(p.index) + ": cold start at " + std::to_string(p.memory_mb) + " MB");
      config.set(p.memory_mb, "breakeven-calibrate cold start " + std::to_string(p.index));
    } else if (config.memory_mb != p.memory_mb) {
      config.set(p.memory_mb, config.description);
    }
    const Measured m = measure(p, o, lambda, timeout_s + o.invoke_margin_s, log);
    if (!m.record) {
      const double worst = worst_case_usd(p, timeout_s, prices);
      out.spent_usd += worst;
      ++out.failed;
      log("probe " + std::to_string(p.index) + " failed: " + m.failure + "; charged at its worst case " +
          usd(worst) + " and not written (--resume runs it again)");
      if (++failed_in_a_row >= o.max_failures_in_a_row)
        throw RunError("stopped after " + std::to_string(failed_in_a_row) +
                       " failed probes in a row; the last: " + m.failure);
      continue;
    }
    failed_in_a_row = 0;
    file << probe_to_json_line(*m.record) << "\n";
    file.flush();
    if (!file) throw RunError("writing " + o.out_path + " failed");
    out.spent_usd += probe_cost_usd(*m.record, prices);
    ++out.written;
  }
}

}  // namespace

std::string utc_now_iso8601() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

double worst_case_usd(const PlannedProbe& p, double function_timeout_s, const ProbePrices& prices) {
  ProbeRecord r;
  r.kind = p.kind;
  r.memory_mb = p.memory_mb;
  r.billed_ms = function_timeout_s * 1000 + 10000;  // the whole timeout and the longest Init (10 s)
  return probe_cost_usd(r, prices);
}

RunOutcome run_calibration(const RunOptions& o, LambdaClient& lambda, const ProbePrices& prices,
                           const std::atomic<bool>& stop,
                           const std::function<void(const std::string&)>& log) {
  const std::vector<PlannedProbe> plan = make_plan(o.plan, prices);
  RunOutcome out;
  out.planned = static_cast<int>(plan.size());
  for (const auto& p : plan) out.estimated_usd += p.estimated_usd;
  const Resumed done = load_resumed(o, plan, prices);
  out.spent_usd = done.spent_usd;
  out.already_done = static_cast<int>(done.file.probes.size());
  double remaining_usd = 0;
  for (const auto& p : plan)
    if (!done.done_index.count(p.index)) remaining_usd += p.estimated_usd;
  if (out.spent_usd + remaining_usd > o.budget_usd)
    throw InputError({Diagnostic{SourcePlace{"--budget-usd " + short_number(o.budget_usd, 6), 0, 0}, "",
                                 "the plan's estimated cost " + usd(out.spent_usd + remaining_usd) +
                                     " exceeds the budget; raise --budget-usd or plan fewer probes "
                                     "(breakeven calibrate plan shows each probe's estimate)"}});

  const FunctionConfiguration config = lambda.wait_until_updated(o.function);
  if (config.arch != o.plan.arch)
    throw InputError({Diagnostic{SourcePlace{"--arch " + o.plan.arch, 0, 0}, "",
                                 "function " + o.function + " runs on " + config.arch + "; pass --arch " +
                                     config.arch + " so the prices are right"}});
  const RunHeader header = done.file.header
                               ? *done.file.header
                               : RunHeader{o.function,       o.plan.region,      config.arch,
                                           config.memory_mb, config.description, utc_now_iso8601()};
  std::ofstream file(o.out_path, std::ios::binary | std::ios::app);
  if (!file) throw RunError("cannot open " + o.out_path + " for appending");
  if (!done.file.header) {
    file << header_to_json_line(header) << "\n";
    file.flush();
  }
  log("function " + o.function + " (" + config.arch + "), original memory " +
      std::to_string(header.original_memory_mb) + " MB, timeout " + short_number(config.timeout_s, 4) +
      " s; " + std::to_string(plan.size() - done.done_index.size()) + " probes to run, estimated " +
      usd(remaining_usd) + ", budget " + usd(o.budget_usd) +
      (out.already_done ? ", already spent " + usd(out.spent_usd) : ""));

  ConfigKeeper keeper(lambda, o.function, config);
  auto restore = [&] {
    if (keeper.memory_mb == header.original_memory_mb && keeper.description == header.original_description)
      return;
    log("restoring memory " + std::to_string(header.original_memory_mb) + " MB");
    keeper.set(header.original_memory_mb, header.original_description);
  };
  try {
    run_probes(o, plan, done, prices, lambda, keeper, config.timeout_s, file, stop, log, out);
  } catch (...) {
    try {
      restore();
    } catch (const std::exception& e) {
      log(std::string("could not restore the memory size: ") + e.what() +
          "; restore it by hand (docs/calibration.md)");
    }
    throw;
  }
  restore();
  out.restored_memory_mb = header.original_memory_mb;
  return out;
}

}  // namespace breakeven::calibrate
