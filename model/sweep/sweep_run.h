// The sweep driver: the points of one shard, after those an earlier run already wrote, evaluated on
// worker threads and handed to a row sink whole and in point order, so an interrupted run keeps a
// prefix of whole rows and a resumed or sharded run joins byte for byte. `sweep` and `solve --grid`
// run through it; the command line only parses options, opens the output and shows progress.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "model/sweep/point_evaluator.h"
#include "model/sweep/sweep_plan.h"
#include "model/sweep/sweep_rows.h"

namespace breakeven {

// Where the rows go: text made of whole rows, in point order (a file, stdout, a buffer).
class RowSink {
 public:
  virtual ~RowSink() = default;
  // Throws RunError when the text cannot be written.
  virtual void write(const std::string& text) = 0;
};

struct SweepRunOptions {
  std::size_t shard_index = 0, shard_count = 1;  // every shard_count-th point from shard_index
  std::optional<std::size_t> resume_after;       // the last point an earlier run wrote, if any
  bool write_header = true;                      // false when resuming a file that has it
  unsigned jobs = 1;                             // worker threads
  const std::atomic<bool>* stop = nullptr;       // set to true: no new chunk of points starts
  std::function<void(std::size_t done, std::size_t total)> progress;  // after each chunk (may be empty)
};

struct SweepRunSummary {
  std::size_t points = 0;  // points this run had to compute (after those already written)
  std::size_t done = 0;    // points written; < points when stopped
};

// Runs the sweep of `plan` laid out by `layout` (its kind: evaluate each point with `evaluator` and,
// when `break_even`, solve its break-even interval; or, for solve, only the break-even). Writes the
// header when asked, the rows, and the footer when every point is done.
SweepRunSummary run_sweep(const SweepPlan& plan, const RowLayout& layout, const PointEvaluator& evaluator,
                          bool break_even, RowSink& sink, const SweepRunOptions& options);

// What an earlier run of the same sweep left in an output file (its whole text): the byte length of
// the header and the whole rows in point order, and the last point among them. Throws InputError at
// `place` when the header is not `layout`'s (another scenario, grid, mode or format).
struct ExistingRows {
  std::size_t keep_bytes = 0;
  std::optional<std::size_t> last_point;
};
ExistingRows existing_rows(const std::string& text, const RowLayout& layout, const std::string& place);

}  // namespace breakeven
