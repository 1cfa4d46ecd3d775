// Runs a function over a list of grid points on several threads and hands the results back in point
// order, chunk by chunk, so output written as it comes is the same whatever the number of threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

namespace breakeven {

// Work done for one point on a worker thread: append the point's output (e.g. a formatted row) to `out`.
using PointWork = std::function<void(std::size_t point, std::string& out)>;

// The points of a run, first, first + step, ... (`count` of them): a shard of any size is walked without
// a list of its points in memory.
struct PointSequence {
  std::size_t first = 0, step = 1, count = 0;
  std::size_t operator[](std::size_t i) const { return first + i * step; }
  std::size_t size() const { return count; }
};

struct OrderedRunOptions {
  unsigned jobs = 1;                        // worker threads; 1 runs everything on the calling thread
  std::size_t chunk_points = 1024;          // points per chunk: the unit of work and of output
  const std::atomic<bool>* stop = nullptr;  // when set to true, no new chunk starts
};

// Calls make_worker() once per thread to get that thread's PointWork (so each can hold its own scratch),
// applies it to every point of `points` and calls `emit(text, points_done)` on the calling thread with each
// chunk's output, in order. An exception thrown by a worker or by `emit` stops the run (no chunk after
// it is emitted) and is rethrown here once every thread has finished.
void run_ordered(const PointSequence& points, const std::function<PointWork()>& make_worker,
                 const std::function<void(const std::string& text, std::size_t points_done)>& emit,
                 const OrderedRunOptions& options);

}  // namespace breakeven
