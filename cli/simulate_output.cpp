#include "cli/simulate_output.h"

#include <iomanip>

#include "cli/number_format.h"
#include "model/des/histogram.h"

namespace breakeven::cli {

namespace {

Json number(double x) {
  return stable(x);
}

Json percentiles_json(const des::Percentiles& p) {
  return Json{{"count", p.count},       {"mean", number(p.mean_s)}, {"p50", number(p.p50_s)},
              {"p95", number(p.p95_s)}, {"p99", number(p.p99_s)},   {"max", number(p.max_s)}};
}

Json side_json(const des::SideSimulation& s, bool faas) {
  Json cost = faas ? Json{{"lambda_duration_usd", number(s.cost.lambda_duration_usd)},
                          {"lambda_request_usd", number(s.cost.lambda_request_usd)},
                          {"lambda_ephemeral_usd", number(s.cost.lambda_ephemeral_usd)},
                          {"s3_request_usd", number(s.cost.s3_request_usd)},
                          {"total_usd", number(s.cost.total_usd)}}
                   : Json{{"ec2_instance_usd", number(s.cost.ec2_instance_usd)},
                          {"s3_request_usd", number(s.cost.s3_request_usd)},
                          {"total_usd", number(s.cost.total_usd)}};
  Json j{{"keeps_up", s.keeps_up},
         {"keep_up_note", s.keep_up_note.empty() ? Json(nullptr) : Json(s.keep_up_note)},
         {"cost_usd_per_hour", number(s.cost_usd_per_hour)},
         {"cost_usd_per_month", number(s.cost_usd_per_month)},
         {"cost_usd_per_1000_samples", number(s.cost_usd_per_1000_samples)},
         {"cost_by_item", cost},
         {"arrivals", s.arrivals},
         {"invocations", s.invocations},
         {"dropped", s.dropped}};
  if (faas) {
    j["throttled"] = s.throttled;
    j["timeouts"] = s.timeouts;
    j["cold_starts"] = s.cold_starts;
    j["cold_start_rate"] = number(s.cold_start_rate);
    j["cache_hits"] = s.cache_hits;
    j["cache_hit_rate"] = number(s.cache_hit_rate);
    j["instances_mean"] = number(s.mean_instances);
    j["instances_max"] = number(s.max_instances);
    j["billed_ms"] = s.billed_ms;
    j["gb_s"] = number(s.gb_s);
  } else {
    j["boots"] = s.boots;
  }
  j["utilisation"] = number(s.utilisation);
  j["queue_length_mean"] = number(s.queue_mean);
  j["queue_length_max"] = number(s.queue_max);
  j["wait_mean_s"] = number(s.mean_wait_s);
  j["latency_s"] = percentiles_json(s.latency);
  j["freshness_s"] = percentiles_json(s.freshness);
  j["s3_gets"] = s.s3_gets;
  j["s3_puts"] = s.s3_puts;
  return j;
}

void row(std::ostream& out, const std::string& label, const std::string& faas, const std::string& iaas) {
  // A value wider than its column still gets two spaces before the next one, so columns never run together.
  const std::string faas_cell = faas.size() >= 30 ? faas + "  " : faas;
  out << "  " << std::left << std::setw(28) << label << std::setw(30) << faas_cell << iaas << "\n";
}

std::string pct3(const des::Percentiles& p) {
  if (p.count == 0) return "-";
  return seconds(p.p50_s) + " / " + seconds(p.p95_s) + " / " + seconds(p.p99_s);
}

Json live_json(const LiveLearnerSummary& live) {
  return Json{{"learner", live.learner},
              {"stream", live.stream},
              {"metric", live.metric},
              {"samples", live.samples},
              {"batches", live.batches},
              {"model_bytes", number(live.model_bytes)},
              {"scenario_model_bytes", number(live.scenario_model_bytes)}};
}

// "faas" -> "FaaS", as every other line of the table names the sides.
std::string side_name(const std::string& side) {
  return side == "faas" ? "FaaS" : side == "iaas" ? "IaaS" : side == "none" ? "neither" : side;
}

// Bytes for people: "1.32 MB" (decimal megabytes, as model sizes are given in the scenario files).
std::string megabytes(double bytes) {
  return plain(bytes / 1e6, 3) + " MB";
}

void write_live_summary(const des::SimulationResult& sim, const LiveLearnerSummary* live, std::ostream& out) {
  if (live) {
    out << "live learner: " << live->learner << " learnt " << live->samples << " samples in " << live->batches
        << " batches (the FaaS side's; the EC2 side reuses each batch's measurement)\n"
        << "  from " << live->stream << "\n"
        << "  model after the last batch: " << megabytes(live->model_bytes) << " serialised (replaces "
        << "learner.model_bytes, " << megabytes(live->scenario_model_bytes) << ")\n";
  }
  if (sim.quality.empty()) return;
  // Where the metric started and ended; each sample is predicted before it is learnt.
  const auto& first = sim.quality.front();
  const auto& last = sim.quality.back();
  out << "  " << (live ? live->metric : std::string("metric"))
      << " (progressive validation: each sample predicted before it is learnt): " << plain(first.metric, 4)
      << " after batch 1, " << plain(last.metric, 4) << " after batch " << (last.batch_index + 1)
      << " (simulation.quality in --format json has every batch)\n";
}

}  // namespace

Json simulate_json(const WhatIfReport& analytic, const des::SimulationResult& sim,
                   const LiveLearnerSummary* live) {
  Json j = whatif_json(analytic);
  j["tool"]["command"] = "simulate";
  Json quality = Json::array();
  for (const auto& q : sim.quality)
    quality.push_back(
        Json{{"time_s", number(q.time_s)}, {"batch", q.batch_index}, {"metric", number(q.metric)}});
  j["simulation"] = Json{{"seed", sim.seed},
                         {"duration_h", number(sim.duration_s / 3600.0)},
                         {"events", sim.events},
                         {"percentile_relative_error", number(des::LogHistogram::kRelativeError)},
                         {"cheaper", sim.cheaper},
                         {"faas", side_json(sim.faas, true)},
                         {"iaas", side_json(sim.iaas, false)},
                         {"quality", quality},
                         {"notes", sim.notes}};
  if (live) j["simulation"]["live_learner"] = live_json(*live);
  return j;
}

void write_simulate_table(const WhatIfReport& a, const des::SimulationResult& sim, std::ostream& out,
                          const LiveLearnerSummary* live) {
  const des::SideSimulation& f = sim.faas;
  const des::SideSimulation& i = sim.iaas;
  const ScenarioSpec& s = a.spec;
  out << "breakeven simulate: " << a.scenario_name << " (" << a.scenario_path << ")\n";
  out << "  seed " << sim.seed << ", " << seconds(sim.duration_s) << " simulated, "
      << count(static_cast<long long>(sim.events)) << " events\n\n";
  row(out, "", "FaaS (Lambda)", "IaaS (EC2)");
  row(out, "configuration", count(s.faas.memory_mb) + " MB " + to_string(s.faas.arch),
      s.iaas.instance + (s.iaas.idle_stop_s ? ", stops when idle" : ", always on"));
  row(out, "keeps up", f.keeps_up ? "yes" : "NO", i.keeps_up ? "yes" : "NO");
  row(out, "cost per hour (simulated)", usd(f.cost_usd_per_hour), usd(i.cost_usd_per_hour));
  row(out, "cost per hour (analytic)", a.faas.feasible ? usd(a.faas.cost_usd_per_hour) : "- (infeasible)",
      a.iaas.feasible ? usd(a.iaas.cost_usd_per_hour) : "- (infeasible)");
  row(out, "cost per 1,000 samples", usd(f.cost_usd_per_1000_samples), usd(i.cost_usd_per_1000_samples));
  row(out, "  Lambda duration", usd(f.cost.lambda_duration_usd), "-");
  row(out, "  Lambda requests", usd(f.cost.lambda_request_usd), "-");
  row(out, "  Lambda ephemeral", usd(f.cost.lambda_ephemeral_usd), "-");
  row(out, "  EC2 instance", "-", usd(i.cost.ec2_instance_usd));
  row(out, "  S3 requests", usd(f.cost.s3_request_usd), usd(i.cost.s3_request_usd));
  row(out, "  total over the window", usd(f.cost.total_usd), usd(i.cost.total_usd));
  row(out, "arrivals", count(f.arrivals), count(i.arrivals));
  row(out, "invocations", count(f.invocations), count(i.invocations));
  row(out, "latency p50 / p95 / p99", pct3(f.latency), pct3(i.latency));
  row(out, "freshness p50 / p95 / p99", pct3(f.freshness), pct3(i.freshness));
  row(out, "mean wait", seconds(f.mean_wait_s), seconds(i.mean_wait_s));
  row(out, "cold-start rate", percent(f.cold_start_rate), "-");
  row(out, "cache-hit rate", percent(f.cache_hit_rate), "-");
  row(out, "instances mean / max", plain(f.mean_instances, 4) + " / " + plain(f.max_instances, 4), "-");
  row(out, "utilisation", percent(f.utilisation), percent(i.utilisation));
  row(out, "queue length mean / max", plain(f.queue_mean, 4) + " / " + plain(f.queue_max, 6),
      plain(i.queue_mean, 4) + " / " + plain(i.queue_max, 6));
  if (f.throttled) row(out, "throttled", count(f.throttled), "-");
  if (f.timeouts) row(out, "timed out", count(f.timeouts), "-");
  if (i.boots) row(out, "VM boots", "-", count(i.boots));
  out << "\ncheaper (simulated): " << side_name(sim.cheaper) << "; analytic: " << side_name(a.cheaper)
      << "\n";
  out << "percentiles within " << plain(des::LogHistogram::kRelativeError * 100, 2)
      << " % (bounded-memory histogram)\n";
  write_live_summary(sim, live, out);
  if (!sim.notes.empty()) {
    out << "\nnotes:\n";
    for (const auto& n : sim.notes) out << "  - " << n << "\n";
  }
}

}  // namespace breakeven::cli
