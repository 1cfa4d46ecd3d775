#include "model/sweep/sweep_run.h"

#include <memory>

#include "model/break_even.h"
#include "model/diagnostics.h"
#include "model/sweep/ordered_runner.h"

namespace breakeven {

namespace {

// One point's row. A point the plan or the evaluator rejects is reported in its row; the sweep goes on.
void point_row(const SweepPlan& plan, const RowLayout& layout, const PointEvaluator& evaluator,
               bool break_even, std::size_t point, bool last, PointScratch& scratch, PointResult& result,
               std::string& text) {
  std::optional<std::string> error = plan.prepare(point, scratch);
  if (layout.kind() == RowKind::solve) {
    if (error) return layout.solve_row(text, point, error, nullptr, last);
    const BreakEven be = find_break_even(scratch.input);
    return layout.solve_row(text, point, std::nullopt, &be, last);
  }
  if (error) return layout.sweep_row(text, point, error, nullptr, std::nullopt, last);
  try {
    evaluator.evaluate(scratch.input, result);
  } catch (const RunError& e) {
    return layout.sweep_row(text, point, std::string(e.what()), nullptr, std::nullopt, last);
  } catch (const InputError& e) {
    // A combination the simulator cannot use (e.g. arrival trace without a trace file) is this point's
    // problem, reported in its row.
    std::string message;
    for (const auto& d : e.diagnostics()) message += (message.empty() ? "" : "; ") + d.message;
    return layout.sweep_row(text, point, message, nullptr, std::nullopt, last);
  }
  std::optional<BreakEven> be;
  if (break_even) be = find_break_even(scratch.input);
  layout.sweep_row(text, point, std::nullopt, &result, be, last);
}

}  // namespace

SweepRunSummary run_sweep(const SweepPlan& plan, const RowLayout& layout, const PointEvaluator& evaluator,
                          bool break_even, RowSink& sink, const SweepRunOptions& options) {
  const std::size_t index = options.shard_index, count = options.shard_count;
  // The shard's points are walked, never listed: a 10^9-point grid costs no memory for them.
  const std::size_t all_points =
      plan.point_count() > index ? (plan.point_count() - index + count - 1) / count : 0;
  const std::size_t skipped = options.resume_after ? (*options.resume_after - index) / count + 1 : 0;
  const PointSequence points{index + skipped * count, count, all_points > skipped ? all_points - skipped : 0};
  const std::size_t final_point = all_points ? index + (all_points - 1) * count : 0;

  if (options.write_header) sink.write(layout.header());
  auto make_worker = [&]() -> PointWork {
    auto scratch = std::make_shared<PointScratch>();
    auto result = std::make_shared<PointResult>();
    return [&, scratch, result](std::size_t point, std::string& text) {
      point_row(plan, layout, evaluator, break_even, point, point == final_point, *scratch, *result, text);
    };
  };
  OrderedRunOptions run_options;
  run_options.jobs = options.jobs;
  // A break-even solve costs about 1 ms a point: small chunks keep both threads busy.
  run_options.chunk_points = layout.kind() == RowKind::solve || break_even ? 4 : evaluator.chunk_points();
  run_options.stop = options.stop;
  SweepRunSummary summary{points.size(), 0};
  run_ordered(
      points, make_worker,
      [&](const std::string& text, std::size_t points_done) {
        sink.write(text);
        summary.done = points_done;
        if (options.progress) options.progress(points_done, points.size());
      },
      run_options);
  if (summary.done == summary.points) sink.write(layout.footer());
  return summary;
}

ExistingRows existing_rows(const std::string& text, const RowLayout& layout, const std::string& place) {
  ExistingRows out;
  if (text.empty()) return out;
  if (text.compare(0, layout.header().size(), layout.header()) != 0)
    throw InputError({Diagnostic{
        SourcePlace{place, 0, 0}, "",
        "this file was not written by the same sweep (its header differs: another scenario, grid, mode or "
        "format); remove it or choose another --out"}});
  out.keep_bytes = layout.header().size();
  std::size_t pos = out.keep_bytes;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    if (nl == std::string::npos) break;  // a row cut short by the interruption
    const auto point = row_point(layout.format(), text.substr(pos, nl - pos));
    if (!point || (out.last_point && *point <= *out.last_point)) break;
    out.last_point = point;
    pos = nl + 1;
    out.keep_bytes = pos;
  }
  return out;
}

}  // namespace breakeven
