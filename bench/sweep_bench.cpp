// Analytic sweep throughput on the seed scenario: points per second with 1 and 2 worker threads, for
// the evaluation alone, with the CSV row formatted, and with the per-point break-even solve. The
// single-point evaluation is measured in the same run as the baseline. Figures: docs/performance.md.
#include <benchmark/benchmark.h>

#include <memory>

#include "model/report.h"
#include "model/spec/load.h"
#include "model/sweep/ordered_runner.h"
#include "model/sweep/sweep_plan.h"
#include "model/sweep/sweep_rows.h"

namespace {

using namespace breakeven;

const std::string kScenario = std::string(BREAKEVEN_SOURCE_DIR) + "/scenarios/thesis-movielens.yaml";

// 600,000 points: interval x hit rate x memory, a typical break-even study.
const SweepPlan& big_plan() {
  static const LoadedScenario base = load_scenario(kScenario, {});
  static const SweepPlan plan(
      base, parse_grid({"faas.memory_mb=1024,2048,3008,4096,8192,10240", "faas.cache_hit_rate=0:1:100",
                        "workload.interval_s=1:86400:log1000"}));
  return plan;
}

// 300 points without the interval, for the per-point break-even.
const SweepPlan& small_plan() {
  static const LoadedScenario base = load_scenario(kScenario, {});
  static const SweepPlan plan(base,
                              parse_grid({"faas.memory_mb=1024,2048,3008", "faas.cache_hit_rate=0:1:100"}));
  return plan;
}

PointSequence all_points(const SweepPlan& plan) {
  return PointSequence{0, 1, plan.point_count()};
}

enum class Work { evaluate, csv_row, break_even };

void run_sweep(benchmark::State& state, const SweepPlan& plan, Work what) {
  const auto points = all_points(plan);
  const AnalyticEvaluator evaluator;
  const RowLayout layout(RowKind::sweep, RowFormat::csv, plan, "sweep", "analytic", "seed",
                         what == Work::break_even, false);
  OrderedRunOptions options;
  options.jobs = static_cast<unsigned>(state.range(0));
  options.chunk_points = what == Work::break_even ? 4 : 1024;
  std::size_t bytes = 0;
  for (auto _ : state) {
    run_ordered(
        points,
        [&]() -> PointWork {
          auto scratch = std::make_shared<PointScratch>();
          auto result = std::make_shared<PointResult>();
          return [&, scratch, result](std::size_t point, std::string& out) {
            const auto error = plan.prepare(point, *scratch);
            if (!error) evaluator.evaluate(scratch->input, *result);
            if (what == Work::evaluate) {
              out.push_back(
                  static_cast<char>(result->faas.cost_usd_per_hour > result->iaas.cost_usd_per_hour));
              return;
            }
            std::optional<BreakEven> be;
            if (what == Work::break_even && !error) be = find_break_even(scratch->input);
            layout.sweep_row(out, point, error, error ? nullptr : result.get(), be, false);
          };
        },
        [&](const std::string& text, std::size_t) { bytes += text.size(); }, options);
  }
  benchmark::DoNotOptimize(bytes);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * points.size()));
  state.counters["points_per_s"] = benchmark::Counter(static_cast<double>(state.iterations() * points.size()),
                                                      benchmark::Counter::kIsRate);
}

// The baseline: both sides at one point, on the calling thread, no plan, no row.
void BM_EvaluateBothSides(benchmark::State& state) {
  const ModelInput in = model_input(load_scenario(kScenario, {}));
  double interval_s = 60;
  for (auto _ : state) {
    benchmark::DoNotOptimize(evaluate_faas(in, interval_s));
    benchmark::DoNotOptimize(evaluate_iaas(in, interval_s));
    interval_s = interval_s < 1e4 ? interval_s * 1.01 : 60;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateBothSides);

void BM_SweepEvaluate(benchmark::State& state) {
  run_sweep(state, big_plan(), Work::evaluate);
}
BENCHMARK(BM_SweepEvaluate)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SweepCsvRows(benchmark::State& state) {
  run_sweep(state, big_plan(), Work::csv_row);
}
BENCHMARK(BM_SweepCsvRows)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SweepWithBreakEven(benchmark::State& state) {
  run_sweep(state, small_plan(), Work::break_even);
}
BENCHMARK(BM_SweepWithBreakEven)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Building the plan: loading once, checking each grid value once, pricing each structural combination.
void BM_SweepPlan(benchmark::State& state) {
  const LoadedScenario base = load_scenario(kScenario, {});
  for (auto _ : state) {
    const SweepPlan plan(
        base, parse_grid({"faas.memory_mb=1024,2048,3008,4096,8192,10240", "faas.cache_hit_rate=0:1:100",
                          "workload.interval_s=1:86400:log1000", "iaas.instance=t2.small,m5.large"}));
    benchmark::DoNotOptimize(plan.point_count());
  }
}
BENCHMARK(BM_SweepPlan)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
