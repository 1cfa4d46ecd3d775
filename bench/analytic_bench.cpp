// Speed of the analytic model on the seed scenario: one evaluation of each side, the break-even
// solver, and loading a scenario with its data files. Figures are reported in docs/performance.md.
#include <benchmark/benchmark.h>

#include "model/break_even.h"
#include "model/report.h"
#include "model/spec/load.h"

namespace {

const std::string kScenario = std::string(BREAKEVEN_SOURCE_DIR) + "/scenarios/thesis-movielens.yaml";

breakeven::ModelInput seed_input(const std::vector<std::string>& overrides = {}) {
  return breakeven::model_input(breakeven::load_scenario(kScenario, overrides));
}

void BM_EvaluateFaas(benchmark::State& state) {
  const auto in = seed_input();
  double interval_s = 60;
  for (auto _ : state) {
    benchmark::DoNotOptimize(breakeven::evaluate_faas(in, interval_s));
    interval_s = interval_s < 1e4 ? interval_s * 1.01 : 60;  // vary the input so nothing is hoisted
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateFaas);

void BM_EvaluateIaas(benchmark::State& state) {
  const auto in = seed_input();
  double interval_s = 60;
  for (auto _ : state) {
    benchmark::DoNotOptimize(breakeven::evaluate_iaas(in, interval_s));
    interval_s = interval_s < 1e4 ? interval_s * 1.01 : 60;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateIaas);

void BM_FindBreakEven(benchmark::State& state) {
  const auto in = seed_input();
  for (auto _ : state) benchmark::DoNotOptimize(breakeven::find_break_even(in));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FindBreakEven)->Unit(benchmark::kMillisecond);

void BM_FindBreakEvenEveryK(benchmark::State& state) {
  const auto in =
      seed_input({"faas.save_policy=every_k", "faas.save_every_k=" + std::to_string(state.range(0)),
                  "faas.cache_hit_rate=0.5"});
  for (auto _ : state) benchmark::DoNotOptimize(breakeven::find_break_even(in));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FindBreakEvenEveryK)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);

void BM_LoadScenario(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(breakeven::load_scenario(kScenario, {}));
}
BENCHMARK(BM_LoadScenario)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
