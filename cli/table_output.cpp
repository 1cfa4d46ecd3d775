#include <iomanip>
#include <sstream>

#include "cli/number_format.h"
#include "cli/outputs.h"
#include "cli/source_age.h"

namespace breakeven::cli {

namespace {

// Three aligned columns: label, FaaS, IaaS.
void row(std::ostream& out, const std::string& label, const std::string& faas, const std::string& iaas) {
  out << "  " << std::left << std::setw(26) << label << std::setw(30) << faas << iaas << "\n";
}

std::string side_cost(bool feasible, double x) {
  return feasible ? usd(x) : "- (infeasible)";
}

void phase_row(std::ostream& out, const std::string& label, double faas_s, double iaas_s) {
  row(out, label, seconds(faas_s), seconds(iaas_s));
}

// Constants whose newest source is more than three years older than the pricing file's version.
void old_sources(const WhatIfReport& r, std::ostream& out) {
  const std::string version = pricing_version(r);
  const std::string cutoff = three_years_before(version);
  bool first = true;
  for (const auto& p : r.prices_used) {
    if (!older_than(p.as_of, cutoff)) continue;
    if (first)
      out << "\nsources older than three years (before " << cutoff
          << ", three years before the pricing file's "
          << "version " << version << "):\n";
    first = false;
    out << "  - " << p.item << ": " << p.source << " (as of " << p.as_of << ")\n";
  }
}

void provenance(const WhatIfReport& r, std::ostream& out) {
  if (!r.substitutions.empty()) {
    out << "\nprice substitutions:\n";
    for (const auto& s : r.substitutions) out << "  - " << s << "\n";
  }
  old_sources(r, out);
  out << "\ndata:";
  for (const auto& f : r.data_files)
    out << "\n  " << f.role << ": " << f.path << (f.version.empty() ? "" : " (version " + f.version + ")")
        << " sha256 " << f.sha256.substr(0, 12);
  out << "\n";
}

std::string break_even_line(const BreakEven& b) {
  if (!b.interval_s) return "none: " + b.reason;
  return seconds(*b.interval_s) + " (" + b.reason + ")";
}

}  // namespace

void write_whatif_table(const WhatIfReport& r, std::ostream& out) {
  const FaasResult& f = r.faas;
  const IaasResult& i = r.iaas;
  const ScenarioSpec& s = r.spec;
  out << "breakeven whatif: " << r.scenario_name << " (" << r.scenario_path << ")\n";
  out << "  a batch of " << count(s.workload.batch_size) << " samples every " << seconds(r.interval_s)
      << "; model " << plain(s.learner.model_bytes / 1e6, 4) << " MB\n\n";
  row(out, "", "FaaS (Lambda)", "IaaS (EC2)");
  row(out, "configuration",
      count(r.faas.memory_mb) + " MB " +
          (s.faas.memory_policy == MemoryPolicy::usage_based ? std::string("(by use) ") : std::string()) +
          to_string(s.faas.arch) + " " + to_string(s.faas.package),
      s.iaas.instance + ", always on");
  row(out, "region", s.faas.region, s.iaas.region.empty() ? s.faas.region : s.iaas.region);
  row(out, "cost per hour", side_cost(f.feasible, f.cost_usd_per_hour),
      side_cost(i.feasible, i.cost_usd_per_hour));
  row(out, "cost per month (730 h)", side_cost(f.feasible, f.cost_usd_per_month),
      side_cost(i.feasible, i.cost_usd_per_month));
  row(out, "cost per 1,000 samples", side_cost(f.feasible, f.cost_usd_per_1000_samples),
      side_cost(i.feasible, i.cost_usd_per_1000_samples));
  row(out, "invocation time (mean)", seconds(f.invocation_s), seconds(i.invocation_s));
  row(out, "billed per invocation", plain(f.billed_ms, 8) + " ms", "-");
  row(out, "utilisation", percent(f.utilisation), percent(i.utilisation));
  row(out, "CPU", plain(f.cpu_share_vcpu, 4) + " vCPU share", plain(i.vcpu_used, 4) + " vCPU");
  row(out, "cold starts", percent(f.cold_start_fraction), "-");
  row(out, "model-cache hits",
      percent(f.cache_hit_rate_effective) + " (asked " + percent(f.cache_hit_rate_asked) + ")",
      "always (in memory)");
  row(out, "feasible", f.feasible ? "yes" : "no", i.feasible ? "yes" : "no");
  if (!f.feasible) out << "  FaaS infeasible: " << f.infeasible_reason << "\n";
  if (!i.feasible) out << "  IaaS infeasible: " << i.infeasible_reason << "\n";

  out << "\n";
  if (r.cheaper == "none") {
    out << "cheaper: neither side is feasible at this interval\n";
  } else if (f.feasible && i.feasible) {
    out << "cheaper: " << (r.cheaper == "faas" ? "FaaS" : "IaaS") << ", by " << usd(r.savings_usd_per_hour)
        << " per hour (" << percent(r.savings_fraction) << ")\n";
  } else {
    out << "cheaper: " << (r.cheaper == "faas" ? "FaaS" : "IaaS") << " (the other side is infeasible)\n";
  }
  out << "break-even interval: " << break_even_line(r.break_even) << "\n";

  out << "\nphases of one invocation (mean)\n";
  row(out, "", "FaaS", "IaaS");
  phase_row(out, "start", f.mean_phases.start_s, i.phases.start_s);
  phase_row(out, "setup: batch download", f.mean_phases.setup_batch_s, i.phases.setup_batch_s);
  phase_row(out, "setup: model load", f.mean_phases.setup_model_s, i.phases.setup_model_s);
  phase_row(out, "setup: history replay", f.mean_phases.setup_replay_s, i.phases.setup_replay_s);
  phase_row(out, "inference", f.mean_phases.inference_s, i.phases.inference_s);
  phase_row(out, "training", f.mean_phases.training_s, i.phases.training_s);
  phase_row(out, "cleanup: save", f.mean_phases.cleanup_s, i.phases.cleanup_s);
  phase_row(out, "total", f.mean_phases.total_s(), i.phases.total_s());
  out << "  " << r.init_rule << "\n";  // already "INIT billed (rule effective DATE)": no second parentheses

  std::vector<std::string> notes = f.notes;
  notes.insert(notes.end(), i.notes.begin(), i.notes.end());
  if (!notes.empty()) {
    out << "\nnotes:\n";
    for (const auto& n : notes) out << "  - " << n << "\n";
  }
  provenance(r, out);
}

void write_solve_table(const WhatIfReport& r, std::ostream& out) {
  const BreakEven& b = r.break_even;
  out << "breakeven solve: " << r.scenario_name << " (" << r.scenario_path << ")\n";
  out << "  Lambda " << r.faas.memory_mb << " MB vs EC2 " << r.spec.iaas.instance
      << ", searched from 1 ms to 30 days between batches\n\n";
  out << "break-even interval: " << break_even_line(b) << "\n";
  if (b.interval_s) {
    out << "  cost per hour there: FaaS " << usd(b.faas_cost_usd_per_hour) << ", IaaS "
        << usd(b.iaas_cost_usd_per_hour) << "\n";
  }
  if (b.faas_feasible_from_s)
    out << "  FaaS feasible from " << seconds(*b.faas_feasible_from_s) << " between batches\n";
  if (b.iaas_feasible_from_s)
    out << "  IaaS feasible from " << seconds(*b.iaas_feasible_from_s) << " between batches\n";
  out << "\ncheaper side by interval between batches:\n";
  for (const auto& s : b.segments) {
    const std::string who = s.cheaper == "faas"   ? "FaaS"
                            : s.cheaper == "iaas" ? "IaaS"
                                                  : "neither is feasible";
    out << "  " << std::left << std::setw(22) << seconds(s.from_s) << " to " << std::setw(24)
        << seconds(s.to_s) << who << "\n";
  }
  provenance(r, out);
}

}  // namespace breakeven::cli
