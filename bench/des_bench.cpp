// Speed of the discrete-event simulator: simulated FaaS invocations per second of wall time on one
// thread, for the request workload (SimFaaS's example and a busier one), the training stream, and the
// bare kernel (schedule + pop of one event) as the baseline the figures are compared with.
// Figures are reported in docs/performance.md.
#include <benchmark/benchmark.h>

#include "model/des/faas_side.h"
#include "model/des/kernel.h"
#include "model/des/simulate.h"
#include "model/report.h"
#include "model/spec/load.h"

namespace {

using namespace breakeven;
using namespace breakeven::des;

const std::string kScenario = std::string(BREAKEVEN_SOURCE_DIR) + "/scenarios/thesis-movielens.yaml";

// SimFaaS's README example as a scenario: Poisson requests, exponential service (warm 1.991 s,
// cold 2.244 s), 600 s keep-alive; `rate_per_s` replaces its 0.9 requests per second.
ModelInput requests_input(double rate_per_s) {
  ModelInput in = model_input(load_scenario(kScenario, {}));
  ScenarioSpec& s = in.spec;
  s.workload.kind = WorkloadKind::requests;
  s.workload.arrival = Arrival::poisson;
  s.workload.service_time = ServiceTime::exponential;
  s.workload.interval_s = 1 / rate_per_s;
  s.workload.batch_size = 1;
  s.learner.infer_s_per_sample = 1.991;
  s.learner.model_bytes = 0;
  s.storage.latency_s = 0;
  s.faas.cold_start_s = 2.244 - 1.991;
  s.faas.cold_start_extra_s = 0;
  s.faas.warm_overhead_s = 0;
  s.faas.keep_alive_s = 600;
  s.faas.model_cache = ModelCache::per_environment;
  s.faas.concurrency_limit = 100000;  // high enough that busy cases never queue
  return in;
}

// FaaS side only: arrivals, routing, keep-alive, billing and statistics per invocation.
void run_faas(benchmark::State& state, const ModelInput& in, double duration_s) {
  SimulationOptions options;
  options.duration_s = duration_s;
  options.warm_environments_at_start = 0;
  std::uint64_t invocations = 0, events = 0;
  for (auto _ : state) {
    Simulator sim;
    FaasSide faas(sim, in, options, nullptr, nullptr);
    faas.start(to_us(duration_s));
    sim.run_all();
    const SideSimulation r = faas.finish(to_us(duration_s));
    invocations += r.invocations;
    events += sim.events_run();
    options.seed++;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(invocations));
  state.counters["events_per_invocation"] = static_cast<double>(events) / static_cast<double>(invocations);
}

void BM_FaasRequestsSimFaaS(benchmark::State& state) {
  run_faas(state, requests_input(0.9), 1e6);  // about 900,000 requests, 8 environments
}
BENCHMARK(BM_FaasRequestsSimFaaS)->Unit(benchmark::kMillisecond);

void BM_FaasRequestsBusy(benchmark::State& state) {
  run_faas(state, requests_input(static_cast<double>(state.range(0))),
           1e6 / static_cast<double>(state.range(0)));
}
BENCHMARK(BM_FaasRequestsBusy)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_FaasTrainingStreamPoisson(benchmark::State& state) {
  ModelInput in = model_input(load_scenario(kScenario, {"workload.arrival=poisson"}));
  run_faas(state, in, 730 * 3600.0);  // the 730 h horizon: 43,800 batches
}
BENCHMARK(BM_FaasTrainingStreamPoisson)->Unit(benchmark::kMillisecond);

// Both sides through the public entry point, as a sweep would call it.
void BM_SimulateBothSides(benchmark::State& state) {
  const ModelInput in = requests_input(0.9);
  SimulationOptions options;
  options.duration_s = 1e6;
  std::uint64_t invocations = 0;
  for (auto _ : state) {
    const SimulationResult r = simulate(in, options);
    invocations += r.faas.invocations + r.iaas.invocations;
    options.seed++;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(invocations));
}
BENCHMARK(BM_SimulateBothSides)->Unit(benchmark::kMillisecond);

// Baseline: the kernel alone, with a heap holding `range` pending events (each event reschedules itself).
struct Ticker : EventHandler {
  Simulator* sim = nullptr;
  std::uint64_t x = 88172645463325252ull;
  void on_event(int, std::int64_t) override {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    sim->schedule_in(static_cast<TimeUs>(x % 1000000), this, 0);
  }
};

void BM_KernelEvent(benchmark::State& state) {
  Simulator sim;
  Ticker t;
  t.sim = &sim;
  for (int i = 0; i < state.range(0); ++i) sim.schedule_at(i, &t, 0);
  for (auto _ : state) sim.step();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_KernelEvent)->Arg(16)->Arg(1024);

}  // namespace
BENCHMARK_MAIN();
