#include "calibrate/probe_runner.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

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
    text.erase(text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1);
    fs::resize_file(path, text.size());
  }
  return parse_probe_text(text, path);
}

ProbeRecord record_of(const PlannedProbe& p, const InvokeResult& r, const std::string& function,
                      const std::function<void(const std::string&)>& log) {
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
    if (j.contains("cores_seen")) rec.cores_seen = j["cores_seen"].get<int>();
    if (j.contains("env_age_s")) rec.env_age_s = j["env_age_s"].get<double>();
    if (j.contains("env_invocations")) rec.env_invocations = j["env_invocations"].get<std::int64_t>();
    if (j.contains("threads")) rec.threads = j["threads"].get<int>();
    if (j.value("cold", false) != rec.cold)
      log("note: probe " + std::to_string(p.index) +
          ": the handler says cold=" + (j.value("cold", false) ? "true" : "false") + " but the REPORT line " +
          (rec.cold ? "has" : "has no") + " Init Duration; recorded by the REPORT line");
  } catch (const std::exception& e) {
    throw RunError("probe " + std::to_string(p.index) + ": " + function + " answered " +
                   r.payload.substr(0, 200) + ", not the probe's JSON (" + e.what() +
                   "); is it breakeven-probe?");
  }
  return rec;
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

RunOutcome run_calibration(const RunOptions& o, LambdaClient& lambda, const ProbePrices& prices,
                           const std::atomic<bool>& stop,
                           const std::function<void(const std::string&)>& log) {
  const std::vector<PlannedProbe> plan = make_plan(o.plan, prices);
  RunOutcome out;
  out.planned = static_cast<int>(plan.size());
  for (const auto& p : plan) out.estimated_usd += p.estimated_usd;

  std::error_code ec;
  const bool exists = fs::exists(o.out_path, ec) && fs::file_size(o.out_path, ec) > 0;
  if (exists && !o.resume)
    throw InputError(
        {Diagnostic{SourcePlace{"--out " + o.out_path, 0, 0}, "",
                    "the probe file exists; add --resume to continue that run, or choose another --out"}});
  ProbeFile done;
  if (exists) done = read_for_resume(o.out_path);
  std::set<std::int64_t> done_index;
  for (const auto& p : done.probes) {
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
      done_index.insert(i);
    }
    out.spent_usd += probe_cost_usd(p, prices);
  }
  if (done.header && !done.header->region.empty() && done.header->region != o.plan.region)
    throw InputError(
        {Diagnostic{SourcePlace{"--region " + o.plan.region, 0, 0}, "",
                    "this probe file was measured in " + done.header->region + "; resume with --region " +
                        done.header->region + " or choose another --out"}});
  out.already_done = static_cast<int>(done.probes.size());
  double remaining_usd = 0;
  for (const auto& p : plan)
    if (!done_index.count(p.index)) remaining_usd += p.estimated_usd;
  if (out.spent_usd + remaining_usd > o.budget_usd)
    throw InputError({Diagnostic{SourcePlace{"--budget-usd " + short_number(o.budget_usd, 6), 0, 0}, "",
                                 "the plan's estimated cost " + usd(out.spent_usd + remaining_usd) +
                                     " exceeds the budget; raise --budget-usd or plan fewer probes "
                                     "(breakeven calibrate plan shows each probe's estimate)"}});

  FunctionConfiguration config = lambda.wait_until_updated(o.function);
  if (config.arch != o.plan.arch)
    throw InputError({Diagnostic{SourcePlace{"--arch " + o.plan.arch, 0, 0}, "",
                                 "function " + o.function + " runs on " + config.arch + "; pass --arch " +
                                     config.arch + " so the prices are right"}});
  RunHeader header;
  if (done.header) {
    header = *done.header;
    if (header.function != o.function)
      throw InputError(
          {Diagnostic{SourcePlace{o.out_path, 1, 1}, "function",
                      "this probe file is of function '" + header.function + "', not '" + o.function + "'"}});
  } else {
    header = RunHeader{o.function,       o.plan.region,      config.arch,
                       config.memory_mb, config.description, utc_now_iso8601()};
  }
  std::ofstream file(o.out_path, std::ios::binary | std::ios::app);
  if (!file) throw RunError("cannot open " + o.out_path + " for appending");
  if (!done.header) {
    file << header_to_json_line(header) << "\n";
    file.flush();
  }
  log("function " + o.function + " (" + config.arch + "), original memory " +
      std::to_string(header.original_memory_mb) + " MB; " + std::to_string(plan.size() - done_index.size()) +
      " probes to run, estimated " + usd(remaining_usd) + ", budget " + usd(o.budget_usd) +
      (out.already_done ? ", already spent " + usd(out.spent_usd) : ""));

  int current_memory = config.memory_mb;
  std::string current_description = config.description;
  auto set_config = [&](int memory_mb, const std::string& description) {
    lambda.update_configuration(o.function, memory_mb, description);
    lambda.wait_until_updated(o.function);
    current_memory = memory_mb;
    current_description = description;
  };
  auto restore = [&] {
    if (current_memory == header.original_memory_mb && current_description == header.original_description)
      return;
    log("restoring memory " + std::to_string(header.original_memory_mb) + " MB");
    set_config(header.original_memory_mb, header.original_description);
  };

  try {
    for (const auto& p : plan) {
      if (done_index.count(p.index)) continue;
      if (stop.load()) {
        out.interrupted = true;
        log("stopped: interrupted");
        break;
      }
      if (out.spent_usd + p.estimated_usd > o.budget_usd) {
        out.budget_reached = true;
        log("stopped: the next probe would take the estimated spend " + usd(out.spent_usd) +
            " past the budget");
        break;
      }
      if (p.cold)
        log("probe " + std::to_string(p.index) + ": cold start at " + std::to_string(p.memory_mb) + " MB");
      if (p.cold)
        set_config(p.memory_mb, "breakeven-calibrate cold start " + std::to_string(p.index));
      else if (current_memory != p.memory_mb)
        set_config(p.memory_mb, current_description);

      const InvokeResult r = lambda.invoke(o.function, probe_payload(p, o.bucket));
      if (!r.function_error.empty())
        throw RunError("probe " + std::to_string(p.index) + " (" + to_string(p.kind) +
                       "): the function failed (" + r.function_error + "): " + r.payload.substr(0, 300));
      if (!r.report)
        throw RunError("probe " + std::to_string(p.index) + ": no REPORT line in the invocation's log tail");
      if (r.report->memory_size_mb != p.memory_mb)
        throw RunError("probe " + std::to_string(p.index) + ": REPORT says Memory Size " +
                       std::to_string(r.report->memory_size_mb) + " MB, expected " +
                       std::to_string(p.memory_mb) + " MB (did something else change the function?)");
      const ProbeRecord rec = record_of(p, r, o.function, log);
      file << probe_to_json_line(rec) << "\n";
      file.flush();
      if (!file) throw RunError("writing " + o.out_path + " failed");
      out.spent_usd += probe_cost_usd(rec, prices);
      ++out.written;
    }
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
