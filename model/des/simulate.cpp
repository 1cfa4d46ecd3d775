#include "model/des/simulate.h"

#include <filesystem>
#include <optional>

#include "model/billing.h"
#include "model/des/faas_side.h"
#include "model/des/iaas_side.h"
#include "model/des/keep_alive.h"
#include "model/diagnostics.h"
#include "model/report.h"
#include "model/text.h"
#include "model/units.h"

namespace breakeven::des {

namespace {

// Two to four minutes per side at the simulator's 4-12 M invocations per CPU second (docs/performance.md);
// beyond it a run is refused before it starts rather than left to run for hours.
constexpr double kMaxSimulatedArrivals = 1e9;

// Settings the key table cannot check alone.
void check_input(const ModelInput& in, const SimulationOptions& options, const Trace* trace) {
  std::vector<Diagnostic> problems;
  const SourcePlace nowhere{"--set or scenario", 0, 0};
  std::string error;
  if (!in.spec.faas.keep_alive_quantiles_s.empty() &&
      parse_keep_alive_quantiles(in.spec.faas.keep_alive_quantiles_s, &error).empty())
    problems.push_back(Diagnostic{nowhere, "faas.keep_alive_quantiles_s", error});
  if (in.spec.workload.arrival == Arrival::trace && !trace)
    problems.push_back(Diagnostic{nowhere, "workload.trace_file",
                                  "workload.arrival is trace: give the trace file to replay"});
  // At least 1 s: a window that rounds to a few microseconds (or 0) makes every per-hour figure and the
  // utilisation meaningless. At most 87600 h (10 years), as --duration-h: times stay far inside
  // 64-bit microseconds.
  if (!(options.duration_s >= 1) || options.duration_s > kMaxSimulatedS)
    problems.push_back(
        Diagnostic{SourcePlace{"--duration-h", 0, 0}, "",
                   "the simulated window must be at least 1 s (--duration-h 0.000278) and at most "
                   "87600 h; got " +
                       short_number(options.duration_s, 6) + " s"});
  // The work is about proportional to the arrivals; every arrival process but a trace has a mean
  // interval of workload.interval_s (a trace's length is bounded when it is read).
  const double arrivals = options.duration_s / in.spec.workload.interval_s;
  if (in.spec.workload.arrival != Arrival::trace && arrivals > kMaxSimulatedArrivals)
    problems.push_back(Diagnostic{
        SourcePlace{"--duration-h", 0, 0}, "",
        "a window of " + short_number(options.duration_s / 3600, 6) + " h at one arrival every " +
            short_number(in.spec.workload.interval_s, 6) + " s means about " + short_number(arrivals, 3) +
            " arrivals, more than the " + short_number(kMaxSimulatedArrivals, 3) +
            " a simulation runs; simulate a shorter window (--duration-h " +
            short_number(kMaxSimulatedArrivals * in.spec.workload.interval_s / 3600, 3) +
            " or less) or a longer workload.interval_s"});
  if (!problems.empty()) throw InputError(problems);
}

}  // namespace

SimulationResult simulate(const ModelInput& in, const SimulationOptions& given, const Trace* trace) {
  SimulationOptions options = given;
  if (options.duration_s <= 0) options.duration_s = in.spec.workload.horizon_h * kSecondsPerHour;
  check_input(in, options, trace);
  SimulationResult result;
  result.seed = options.seed;
  result.duration_s = options.duration_s;
  const TimeUs window_end = to_us(options.duration_s);
  // A measuring compute source is shared: both sides are priced with the same learner outcomes.
  std::optional<SharedCompute> shared;
  if (options.compute) {
    shared.emplace(*options.compute);
    options.compute = &*shared;
  }

  // Both sides see the same arrivals (each derives the same arrival streams from the seed), so their
  // difference is not sampling noise between two arrival sequences.
  {
    Simulator sim;
    FaasSide faas(sim, in, options, trace, &result.quality);
    faas.start(window_end);
    sim.run_all();
    result.faas = faas.finish(window_end);
    result.events += sim.events_run();
  }
  {
    Simulator sim;
    IaasSide iaas(sim, in, options, trace);
    iaas.start(window_end);
    sim.run_all();
    result.iaas = iaas.finish(window_end);
    result.events += sim.events_run();
  }
  const bool f = result.faas.keeps_up, i = result.iaas.keeps_up;
  result.cheaper =
      to_string(cheaper_side(f, result.faas.cost_usd_per_hour, i, result.iaas.cost_usd_per_hour));
  if (!f) result.notes.push_back("FaaS cannot keep up: " + result.faas.keep_up_note);
  if (!i) result.notes.push_back("IaaS cannot keep up: " + result.iaas.keep_up_note);
  if (trace && !trace->arrivals_us.empty() && trace->arrivals_us.back() < window_end)
    result.notes.push_back("the trace ends at " + short_number(to_s(trace->arrivals_us.back()), 6) +
                           " s, before the simulated window's end; no arrivals after it");
  if (in.spec.workload.kind == WorkloadKind::requests)
    result.notes.push_back(
        "the analytic fields describe one training invocation at a time at a fixed interval; "
        "for workload.kind requests only the simulation applies");
  return result;
}

Trace scenario_trace(const LoadedScenario& scenario) {
  const WorkloadSpec& w = scenario.spec.workload;
  if (w.arrival != Arrival::trace) return Trace{};
  if (w.trace_file.empty()) {
    auto it = scenario.origins.find("workload.arrival");
    const SourcePlace place = it != scenario.origins.end() ? it->second : SourcePlace{scenario.path, 0, 0};
    throw InputError(
        {Diagnostic{place, "workload.trace_file",
                    "workload.arrival is trace: set workload.trace_file to the file to replay"}});
  }
  const std::filesystem::path file(w.trace_file);
  const std::string path =
      file.is_absolute()
          ? file.string()
          : (std::filesystem::path(scenario.path).parent_path() / file).lexically_normal().string();
  return load_trace(path, w.trace_format, w.trace_function);
}

SimulationResult simulate_scenario(const LoadedScenario& scenario, const SimulationOptions& options) {
  const ModelInput in = model_input(scenario);
  const Trace trace = scenario_trace(scenario);
  return simulate(in, options, scenario.spec.workload.arrival == Arrival::trace ? &trace : nullptr);
}

}  // namespace breakeven::des
